import { useState, type FormEvent } from 'react';
import type { MethodArgs, SubjectErasure, SubjectExport } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { href } from '../../app/router.ts';
import { ErrorBox, KeyValues } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { GovernanceLinks } from './governance-nav.tsx';
import { JsonBlock, JsonExport, safeFilePart } from './json-export.tsx';

export interface SubjectQuery {
  decision?: string;
  column?: string;
  value?: string;
  log?: string;
}

type Mode = 'decision' | 'column';

function selectorArgs(mode: Mode, decision: string, column: string, value: string, log: string): MethodArgs<'subject.export'> {
  return {
    ...(mode === 'decision' ? { decisionId: decision.trim() } : { subjectColumn: column.trim(), value: value.trim() }),
    ...(log ? { log } : {}),
  };
}

function ExportSummary({ x }: { x: SubjectExport }) {
  const rows = x.logs.reduce((n, l) => n + l.rows.length, 0);
  return (
    <div data-testid="subject-summary">
      <KeyValues
        label="What the case holds about the subject"
        items={[
          ['Decisions', <span data-testid="subject-decisions">{x.decisionIds.join(', ') || '—'}</span>],
          ['Log rows', `${rows} in ${x.logs.map((l) => l.log).join(', ') || 'no log'}`],
          ['Personal columns', [...new Set(x.logs.flatMap((l) => l.personalColumns))].join(', ') || 'none marked'],
          ['Quarantined rows', String(x.logs.reduce((n, l) => n + l.quarantine.length, 0))],
          ['Replay rows', String(x.logs.reduce((n, l) => n + l.replays.reduce((m, r) => m + r.rows.length, 0), 0))],
          ['Runs that used it', String(x.runs.length)],
          ['Findings', String(x.findings.length)],
          ['Audit entries naming it', x.auditEntries.length ? x.auditEntries.join(', ') : 'none'],
          ['Earlier erasures', x.erasures.length ? x.erasures.map((e) => `${e.erasureId} (${e.log}, ${e.createdAt} by ${e.createdBy})`).join('; ') : 'none'],
          ['Generated', x.generatedAt],
        ]}
      />
    </div>
  );
}

function ErasureResult({ r }: { r: SubjectErasure }) {
  return (
    <div className="verdict verdict-ok" role="status" data-testid="subject-erased">
      <p>
        <strong>Erased</strong> as <code data-testid="erasure-id">{r.erasureId}</code>: decisions {r.decisionIds.join(', ')}.
      </p>
      <ul>
        {r.logs.map((l) => (
          <li key={l.log}>
            log {l.log}: {l.rows} {l.rows === 1 ? 'row' : 'rows'}, columns {l.columns.join(', ') || 'none'}
            {l.quarantineRows ? `, ${l.quarantineRows} quarantined rows` : ''}
          </li>
        ))}
      </ul>
      <p>
        {r.markedRuns.length
          ? `${r.markedRuns.length} runs used the erased values and are now marked: ${r.markedRuns.join(', ')}.`
          : 'No recorded run used the erased values.'}{' '}
        The erasure is recorded in the <a href={href.audit()}>audit trail</a>.
      </p>
    </div>
  );
}

