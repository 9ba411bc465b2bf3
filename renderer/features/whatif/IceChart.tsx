import { useMemo, useState, type FormEvent } from 'react';
import type { IceResult } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { Provenance, Warnings } from '../../components/analysis.tsx';
import { OKABE_ITO, Plot } from '../../components/Plot.tsx';
import { ErrorBox } from '../../components/ui.tsx';
import type { ModelInput } from './model-inputs.ts';

const SHOWN_CURVES = 40;

function IcePlot({ r }: { r: IceResult }) {
  const data = useMemo(() => {
    const x = r.grid.map((g) => (r.kind === 'categorical' ? String(g) : g));
    const traces: object[] = r.sample.curves.slice(0, SHOWN_CURVES).map((c, i) => ({
      type: 'scatter', mode: 'lines', x, y: c.curve, line: { color: OKABE_ITO.grey, width: 1 }, opacity: 0.35,
      name: 'sampled decisions', legendgroup: 'ice', showlegend: i === 0, hovertemplate: `${c.decisionId}: %{y:.3f}<extra></extra>`,
    }));
    traces.push({ type: 'scatter', mode: 'lines+markers', x, y: r.partialDependence, line: { color: OKABE_ITO.orange, width: 3 }, name: 'partial dependence (mean)' });
    if (r.decision) {
      traces.push({ type: 'scatter', mode: 'lines+markers', x, y: r.decision.curve, line: { color: OKABE_ITO.blue, width: 3 }, name: `decision ${r.decision.decisionId}` });
      if (r.decision.value !== null) {
        traces.push({
          type: 'scatter', mode: 'markers', x: [r.kind === 'categorical' ? String(r.decision.value) : r.decision.value], y: [r.decision.score],
          marker: { color: OKABE_ITO.vermillion, size: 12, symbol: 'diamond' }, name: `its value (${r.decision.value})`,
        });
      }
    }
    return traces;
  }, [r]);
  const layout = useMemo(
    () => ({
      title: { text: `ICE of ${r.feature}`, x: 0.02, xanchor: 'left' },
      xaxis: { title: { text: r.feature }, ...(r.kind === 'categorical' ? { type: 'category' } : {}) },
      yaxis: { title: { text: 'model score P(positive)' }, range: [0, 1] },
      shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: r.threshold, y1: r.threshold, line: { color: OKABE_ITO.grey, dash: 'dash', width: 1 } }],
      annotations: [{ xref: 'paper', x: 1, y: r.threshold, xanchor: 'right', yanchor: 'bottom', showarrow: false, text: `threshold ${r.threshold}` }],
      legend: { orientation: 'h', y: -0.25 },
      margin: { l: 60, r: 20, t: 40, b: 90 },
    }),
    [r],
  );
  return <Plot data={data} layout={layout} height={380} label={`ICE curves and partial dependence of ${r.feature}`} testId="ice-chart" />;
}

/** ICE of one input: the decision's curve, a seeded sample's curves and their mean (partial dependence). */
export function IceChart({ log, id, inputs, heading: Heading = 'h3' }: { log: string; id?: string; inputs: ModelInput[]; heading?: 'h2' | 'h3' }) {
  const [feature, setFeature] = useState(inputs.find((f) => f.type === 'numeric')?.name ?? inputs[0]?.name ?? '');
  const [sample, setSample] = useState('100');
  const [seed, setSeed] = useState('0');
  const [state, setState] = useState<{ busy: boolean; error: string | null; result: IceResult | null }>({ busy: false, error: null, result: null });
  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (!feature) return;
    const n = Number(sample);
    const s = Number(seed);
    setState((x) => ({ ...x, busy: true, error: null }));
    try {
      const result = await call('ice.run', {
        log, feature, ...(id ? { decision: id } : {}),
        ...(Number.isInteger(n) && n >= 1 ? { sample: n } : {}), ...(Number.isInteger(s) && s >= 0 ? { seed: s } : {}),
      });
      setState({ busy: false, error: null, result });
    } catch (x) {
      setState({ busy: false, error: messageOf(x), result: null });
    }
  };
  const r = state.result;
  return (
    <section aria-labelledby="ice-title">
      <Heading id="ice-title">{id ? 'Individual conditional expectation (ICE)' : 'ICE curves and partial dependence'}</Heading>
      <form className="filters" onSubmit={run} aria-label="ICE options">
        <label>
          Input{' '}
          <select name="ice-feature" value={feature} onChange={(e) => setFeature(e.target.value)}>
            {inputs.map((f) => (
              <option key={f.name} value={f.name}>
                {f.name} ({f.type})
              </option>
            ))}
          </select>
        </label>
        <label>
          Sampled decisions <input name="ice-sample" type="number" min="1" max="10000" value={sample} onChange={(e) => setSample(e.target.value)} />
        </label>
        <label>
          Seed <input name="ice-seed" type="number" min="0" value={seed} onChange={(e) => setSeed(e.target.value)} />
        </label>
        <button type="submit" disabled={state.busy || !feature}>
          {state.busy ? 'Computing…' : 'Draw ICE'}
        </button>
      </form>
      {state.error && <ErrorBox message={state.error} />}
      {r && (
        <>
          <IcePlot r={r} />
          <Provenance testId="ice-provenance">
            {r.kind === 'numeric' ? `${r.grid.length} grid points at reference-data quantiles` : `all ${r.grid.length} levels`}; {r.sample.rows} decisions sampled with seed{' '}
            {r.sample.seed} (the first {Math.min(SHOWN_CURVES, r.sample.curves.length)} drawn); model {r.package}; run <code>{r.runId}</code>.
          </Provenance>
          <Warnings items={r.warnings} />
        </>
      )}
    </section>
  );
}
