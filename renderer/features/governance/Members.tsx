import { useEffect, useState, type FormEvent } from 'react';
import type { MemberData, MemberList, Role } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { Badge } from '../../components/analysis.tsx';
import { ErrorBox, Loading } from '../../components/ui.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { GovernanceLinks } from './governance-nav.tsx';

const ROLES: { role: Role; label: string; does: string }[] = [
  { role: 'owner', label: 'owner', does: 'everything, including members, data-subject erasure and the encrypted case export' },
  { role: 'auditor', label: 'auditor', does: 'imports, findings, analyses, reports, data-subject export, encrypted case export' },
  { role: 'risk_officer', label: 'risk officer', does: 'imports, findings, analyses, reports' },
  { role: 'regulator', label: 'regulator', does: 'reads, analyses, reports and verification; no change to the case' },
];

export function Members() {
  const [list, setList] = useState<MemberList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [user, setUser] = useState('');
  const [role, setRole] = useState<Role>('auditor');
  const [removing, setRemoving] = useState<MemberData | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    call('member.list', {}).then(setList, (e: unknown) => setLoadError(messageOf(e)));
  }, []);

  const add = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    const who = user.trim();
    call('member.add', { user: who, role }).then(
      (l) => {
        setList(l);
        setUser('');
        setDone(`${who} is now ${role.replace('_', ' ')}.`);
      },
      (err: unknown) => setError(messageOf(err)),
    ).finally(() => setBusy(false));
  };
  const remove = (m: MemberData) => {
    setBusy(true);
    setError(null);
    setDone(null);
    call('member.remove', { user: m.user, role: m.role }).then(
      (l) => {
        setList(l);
        setDone(`${m.user} is no longer ${m.role.replace('_', ' ')}.`);
      },
      (err: unknown) => setError(messageOf(err)),
    ).finally(() => {
      setBusy(false);
      setRemoving(null);
    });
  };

  if (loadError) return <ErrorBox message={loadError} />;
  if (!list) return <Loading what="the members" />;
  return (
    <section aria-labelledby="members-title">
      <GovernanceLinks current="members" />
      <h1 id="members-title">Members and roles</h1>
      {list.enforced ? (
        <p data-testid="members-mode">
          <Badge tone="ok">Enforced</Badge> Only the members below may act on this case, each with the rights of their role.
        </p>
      ) : (
        <p className="notice" data-testid="members-mode">
          Open mode: the case has no members yet, so any user may claim any role. The first member added must be an owner; from then on only members may act.
        </p>
      )}
      {error && <ErrorBox message={error} />}
      {done && (
        <p className="ok" role="status">
          {done}
        </p>
      )}
      {list.members.length === 0 ? (
        <p className="muted">No members.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="members-table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Sees personal data</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.members.map((m) => (
                <tr key={`${m.user}\u0000${m.role}`} data-user={m.user}>
                  <th scope="row">{m.user}</th>
                  <td>{m.role.replace('_', ' ')}</td>
                  <td>{list.seesPersonalData[m.role] ? 'yes' : <span className="muted">no (masked)</span>}</td>
                  <td>
                    {m.addedAt} by {m.addedBy}
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() => {
                        setError(null);
                        setDone(null);
                        setRemoving(m);
                      }}
                      disabled={busy} aria-label={`Remove ${m.user} (${m.role})`}>
                      Remove…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Add a member</h2>
      <form className="filters" onSubmit={add} aria-label="Add a member">
        <label>
          User{' '}
          <input value={user} onChange={(e) => setUser(e.target.value)} required maxLength={200} autoComplete="off" data-testid="member-user" />
        </label>
        <label>
          Role{' '}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="member-role">
            {ROLES.map((r) => (
              <option key={r.role} value={r.role}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || !user.trim()} data-testid="member-add">
          Add
        </button>
      </form>
      <h2>What each role may do</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">May</th>
              <th scope="col">Sees personal data</th>
            </tr>
          </thead>
          <tbody>
            {ROLES.map((r) => (
              <tr key={r.role}>
                <th scope="row">{r.label}</th>
                <td>{r.does}</td>
                <td>{list.seesPersonalData[r.role] ? 'yes' : 'no: personal columns read “[masked]” everywhere'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {removing && (
        <ConfirmDialog
          title="Remove a member"
          confirmLabel="Remove"
          busy={busy}
          onCancel={() => setRemoving(null)}
          onConfirm={() => remove(removing)}
          testId="member-remove-dialog"
        >
          <p>
            Remove <strong>{removing.user}</strong> as <strong>{removing.role.replace('_', ' ')}</strong>? They can no longer act on this case in that role. The
            removal is recorded in the audit trail.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