export function DataSubject({ query }: { query: SubjectQuery }) {
  const logs = useCall('log.list', {}, 'logs');
  const [mode, setMode] = useState<Mode>(query.column ? 'column' : 'decision');
  const [decision, setDecision] = useState(query.decision ?? '');
  const [column, setColumn] = useState(query.column ?? '');
  const [value, setValue] = useState(query.value ?? '');
  const [log, setLog] = useState(query.log ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<{ key: string; x: SubjectExport } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [erased, setErased] = useState<SubjectErasure | null>(null);

  const args = selectorArgs(mode, decision, column, value, log);
  const key = JSON.stringify(args);
  const complete = mode === 'decision' ? Boolean(decision.trim()) : Boolean(column.trim() && value.trim());
  const typed = mode === 'decision' ? decision.trim() : value.trim();

  const doExport = async (): Promise<SubjectExport | null> => {
    setBusy(true);
    setError(null);
    try {
      const x = await call('subject.export', args);
      setExported({ key, x });
      return x;
    } catch (e) {
      setError(messageOf(e));
      return null;
    } finally {
      setBusy(false);
    }
  };
  const startErase = async () => {
    setErased(null);
    // the dialog names what will be erased, so it needs the export of exactly this selector
    const x = exported?.key === key ? exported.x : await doExport();
    if (x) setConfirming(true);
  };
  const erase = () => {
    setBusy(true);
    setError(null);
    call('subject.erase', args).then(
      (r) => {
        setErased(r);
        setExported(null);
      },
      (e: unknown) => setError(messageOf(e)),
    ).finally(() => {
      setBusy(false);
      setConfirming(false);
    });
  };
  const current = exported?.key === key ? exported.x : null;

  return (
    <section aria-labelledby="subject-title">
      <GovernanceLinks current="subject" />
      <h1 id="subject-title">Data-subject requests</h1>
      <p className="muted">
        Export everything the case holds about one person (their decisions, rows, replays, runs, findings and audit entries), or erase their personal values:
        they are replaced by a tombstone, the erasure is recorded in the audit trail and the analyses that used them are marked.
      </p>
      <form
        className="panel"
        aria-label="Choose the data subject"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void doExport();
        }}
      >
        <fieldset className="mode">
          <legend>Find the subject by</legend>
          <label className="check">
            <input type="radio" name="mode" checked={mode === 'decision'} onChange={() => setMode('decision')} /> decision id
          </label>
          <label className="check">
            <input type="radio" name="mode" checked={mode === 'column'} onChange={() => setMode('column')} data-testid="subject-mode-column" /> a subject column and value
          </label>
        </fieldset>
        <div className="form-grid">
          {mode === 'decision' ? (
            <>
              <label htmlFor="subject-decision">Decision id</label>
              <input id="subject-decision" value={decision} onChange={(e) => setDecision(e.target.value)} placeholder="D-000001" data-testid="subject-decision" />
            </>
          ) : (
            <>
              <label htmlFor="subject-column">Subject column</label>
              <input id="subject-column" value={column} onChange={(e) => setColumn(e.target.value)} placeholder="applicant_id" data-testid="subject-column" />
              <label htmlFor="subject-value">Value</label>
              <input id="subject-value" value={value} onChange={(e) => setValue(e.target.value)} data-testid="subject-value" />
            </>
          )}
          <label htmlFor="subject-log">Log</label>
          <select id="subject-log" value={log} onChange={(e) => setLog(e.target.value)} data-testid="subject-log">
            <option value="">every log</option>
            {logs.status === 'done' && logs.value.map((l) => (
              <option key={l.name} value={l.name}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <div className="wizard-actions">
          <button type="submit" disabled={busy || !complete} data-testid="subject-export">
            Export
          </button>
          <button type="button" className="danger" disabled={busy || !complete} onClick={() => void startErase()} data-testid="subject-erase">
            Erase…
          </button>
        </div>
      </form>
      {error && <ErrorBox message={error} />}
      {erased && <ErasureResult r={erased} />}
      {current && (
        <>
          <h2>What the case holds</h2>
          <ExportSummary x={current} />
          <h2>
            JSON <JsonExport value={current} filename={`subject-${safeFilePart(typed)}.json`} testId="subject-download" />
          </h2>
          <JsonBlock value={current} label="Data-subject export as JSON" testId="subject-json" />
        </>
      )}
      {confirming && current && (
        <ConfirmDialog
          title="Erase a data subject"
          confirmLabel="Erase for good"
          typeToConfirm={typed}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={erase}
          testId="subject-erase-dialog"
        >
          <p>This replaces the personal values of these decisions by a tombstone. It cannot be undone.</p>
          <ul data-testid="erase-plan">
            <li>
              Decisions: <strong>{current.decisionIds.join(', ') || 'none'}</strong>
            </li>
            {current.logs.map((l) => (
              <li key={l.log}>
                Log <strong>{l.log}</strong>: {l.rows.length} {l.rows.length === 1 ? 'row' : 'rows'}
                {l.quarantine.length ? ` and ${l.quarantine.length} quarantined rows` : ''}; personal columns {l.personalColumns.length ? <strong>{l.personalColumns.join(', ')}</strong> : 'none marked'}
              </li>
            ))}
            <li>
              {current.runs.length} recorded runs used these rows and will be marked as having used erased data.
            </li>
          </ul>
        </ConfirmDialog>
      )}
    </section>
  );
}
