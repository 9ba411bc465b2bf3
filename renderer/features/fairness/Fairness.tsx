import { useMemo, useState, type FormEvent } from 'react';
import type { FairnessResult } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { href } from '../../app/router.ts';
import { OKABE_ITO, Plot } from '../../components/Plot.tsx';
import { ErrorBox, formatNumber } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';

function ci(r: FairnessResult['groups'][number], name: 'selectionRate'): string {
  const i = r.ci?.[name];
  return i ? ` [${i[0].toFixed(3)}, ${i[1].toFixed(3)}]` : '';
}

function SelectionChart({ r }: { r: FairnessResult }) {
  const data = useMemo(() => {
    const groups = r.groups;
    const y = groups.map((g) => g.selectionRate ?? 0);
    const hasCi = groups.some((g) => g.ci?.selectionRate);
    return [
      {
        type: 'bar', x: groups.map((g) => g.group), y,
        marker: { color: groups.map((g) => (g.group === r.reference ? OKABE_ITO.blue : OKABE_ITO.skyBlue)) },
        ...(hasCi ? { error_y: { type: 'data', symmetric: false, array: groups.map((g, k) => (g.ci?.selectionRate ? g.ci.selectionRate[1] - y[k]! : 0)), arrayminus: groups.map((g, k) => (g.ci?.selectionRate ? y[k]! - g.ci.selectionRate[0] : 0)), color: OKABE_ITO.vermillion } } : {}),
        hovertemplate: '%{x}: %{y:.3f}<extra></extra>',
      },
    ];
  }, [r]);
  const refRate = r.groups.find((g) => g.group === r.reference)?.selectionRate ?? null;
  const layout = useMemo(
    () => ({
      title: { text: `Selection rate by ${r.attribute}` },
      yaxis: { title: { text: 'P(decision = 1)' }, range: [0, 1] },
      xaxis: { type: 'category' },
      shapes: refRate === null ? [] : [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 0.8 * refRate, y1: 0.8 * refRate, line: { color: OKABE_ITO.orange, dash: 'dash', width: 2 } }],
      annotations: refRate === null ? [] : [{ xref: 'paper', x: 0, y: 0.8 * refRate, xanchor: 'left', yanchor: 'bottom', bgcolor: 'rgba(0,0,0,0)', text: `four-fifths of ${r.reference} (${(0.8 * refRate).toFixed(3)})`, showarrow: false }],
      showlegend: false,
    }),
    [r, refRate],
  );
  return <Plot data={data} layout={layout} label={`Selection rate by ${r.attribute} with confidence intervals and the four-fifths line`} testId="fairness-chart" />;
}

export function Fairness({ log }: { log: string }) {
  const logs = useCall('log.list', {}, 'logs');
  const entry = logs.status === 'done' ? logs.value.find((l) => l.name === log) : undefined;
  const pkg = useCall('package.show', entry ? { ref: entry.packageRef } : null, entry?.packageRef ?? '');
  const protectedAttrs = pkg.status === 'done' ? ((pkg.value.manifest.protected_attributes ?? []) as { name: string }[]).map((a) => a.name) : [];
  const [attribute, setAttribute] = useState('');
  const [bootstrap, setBootstrap] = useState(true);
  const [state, setState] = useState<{ busy: boolean; error: string | null; result: FairnessResult | null }>({ busy: false, error: null, result: null });
  const chosen = attribute || protectedAttrs[0] || '';
  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    setState((x) => ({ ...x, busy: true, error: null }));
    try {
      const result = await call('fairness.run', { log, attributes: chosen.split(',').map((s) => s.trim()).filter(Boolean), ...(bootstrap ? { bootstrap: 200, seed: 0 } : {}) });
      setState({ busy: false, error: null, result });
    } catch (x) {
      setState({ busy: false, error: messageOf(x), result: null });
    }
  };
  const r = state.result;
  return (
    <section aria-labelledby="fair-title">
      <p className="crumbs">
        <a href={href.home()}>Case</a> › <a href={href.explorer(log)}>Log {log}</a> › Fairness
      </p>
      <h1 id="fair-title">Fairness of {log}</h1>
      <form className="filters" onSubmit={run} aria-label="Fairness analysis">
        <label>
          Protected attribute{' '}
          <select name="attribute" value={chosen} onChange={(e) => setAttribute(e.target.value)}>
            {protectedAttrs.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
            {protectedAttrs.length > 1 && <option value={protectedAttrs.join(',')}>{protectedAttrs.join(' × ')} (intersection)</option>}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={bootstrap} onChange={(e) => setBootstrap(e.target.checked)} /> 95% bootstrap intervals (200 replicates, seed 0)
        </label>
        <button type="submit" disabled={state.busy || !chosen}>
          {state.busy ? 'Computing…' : 'Compute'}
        </button>
      </form>
      {pkg.status === 'error' && <ErrorBox message={pkg.message} />}
      {state.error && <ErrorBox message={state.error} />}
      {r && (
        <>
          <p>
            Reference group <strong>{r.reference}</strong>, favorable decision {r.favorable}, {r.rows.analysed} rows ({r.rows.missingAttribute} without the attribute),
            minimum group size {r.minGroupSize}; run <code>{r.runId}</code>.
          </p>
          <div className="table-wrap">
            <table data-testid="fairness-table">
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col" className="num">Rows</th>
                  <th scope="col">Selection rate [95% CI]</th>
                  <th scope="col" className="num">TPR</th>
                  <th scope="col" className="num">FPR</th>
                  <th scope="col" className="num">Disparate impact</th>
                  <th scope="col">Flags</th>
                </tr>
              </thead>
              <tbody>
                {r.groups.map((g) => {
                  const di = r.vsReference[g.group]?.disparateImpact ?? null;
                  return (
                    <tr key={g.group}>
                      <th scope="row">{g.group}</th>
                      <td className="num">{g.count}</td>
                      <td>
                        {formatNumber(g.selectionRate, 3)}
                        {ci(g, 'selectionRate')}
                      </td>
                      <td className="num">{formatNumber(g.truePositiveRate, 3)}</td>
                      <td className="num">{formatNumber(g.falsePositiveRate, 3)}</td>
                      <td className={`num${di !== null && di < 0.8 ? ' bad' : ''}`}>{g.group === r.reference ? '—' : formatNumber(di, 3)}</td>
                      <td>{g.flags.join(', ')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <SelectionChart r={r} />
          {r.warnings.length > 0 && (
            <ul className="warn">
              {r.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
