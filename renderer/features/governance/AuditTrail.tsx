import { Fragment, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { AuditEntryData, AuditVerification, MethodArgs } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { Badge } from '../../components/analysis.tsx';
import { Await, ErrorBox, Hash, JsonTree } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';
import { GovernanceLinks } from './governance-nav.tsx';

/** How many entries one listing asks for; the service keeps the first N that match, in order. */
const LIMIT = 5000;

interface Filters {
  user: string;
  method: string;
  outcome: '' | 'ok' | 'denied';
  from: string;
  to: string;
}

const EMPTY: Filters = { user: '', method: '', outcome: '', from: '', to: '' };

/** A datetime-local value (the user's local time) as the UTC instant the service compares with. */
function toInstant(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

function listArgs(f: Filters): MethodArgs<'audit.list'> {
  const from = toInstant(f.from);
  const to = toInstant(f.to);
  return {
    limit: LIMIT,
    ...(f.user.trim() ? { user: f.user.trim() } : {}),
    ...(f.method.trim() ? { method: f.method.trim() } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

function short(hash: string): string {
  return `${hash.slice(0, 12)}…`;
}

function VerifyResult({ v }: { v: AuditVerification }) {
  if (v.ok) {
    return (
      <div className="verdict verdict-ok" role="status" data-testid="audit-verify-result">
        <Badge tone="ok">Chain intact</Badge> {v.entries.toLocaleString('en')} entries recomputed; head entry #{v.head?.seq ?? '—'} <Hash value={v.head?.hash} />
        {v.expectedHead ? <> — matches the head hash kept elsewhere.</> : <>. Keep this head hash outside the case to detect a cut-off tail later.</>}
      </div>
    );
  }
  const b = v.firstBroken;
  return (
    <div className="verdict verdict-bad" role="alert" data-testid="audit-verify-result">
      <Badge tone="bad">Chain broken</Badge>{' '}
      {b ? (
        <>
          First broken entry: <strong data-testid="audit-broken-seq">#{b.seq}</strong> ({b.problem}) — {b.message}
        </>
      ) : (
        'The chain does not verify.'
      )}
      <div className="muted">
        {v.entries.toLocaleString('en')} entries; last entry {v.head ? `#${v.head.seq}` : '—'}, head recorded in the case {v.storedHead ? `#${v.storedHead.seq}` : '—'}.
      </div>
    </div>
  );
}

function VerifyPanel() {
  const [expectHead, setExpectHead] = useState('');
  const [state, setState] = useState<{ status: 'idle' | 'running' } | { status: 'done'; value: AuditVerification } | { status: 'error'; message: string }>({ status: 'idle' });
  const verify = (e: FormEvent) => {
    e.preventDefault();
    setState({ status: 'running' });
    const head = expectHead.trim();
    call('audit.verify', head ? { expectHead: head } : {}).then(
      (value) => setState({ status: 'done', value }),
      (err: unknown) => setState({ status: 'error', message: messageOf(err) }),
    );
  };
  return (
    <section aria-labelledby="verify-title" className="panel">
      <h2 id="verify-title">Verify the chain</h2>
      <form className="filters" onSubmit={verify}>
        <label>
          Head hash kept elsewhere (optional){' '}
          <input value={expectHead} onChange={(e) => setExpectHead(e.target.value)} size={40} placeholder="64 hex digits" spellCheck={false} />
        </label>
        <button type="submit" disabled={state.status === 'running'} data-testid="audit-verify">
          {state.status === 'running' ? 'Verifying…' : 'Verify the chain'}
        </button>
      </form>
      {state.status === 'done' && <VerifyResult v={state.value} />}
      {state.status === 'error' && <ErrorBox message={state.message} />}
    </section>
  );
}

/** The entries as a table: one focusable row at a time (arrow keys, Home/End move; Enter or Space opens the details). */
function EntryTable({ entries }: { entries: AuditEntryData[] }) {
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  const toggle = (seq: number) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(seq)) n.delete(seq);
      else n.add(seq);
      return n;
    });
  const focusRow = (i: number) => {
    const j = Math.max(0, Math.min(entries.length - 1, i));
    setActive(j);
    rows.current[j]?.focus();
  };
  const onKey = (e: KeyboardEvent, i: number, seq: number) => {
    const moves: Record<string, number> = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: entries.length - 1, PageDown: i + 20, PageUp: i - 20 };
    if (e.key in moves) {
      e.preventDefault();
      focusRow(moves[e.key]!);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      toggle(seq);
    }
  };
  if (entries.length === 0) return <p className="muted">No entry matches these filters.</p>;
  return (
    <div className="table-wrap">
      <table className="audit-table" data-testid="audit-table" aria-describedby="audit-help">
        <thead>
          <tr>
            <th scope="col" className="num">Seq</th>
            <th scope="col">Time (UTC)</th>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Method</th>
            <th scope="col">Outcome</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <Fragment key={e.seq}>
              <tr
                ref={(el) => {
                  rows.current[i] = el;
                }}
                tabIndex={i === active ? 0 : -1}
                className={`clickable${e.outcome === 'denied' ? ' bad' : ''}`}
                aria-expanded={open.has(e.seq)}
                onClick={() => {
                  setActive(i);
                  toggle(e.seq);
                }}
                onKeyDown={(ev) => onKey(ev, i, e.seq)}
                onFocus={() => setActive(i)}
                data-seq={e.seq}
              >
                <td className="num">{e.seq}</td>
                <td>{e.recordedAt.replace('T', ' ').replace('Z', '')}</td>
                <td>{e.user}</td>
                <td>{e.role}</td>
                <td>
                  <code>{e.method}</code>
                </td>
                <td>{e.outcome === 'ok' ? <span className="ok">ok</span> : <span className="bad">{e.outcome}</span>}</td>
                <td>
                  <code title={e.hash}>{short(e.hash)}</code>
                </td>
              </tr>
              {open.has(e.seq) && (
                <tr className="detail-row">
                  <td colSpan={7}>
                    <dl className="kv">
                      <dt>Arguments</dt>
                      <dd>
                        <JsonTree value={e.arguments} />
                      </dd>
                      <dt>Input hashes</dt>
                      <dd>
                        <JsonTree value={e.inputHashes} />
                      </dd>
                      <dt>Result SHA-256</dt>
                      <dd>
                        <Hash value={e.resultSha256} />
                      </dd>
                      <dt>Previous hash</dt>
                      <dd>
                        <Hash value={e.prevHash} />
                      </dd>
                      <dt>Hash</dt>
                      <dd>
                        <Hash value={e.hash} />
                      </dd>
                    </dl>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditTrail() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const args = useMemo(() => listArgs(applied), [applied]);
  const list = useCall('audit.list', args, JSON.stringify(args));
  // the users and methods offered as suggestions come from the unfiltered trail
  const all = useCall('audit.list', { limit: LIMIT }, 'all');
  const seen = useMemo(() => {
    if (all.status !== 'done') return { users: [], methods: [] };
    return { users: [...new Set(all.value.map((e) => e.user))].sort(), methods: [...new Set(all.value.map((e) => e.method))].sort() };
  }, [all]);
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setDraft((d) => ({ ...d, [k]: v }));
  return (
    <section aria-labelledby="audit-title">
      <GovernanceLinks current="audit" />
      <h1 id="audit-title">Audit trail</h1>
      <p className="muted">
        Every call that changes the case, runs an analysis, exports or reads personal data, and every refused call, chained by SHA-256: editing, removing or
        reordering an entry breaks the chain from there on.
      </p>
      <VerifyPanel />
      <h2>Entries</h2>
      <form
        className="filters"
        aria-label="Filter the audit trail"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
        }}
      >
        <label>
          User{' '}
          <input list="audit-users" value={draft.user} onChange={(e) => set('user', e.target.value)} data-testid="audit-filter-user" />
        </label>
        <datalist id="audit-users">
          {seen.users.map((u) => (
            <option key={u} value={u} />
          ))}
        </datalist>
        <label>
          Method{' '}
          <input list="audit-methods" value={draft.method} onChange={(e) => set('method', e.target.value)} placeholder="e.g. finding or finding.add" size={26} data-testid="audit-filter-method" />
        </label>
        <datalist id="audit-methods">
          {seen.methods.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <label>
          Outcome{' '}
          <select value={draft.outcome} onChange={(e) => set('outcome', e.target.value as Filters['outcome'])} data-testid="audit-filter-outcome">
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="denied">denied</option>
          </select>
        </label>
        <label>
          From (local time){' '}
          <input type="datetime-local" step={1} value={draft.from} onChange={(e) => set('from', e.target.value)} data-testid="audit-filter-from" />
        </label>
        <label>
          Before{' '}
          <input type="datetime-local" step={1} value={draft.to} onChange={(e) => set('to', e.target.value)} data-testid="audit-filter-to" />
        </label>
        <button type="submit" data-testid="audit-apply">
          Apply
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(EMPTY);
            setApplied(EMPTY);
          }}
        >
          Clear
        </button>
      </form>
      <p id="audit-help" className="muted">
        Arrow keys move between entries, Enter opens an entry's arguments and hashes. A method without a dot (e.g. “finding”) matches every method of that area.
      </p>
      <Await state={list} what="the audit trail">
        {(entries) => (
          <>
            <p className="summary-line" data-testid="audit-count">
              {entries.length.toLocaleString('en')} {entries.length === 1 ? 'entry' : 'entries'}
              {entries.length === LIMIT ? ` (the first ${LIMIT.toLocaleString('en')} that match; narrow the filters to see later ones)` : ''}
            </p>
            <EntryTable key={JSON.stringify(args)} entries={entries} />
          </>
        )}
      </Await>
    </section>
  );
}
