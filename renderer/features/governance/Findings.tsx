import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { FindingData, MethodArgs } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { href } from '../../app/router.ts';
import { ErrorBox, Loading } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';
import { GovernanceLinks } from './governance-nav.tsx';

type Kind = FindingData['targetKind'];
type Severity = FindingData['severity'];
type Status = FindingData['status'];
const KINDS: Kind[] = ['decision', 'group', 'run'];
const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];
const STATUSES: Status[] = ['open', 'confirmed', 'dismissed'];

/** What the route's query may prefill: `#/findings?kind=decision&target=D-000001&log=clean`, and the list's filters. */
export interface FindingsQuery {
  kind?: string;
  target?: string;
  log?: string;
  status?: string;
  severity?: string;
}

function oneOf<T extends string>(values: readonly T[], v: string | undefined): T | '' {
  return v !== undefined && (values as readonly string[]).includes(v) ? (v as T) : '';
}

const TARGET_HELP: Record<Kind, string> = {
  decision: 'a decision id, e.g. D-000001',
  group: 'attribute=value, e.g. sex=female (a|b for an intersection: sex=female|age_group=under_25)',
  run: 'a run id, e.g. run-…',
};

/** Where a finding's target can be looked at. */
function targetHref(f: FindingData): string | null {
  if (f.targetKind === 'decision' && f.log) return href.decision(f.log, f.target);
  if (f.targetKind === 'run') return href.lineageRun(f.target);
  if (f.targetKind === 'group' && f.log) {
    const filters = f.target.split('|').map((p) => {
      const at = p.indexOf('=');
      return { column: p.slice(0, at), value: p.slice(at + 1) };
    });
    return filters.every((x) => x.column) ? href.explorer(f.log, filters) : null;
  }
  return null;
}

function AddFinding({ query, onAdded }: { query: FindingsQuery; onAdded: (f: FindingData) => void }) {
  const logs = useCall('log.list', {}, 'logs');
  const [kind, setKind] = useState<Kind>(oneOf(KINDS, query.kind) || 'decision');
  const [target, setTarget] = useState(query.target ?? '');
  const [log, setLog] = useState(query.log ?? '');
  const [text, setText] = useState('');
  const [severity, setSeverity] = useState<Severity>('medium');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const prefilled = Boolean(query.target);
  const showPrefill = prefilled && target === query.target && kind === (oneOf(KINDS, query.kind) || 'decision');
  useEffect(() => {
    if (prefilled) textRef.current?.focus();
  }, [prefilled]);
  useEffect(() => {
    if (!log && logs.status === 'done' && logs.value.length > 0) setLog(logs.value[0]!.name);
  }, [logs, log]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const args: MethodArgs<'finding.add'> = { targetKind: kind, target: target.trim(), text: text.trim(), severity, ...(kind !== 'run' && log ? { log } : {}) };
    call('finding.add', args).then(
      (f) => {
        setText('');
        onAdded(f);
      },
      (err: unknown) => setError(messageOf(err)),
    ).finally(() => setBusy(false));
  };
  return (
    <form className="finding-form" onSubmit={submit} aria-labelledby="add-finding-title" data-testid="finding-form">
      <h2 id="add-finding-title">Add a finding</h2>
      {showPrefill && (
        <p className="notice" data-testid="finding-prefilled">
          For {oneOf(KINDS, query.kind) || 'decision'} <code>{query.target}</code>
          {query.log ? (
            <>
              {' '}
              of log <code>{query.log}</code>
            </>
          ) : null}
          .
        </p>
      )}
      <div className="form-grid">
        <label htmlFor="finding-kind">Target kind</label>
        <select id="finding-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="finding-kind">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <label htmlFor="finding-target">Target</label>
        <span>
          <input id="finding-target" value={target} onChange={(e) => setTarget(e.target.value)} required size={40} aria-describedby="finding-target-help" data-testid="finding-target" />
          <span id="finding-target-help" className="muted field-help">
            {TARGET_HELP[kind]}
          </span>
        </span>
        {kind !== 'run' && (
          <>
            <label htmlFor="finding-log">Log</label>
            <select id="finding-log" value={log} onChange={(e) => setLog(e.target.value)} data-testid="finding-log">
              {logs.status === 'done' && logs.value.map((l) => (
                <option key={l.name} value={l.name}>
                  {l.name}
                </option>
              ))}
              {log && (logs.status !== 'done' || !logs.value.some((l) => l.name === log)) && <option value={log}>{log}</option>}
            </select>
          </>
        )}
        <label htmlFor="finding-severity">Severity</label>
        <select id="finding-severity" value={severity} onChange={(e) => setSeverity(e.target.value as Severity)} data-testid="finding-severity">
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label htmlFor="finding-text">Finding</label>
        <textarea id="finding-text" ref={textRef} value={text} onChange={(e) => setText(e.target.value)} required rows={4} maxLength={20000} data-testid="finding-text" />
      </div>
      {error && <ErrorBox message={error} />}
      <button type="submit" disabled={busy || !target.trim() || !text.trim()} data-testid="finding-add">
        {busy ? 'Adding…' : 'Add the finding'}
      </button>
    </form>
  );
}

