import { ROLES, type Role } from '../../src/api/contract.ts';

export interface Identity {
  user: string;
  role: Role;
}

/**
 * Who acts through the desktop app, as the audit trail records it: ASSAY_USER (default: the account's login name)
 * and ASSAY_ROLE (default owner; the case's member list decides what that user may really do).
 */
export function identityFrom(env: Record<string, string | undefined>, login: string): Identity {
  const role = env.ASSAY_ROLE ?? 'owner';
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`ASSAY_ROLE must be one of ${ROLES.join(', ')}, not "${role}".`);
  return { user: env.ASSAY_USER || login || 'desktop', role: role as Role };
}
