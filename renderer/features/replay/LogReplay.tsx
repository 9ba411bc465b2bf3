import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { ReplayResult, RunSummary } from '../../../src/api/contract.ts';
import { messageOf } from '../../api/client.ts';
import { LogScreenLinks } from '../../app/log-screens.tsx';
import { href, navigate } from '../../app/router.ts';
import { JobStatus, Provenance, sci, Warnings } from '../../components/analysis.tsx';
import { useJob } from '../../components/job.ts';
import { OKABE_ITO, Plot } from '../../components/Plot.tsx';
import { ErrorBox, formatNumber } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';
import { diffBins, latestFullReplay, type RecordedReplay } from './latest-replay.ts';

function Stat({ label, value, bad, testId }: { label: string; value: string; bad?: boolean; testId?: string }) {
  return (
    <div className={`stat${bad ? ' bad' : ''}`}>
      <span className="stat-value" data-testid={testId}>
        {value}
      </span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

function DiffHistogram({ r }: { r: ReplayResult }) {
  const bins = useMemo(() => diffBins(r), [r]);
  const data = useMemo(
    () => [
      {
        type: 'bar', x: bins.map((b) => b.label), y: bins.map((b) => b.count), text: bins.map((b) => String(b.count)), textposition: 'outside', cliponaxis: false,
        marker: { color: bins.map((b) => (b.reproduced ? OKABE_ITO.green : OKABE_ITO.vermillion)) },
        hovertemplate: '|replayed − logged| %{x}: %{y} rows<extra></extra>',
      },
    ],
    [bins],
  );
  const layout = useMemo(
    () => ({
      title: { text: `|replayed − logged| of ${r.rows.toLocaleString('en')} rows, by decade`, x: 0.02, xanchor: 'left' },
      xaxis: { type: 'category', title: { text: '|replayed − logged| (tolerance bin, then decades)' } },
      yaxis: { type: 'log', title: { text: 'rows (log scale)' }, dtick: 1, range: [Math.log10(0.5), Math.log10(Math.max(1, ...bins.map((b) => b.count))) + 0.35] },
      margin: { l: 60, r: 20, t: 50, b: 70 },
      showlegend: false,
    }),
    [r, bins],
  );
  return <Plot data={data} layout={layout} label={`Histogram of the differences between replayed and logged scores of log ${r.log}`} testId="replay-histogram" />;
}

export function ReplaySummary({ r, recorded }: { r: RecordedReplay; recorded?: RunSummary | null }) {
  return (
    <>
      <div className="stats" data-testid="replay-summary">
        <Stat label="rows replayed" value={r.rows.toLocaleString('en')} testId="replay-rows" />
        <Stat label={`reproduced within ${sci(r.tolerance)}`} value={r.reproduced.toLocaleString('en')} testId="replay-reproduced" />
        <Stat label="not reproduced" value={r.mismatched.toLocaleString('en')} bad={r.mismatched > 0} testId="replay-mismatched" />
        <Stat label="decision flipped" value={r.flipped.toLocaleString('en')} bad={r.flipped > 0} testId="replay-flipped" />
        <Stat label="failed rows" value={r.failed.toLocaleString('en')} bad={r.failed > 0} />
        <Stat label="max |diff| reproduced" value={sci(r.maxAbsDiffReproduced)} />
      </div>
      <Provenance testId="replay-provenance">
        Replayed with <a href={href.package(r.package)}>{r.package}</a>
        {r.otherPackage ? ' (not the package the log was imported with)' : ''} through ONNX Runtime ({r.scoring.thread} thread), threshold {r.threshold}, tolerance {sci(r.tolerance)}
        {r.unseenCategoryRows ? `, ${r.unseenCategoryRows} rows with categories unseen in training` : ''}; per-row table <code>{r.table}</code>; run <code>{r.runId}</code>
        {recorded ? `, recorded ${recorded.createdAt} by ${recorded.createdBy}` : ''}.
      </Provenance>
      <Warnings items={r.warnings} />
    </>
  );
}

function MismatchTable({ r }: { r: RecordedReplay }) {
  if (r.mismatches.length === 0) return <p className="ok">Every logged score is reproduced by the model.</p>;
  const open = (id: string) => navigate(href.decision(r.log, id));
  return (
    <>
      <p className="muted">Select a row (click, or Enter on its link) to open the decision.</p>
      <div className="table-wrap">
        <table data-testid="mismatch-table">
          <thead>
            <tr>
              <th scope="col">Decision</th>
              <th scope="col" className="num">Logged score</th>
              <th scope="col" className="num">Replayed score</th>
              <th scope="col" className="num">Replayed − logged</th>
              <th scope="col">Decision flipped</th>
            </tr>
          </thead>
          <tbody>
            {r.mismatches.map((m) => (
              <tr key={m.decisionId} className="clickable" onClick={() => open(m.decisionId)}>
                <th scope="row">
                  <a href={href.decision(r.log, m.decisionId)} onClick={(e) => e.stopPropagation()}>
                    {m.decisionId}
                  </a>
                </th>
                <td className="num">{formatNumber(m.logged, 6)}</td>
                <td className="num">{formatNumber(m.replayed, 6)}</td>
                <td className="num">{m.diff === null ? '—' : sci(m.diff)}</td>
                <td className={m.decisionFlipped ? 'bad' : ''}>{m.decisionFlipped ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(r.truncated || r.listsCutAt !== undefined) && <p className="notice">The list is shortened; the per-row table {r.table} in the case holds every row.</p>}
    </>
  );
}

function DecisionChanges({ r }: { r: ReplayResult }) {
  const c = r.decisionChanges;
  if (!c) return null;
  return (
    <section aria-labelledby="changes-title">
      <h2 id="changes-title">Decisions {r.package} would take differently</h2>
      <p>
        {c.total.toLocaleString('en')} decisions change: {c.toPositive.toLocaleString('en')} to 1, {c.toNegative.toLocaleString('en')} to 0.
      </p>
      {c.rows.length > 0 && (
        <div className="table-wrap">
          <table data-testid="decision-changes">
            <thead>
              <tr>
                <th scope="col">Decision</th>
                <th scope="col" className="num">Logged score</th>
                <th scope="col" className="num">Score with {r.package}</th>
                <th scope="col">Logged → new decision</th>
              </tr>
            </thead>
            <tbody>
              {c.rows.slice(0, 500).map((d) => (
                <tr key={d.decisionId}>
                  <th scope="row">
                    <a href={href.decision(r.log, d.decisionId)}>{d.decisionId}</a>
                  </th>
                  <td className="num">{formatNumber(d.logged, 6)}</td>
                  <td className="num">{formatNumber(d.replayed, 6)}</td>
                  <td>
                    {String(d.loggedDecision ?? '—')} → {d.replayedDecision}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function LogReplay({ log }: { log: string }) {
  const logs = useCall('log.list', {}, 'logs');
  const packages = useCall('package.list', {}, 'packages');
  const entry = logs.status === 'done' ? logs.value.find((l) => l.name === log) : undefined;
  const [pkg, setPkg] = useState('');
  const [tolerance, setTolerance] = useState('1e-6');
  const [recorded, setRecorded] = useState<{ run: RunSummary; result: RecordedReplay } | null | 'loading'>('loading');
  const [loadError, setLoadError] = useState<string | null>(null);
  const job = useJob('replay.run');

  useEffect(() => {
    let live = true;
    latestFullReplay(log).then(
      (r) => live && setRecorded(r),
      (e: unknown) => {
        if (!live) return;
        setRecorded(null);
        setLoadError(messageOf(e));
      },
    );
    return () => {
      live = false;
    };
  }, [log]);

  const chosen = pkg || entry?.packageRef || '';
  const tol = Number(tolerance);
  const tolOk = tolerance.trim() !== '' && Number.isFinite(tol) && tol >= 0 && tol <= 1;
  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (!tolOk) return;
    await job.start({ log, tolerance: tol, ...(chosen && chosen !== entry?.packageRef ? { package: chosen } : {}) });
  };
  const fresh = job.state.status === 'done' ? job.state.value : null;
  const shown: RecordedReplay | null = fresh ?? (recorded !== 'loading' && recorded ? recorded.result : null);
  const running = job.state.status === 'running';

  return (
    <section aria-labelledby="replay-title">
      <p className="crumbs">
        <a href={href.home()}>Case</a> › <a href={href.explorer(log)}>Log {log}</a> › Replay
      </p>
      <h1 id="replay-title">Replay of {log}</h1>
      <LogScreenLinks log={log} current="replay" />
      <p className="muted">
        Every decision of the log is scored again by the model through ONNX Runtime and compared with the logged score. A logged score that the model does not
        reproduce within the tolerance was not produced by this model on these inputs.
      </p>
      <form className="filters" onSubmit={run} aria-label="Replay options">
        <label>
          Package{' '}
          <select name="package" value={chosen} onChange={(e) => setPkg(e.target.value)}>
            {packages.status === 'done' &&
              packages.value.map((p) => (
                <option key={p.ref} value={p.ref}>
                  {p.ref}
                  {p.ref === entry?.packageRef ? ' (the log’s own)' : ''}
                </option>
              ))}
          </select>
        </label>
        <label>
          Tolerance{' '}
          <input name="tolerance" value={tolerance} onChange={(e) => setTolerance(e.target.value)} aria-invalid={!tolOk} inputMode="decimal" size={8} />
        </label>
        <button type="submit" disabled={running || !tolOk || !chosen}>
          {running ? 'Replaying…' : 'Replay the log'}
        </button>
        {!tolOk && <span className="bad">The tolerance is a number between 0 and 1, e.g. 1e-6.</span>}
      </form>
      <JobStatus state={job.state} what="Replaying" onCancel={job.cancel} />
      {loadError && <ErrorBox message={loadError} />}
      {recorded === 'loading' && !fresh && <p className="loading">Looking for a recorded replay…</p>}
      {recorded === null && !fresh && job.state.status === 'idle' && <p>This log has not been replayed yet.</p>}
      {shown && (
        <>
          {!fresh && <p className="notice">The latest recorded replay of this log is shown; replay again to refresh it.</p>}
          <ReplaySummary r={shown} recorded={fresh ? null : recorded !== 'loading' ? recorded?.run : null} />
          <DiffHistogram r={shown} />
          <h2>Scores not reproduced</h2>
          <MismatchTable r={shown} />
          {shown.failures.length > 0 && (
            <>
              <h2>Rows the model failed on</h2>
              <ul>
                {shown.failures.map((f) => (
                  <li key={f.decisionId}>
                    <a href={href.decision(log, f.decisionId)}>{f.decisionId}</a> (row {f.row}): {f.message}
                  </li>
                ))}
              </ul>
            </>
          )}
          <DecisionChanges r={shown} />
        </>
      )}
    </section>
  );
}