function StatusSelect({ f, onChanged }: { f: FindingData; onChanged: (f: FindingData) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <select
        value={f.status}
        disabled={busy}
        aria-label={`Status of finding ${f.id}`}
        onChange={(e) => {
          setBusy(true);
          setError(null);
          call('finding.update', { id: f.id, status: e.target.value as Status }).then(onChanged, (err: unknown) => setError(messageOf(err))).finally(() => setBusy(false));
        }}
      >
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      {error && <ErrorBox message={error} />}
    </>
  );
}

export function Findings({ query }: { query: FindingsQuery }) {
  const [status, setStatus] = useState<Status | ''>(oneOf(STATUSES, query.status));
  const [severity, setSeverity] = useState<Severity | ''>(oneOf(SEVERITIES, query.severity));
  const [items, setItems] = useState<FindingData[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [added, setAdded] = useState<string | null>(null);
  const args = useMemo<MethodArgs<'finding.list'>>(() => ({ ...(status ? { status } : {}), ...(severity ? { severity } : {}) }), [status, severity]);
  useEffect(() => {
    let live = true;
    setError(null);
    call('finding.list', args).then(
      (v) => live && setItems(v),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [args, reload]);
  const replace = (f: FindingData) => setItems((list) => list && list.map((x) => (x.id === f.id ? f : x)).filter((x) => (!status || x.status === status) && (!severity || x.severity === severity)));
  return (
    <section aria-labelledby="findings-title">
      <GovernanceLinks current="findings" />
      <h1 id="findings-title">Findings</h1>
      <div className="two-col">
        <div>
          <form className="filters" aria-label="Filter the findings" onSubmit={(e) => e.preventDefault()}>
            <label>
              Status{' '}
              <select value={status} onChange={(e) => setStatus(e.target.value as Status | '')} data-testid="findings-filter-status">
                <option value="">any</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Severity{' '}
              <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity | '')} data-testid="findings-filter-severity">
                <option value="">any</option>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          </form>
          {added && (
            <p className="ok" role="status" data-testid="finding-added">
              Finding {added} added.
            </p>
          )}
          {error ? (
            <ErrorBox message={error} />
          ) : items === null ? (
            <Loading what="the findings" />
          ) : items.length === 0 ? (
            <p className="muted" data-testid="findings-empty">
              No finding{status || severity ? ' matches these filters' : ' yet'}.
            </p>
          ) : (
            <ul className="finding-list" data-testid="findings-list">
              {items.map((f) => {
                const to = targetHref(f);
                return (
                  <li key={f.id} className={`finding sev-${f.severity}`} data-finding={f.id}>
                    <div className="finding-head">
                      <strong>{f.id}</strong> <span className={`sev sev-${f.severity}`}>{f.severity}</span> on {f.targetKind}{' '}
                      {to ? <a href={to}>{f.target}</a> : <code>{f.target}</code>}
                      {f.log ? <span className="muted"> (log {f.log})</span> : null}
                      <span className="finding-status">
                        <StatusSelect f={f} onChanged={replace} />
                      </span>
                    </div>
                    <p className="finding-text">{f.text}</p>
                    <p className="muted finding-meta">
                      {f.createdAt} by {f.createdBy}
                      {f.updatedBy ? ` · changed ${f.updatedAt} by ${f.updatedBy}` : ''}
                    </p>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <AddFinding
          query={query}
          onAdded={(f) => {
            setAdded(f.id);
            setReload((n) => n + 1);
          }}
        />
      </div>
    </section>
  );
}
