import { useMemo, useState, type FormEvent } from 'react';
import type { ExplainDecisionResult, MethodArgs } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { href } from '../../app/router.ts';
import { OKABE_ITO, Plot } from '../../components/Plot.tsx';
import { Await, ErrorBox, formatNumber, Hash, KeyValues, Loading } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';
import { ReplayBadge } from '../replay/ReplayBadge.tsx';
import { DecisionAnalysis } from './DecisionAnalysis.tsx';
import { shapArgs, ShapOptionFields, type ShapOptionValues } from '../../components/shap-options.tsx';

const CANONICAL = new Set(['_row', 'decision_id', 'timestamp', 'model_id', 'model_version', 'score', 'decision', 'decision_label', 'outcome']);

function Waterfall({ e }: { e: ExplainDecisionResult }) {
  const data = useMemo(() => {
    const features = Object.entries(e.values).sort((a, b) => Math.abs(a[1]) - Math.abs(b[1]));
    const label = (f: string) => `${f} = ${e.inputs[f] ?? '—'}`;
    return [
      {
        type: 'waterfall',
        orientation: 'h',
        base: e.baseValue,
        measure: [...features.map(() => 'relative'), 'total'],
        y: [...features.map(([f]) => label(f)), 'f(x)'],
        x: [...features.map(([, v]) => v), 0],
        text: [...features.map(([, v]) => (v >= 0 ? '+' : '') + v.toFixed(4)), e.fx.toFixed(4)],
        textposition: 'auto',
        cliponaxis: false,
        increasing: { marker: { color: OKABE_ITO.blue } },
        decreasing: { marker: { color: OKABE_ITO.vermillion } },
        totals: { marker: { color: OKABE_ITO.grey } },
        connector: { line: { color: OKABE_ITO.grey, width: 1 } },
        hovertemplate: '%{y}: %{text}<extra></extra>',
      },
    ];
  }, [e]);
  const layout = useMemo(
    () => ({
      title: { text: `SHAP values of ${e.decisionId} (${e.output === 'logodds' ? 'log-odds' : 'probability'})` },
      margin: { l: 260, r: 80, t: 50, b: 60 },
      xaxis: { title: { text: `E[f(x)] = ${e.baseValue.toFixed(4)} (dashed) → f(x) = ${e.fx.toFixed(4)}` }, automargin: true },
      shapes: [{ type: 'line', xref: 'x', yref: 'paper', x0: e.baseValue, x1: e.baseValue, y0: 0, y1: 1, line: { color: OKABE_ITO.grey, dash: 'dash', width: 1 } }],
      yaxis: { automargin: true },
      showlegend: false,
    }),
    [e],
  );
  return <Plot data={data} layout={layout} label={`SHAP waterfall of decision ${e.decisionId}`} height={120 + 28 * (Object.keys(e.values).length + 1)} testId="waterfall" />;
}

