import type { MemberData } from '../api/contract-governance.ts';
import type { Role } from '../api/contract-types.ts';
import { AssayError } from '../api/errors.ts';
import type { CaseDb } from '../case/index.ts';

const ROLE_NAMES: readonly Role[] = ['owner', 'auditor', 'risk_officer', 'regulator'];

function checkRole(role: string): Role {
  if (!(ROLE_NAMES as readonly string[]).includes(role)) {
    throw new AssayError('BAD_ARGUMENT', `"${role}" is not a role; the roles are ${ROLE_NAMES.join(', ')}.`, { role });
  }
  return role as Role;
}

export async function listMembers(db: CaseDb): Promise<MemberData[]> {
  const rows = await db.query<{ user: string; role: string; added_at: string; added_by: string }>(
    `SELECT "user", role, strftime(added_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS added_at, added_by FROM members ORDER BY "user", role`,
  );
  return rows.map((r) => ({ user: r.user, role: checkRole(r.role), addedAt: r.added_at, addedBy: r.added_by }));
}

export async function addMember(db: CaseDb, user: string, role: string, addedBy: string): Promise<MemberData[]> {
  const r = checkRole(role);
  return db.transaction(async () => {
    const members = await listMembers(db);
    if (members.some((m) => m.user === user && m.role === r)) {
      throw new AssayError('ALREADY_EXISTS', `${user} is already a member with the role ${r}.`, { user, role: r });
    }
    if (members.length === 0 && r !== 'owner') {
      throw new AssayError('BAD_ARGUMENT', `The first member of a case must be an owner, so that someone can manage the members; add an owner first ("assay member add CASE USER owner").`, { user, role: r });
    }
    await db.exec('INSERT INTO members VALUES ($1, $2, now(), $3)', [user, r, addedBy]);
    return listMembers(db);
  });
}

/** Removes a user's role (or every role of the user); the last owner cannot be removed. */
export async function removeMember(db: CaseDb, user: string, role: string | undefined): Promise<MemberData[]> {
  const r = role === undefined ? undefined : checkRole(role);
  return db.transaction(async () => {
    const members = await listMembers(db);
    const held = members.filter((m) => m.user === user);
    if (held.length === 0) {
      throw new AssayError('NOT_FOUND', `${user} is not a member of the case; its members are ${[...new Set(members.map((m) => m.user))].join(', ') || 'none'}.`, { user });
    }
    const gone = held.filter((m) => r === undefined || m.role === r);
    if (gone.length === 0) {
      throw new AssayError('NOT_FOUND', `${user} does not hold the role ${r} (they hold ${held.map((m) => m.role).join(', ')}).`, { user, role: r });
    }
    const owners = members.filter((m) => m.role === 'owner').length;
    if (gone.some((m) => m.role === 'owner') && owners === 1) {
      throw new AssayError('BAD_ARGUMENT', `${user} is the last owner of the case; add another owner before removing them.`, { user });
    }
    for (const m of gone) await db.exec('DELETE FROM members WHERE "user" = $1 AND role = $2', [m.user, m.role]);
    return listMembers(db);
  });
}

/**
 * Once a case has members, a caller must be one and must hold the role they claim. A case without members is open:
 * any user may claim any role (the role flag is then the only control).
 */
export async function checkMembership(db: CaseDb, user: string, role: Role): Promise<void> {
  const members = await listMembers(db);
  if (members.length === 0) return;
  const held = members.filter((m) => m.user === user).map((m) => m.role);
  if (held.length === 0) {
    throw new AssayError('PERMISSION_DENIED', `${user} is not a member of this case; an owner can add them with "assay member add".`, { user, role });
  }
  if (!held.includes(role)) {
    throw new AssayError('PERMISSION_DENIED', `${user} does not hold the role ${role} in this case (they hold ${held.join(', ')}); pass --role ${held[0]}.`, { user, role, held });
  }
}