function Explain({ log, id }: { log: string; id: string }) {
  const [options, setOptions] = useState<ShapOptionValues>({ method: 'auto', output: 'probability', background: '100', seed: '0' });
  const [state, setState] = useState<{ busy: boolean; error: string | null; result: ExplainDecisionResult | null }>({ busy: false, error: null, result: null });
  const run = async (ev: FormEvent) => {
    ev.preventDefault();
    const args: MethodArgs<'explain.decision'> = { log, decisionId: id, ...shapArgs(options) };
    setState((x) => ({ ...x, busy: true, error: null }));
    try {
      setState({ busy: false, error: null, result: await call('explain.decision', args) });
    } catch (e) {
      setState({ busy: false, error: messageOf(e), result: null });
    }
  };
  const r = state.result;
  return (
    <section aria-labelledby="shap-title">
      <h2 id="shap-title">Explanation (SHAP)</h2>
      <form className="filters" onSubmit={run} aria-label="Explanation options">
        <ShapOptionFields value={options} onChange={setOptions} />
        <button type="submit" disabled={state.busy}>
          {state.busy ? 'Explaining…' : 'Explain this decision'}
        </button>
      </form>
      {state.error && <ErrorBox message={state.error} />}
      {r && (
        <>
          <p data-testid="shap-caption">
            Method <strong>{r.method}</strong> ({r.algorithm}), output {r.output}, background {r.backgroundSize} reference rows, seed {r.seed}
            {r.nsamples ? `, ${r.nsamples} coalitions` : ''}; package {r.packageRef}; additivity error {r.additivityError.toExponential(1)}; recorded as run{' '}
            <code>{r.runId}</code>.
          </p>
          {r.warnings.length > 0 && (
            <ul className="warn">
              {r.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <Waterfall e={r} />
        </>
      )}
    </section>
  );
}

export function DecisionDetail({ log, id }: { log: string; id: string }) {
  const page = useCall('log.page', { log, limit: 1, filters: [{ column: 'decision_id', op: 'eq', value: id }] }, `${log}/${id}`);
  const info = useCall('case.info', {}, 'case');
  return (
    <article aria-labelledby="decision-title">
      <p className="crumbs">
        <a href={href.home()}>Case</a> › <a href={href.explorer(log)}>Log {log}</a> › Decision
      </p>
      <h1 id="decision-title">Decision {id}</h1>
      <p className="log-screens">
        <a href={href.lineageDecision(log, id)}>Lineage</a> · <a href={href.findings({ kind: 'decision', target: id, log })}>Add a finding</a>
      </p>
      <Await state={page} what="the decision">
        {(p) => {
          const row = p.rows[0];
          if (!row) return <ErrorBox message={`The log "${log}" has no decision "${id}".`} />;
          const logEntry = info.status === 'done' ? info.value.logs.find((l) => l.name === log) : undefined;
          const pkg = info.status === 'done' && logEntry ? info.value.packages.find((x) => x.ref === logEntry.packageRef) : undefined;
          const types = new Map(p.columns.map((c) => [c.name, c.type]));
          const inputs = p.columns.filter((c) => !CANONICAL.has(c.name));
          return (
            <>
              <KeyValues
                label="Decision"
                items={[
                  ['Logged score', <span data-testid="score">{formatNumber(row.score, 6)}</span>],
                  ['Logged decision', `${String(row.decision ?? '—')}${row.decision_label ? ` (${String(row.decision_label)})` : ''}`],
                  ['Observed outcome', row.outcome === null || row.outcome === undefined ? 'not yet observed' : String(row.outcome)],
                  ['Timestamp', String(row.timestamp ?? '—')],
                  ['Model (as logged)', `${String(row.model_id ?? '—')} ${String(row.model_version ?? '')}`],
                  ['Replay', logEntry ? <ReplayBadge log={log} id={id} packageRef={logEntry.packageRef} /> : '…'],
                ]}
              />
              <h2>Lineage</h2>
              <KeyValues
                label="Lineage"
                items={[
                  ['Log', log],
                  ['Log file', logEntry ? <code>{logEntry.sourcePath}</code> : '…'],
                  ['Log file sha256', <Hash value={logEntry?.sourceSha256} />],
                  ['Row in the log', String(row._row ?? '—')],
                  ['Package', logEntry ? <a href={href.package(logEntry.packageRef)}>{logEntry.packageRef}</a> : '…'],
                  ['Model sha256', <Hash value={pkg?.modelSha256} />],
                ]}
              />
              <h2>Inputs</h2>
              <div className="table-wrap">
                <table className="inputs">
                  <thead>
                    <tr>
                      <th scope="col">Column</th>
                      <th scope="col">Value</th>
                      <th scope="col">Type</th>
                    </tr>
                  </thead>
                  <tbody>
                    {inputs.map((c) => (
                      <tr key={c.name}>
                        <th scope="row">
                          <code>{c.name}</code>
                        </th>
                        <td>{formatNumber(row[c.name])}</td>
                        <td className="muted">{types.get(c.name)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Explain log={log} id={id} />
              {logEntry ? <DecisionAnalysis log={log} id={id} row={row} packageRef={logEntry.packageRef} /> : <Loading what="the log's package" />}
            </>
          );
        }}
      </Await>
    </article>
  );
}
