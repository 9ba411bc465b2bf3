import { useMemo } from 'react';
import type { ExplainGlobalResult, ExplainImportanceResult, ShapFeatureValue } from '../../../src/api/contract.ts';
import { OKABE_ITO, Plot } from '../../components/Plot.tsx';

/** "exact SHAP, log-odds, background 100, seed 0": what every chart of a global explanation names. */
export function shapMethodText(r: ExplainGlobalResult): string {
  return `${r.method} SHAP (${r.algorithm}), ${r.output === 'logodds' ? 'log-odds' : 'probability'}, background ${r.backgroundSize}, seed ${r.seed}`;
}

/** The method, output, background and seed, written under a chart's x axis. */
function methodNote(r: ExplainGlobalResult): object {
  return { xref: 'paper', yref: 'paper', x: 0, y: 0, yshift: -62, xanchor: 'left', yanchor: 'top', showarrow: false, font: { size: 11 }, text: shapMethodText(r) };
}

function meanAndSe(values: number[]): { mean: number; se: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, se: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, se: Math.sqrt(variance / n) };
}

/** Mean |φ| per feature with ±1 standard error of that mean (over the explained decisions) as error bars. */
export function ShapImportanceChart({ r }: { r: ExplainGlobalResult }) {
  const rows = useMemo(() => {
    const byFeature = new Map(r.beeswarm.map((b) => [b.feature, b.phi]));
    return r.importance.map((i) => ({ feature: i.feature, meanAbs: i.meanAbs, se: meanAndSe((byFeature.get(i.feature) ?? []).map(Math.abs)).se })).reverse();
  }, [r]);
  const data = useMemo(
    () => [
      {
        type: 'bar', orientation: 'h', y: rows.map((x) => x.feature), x: rows.map((x) => x.meanAbs), marker: { color: OKABE_ITO.blue },
        error_x: { type: 'data', array: rows.map((x) => x.se), color: OKABE_ITO.vermillion, thickness: 1.5 },
        hovertemplate: '%{y}: %{x:.4f}<extra></extra>',
      },
    ],
    [rows],
  );
  const layout = useMemo(
    () => ({
      title: { text: `Mean |φ| over ${r.decisions.length} decisions`, x: 0.02, xanchor: 'left' },
      xaxis: { title: { text: 'mean |SHAP value| ± 1 standard error' }, rangemode: 'tozero' },
      annotations: [methodNote(r)],
      yaxis: { automargin: true }, margin: { l: 150, r: 20, t: 40, b: 80 }, showlegend: false,
    }),
    [r],
  );
  return <Plot data={data} layout={layout} height={110 + 26 * rows.length} label={`Global SHAP importance, ${shapMethodText(r)}`} testId="shap-importance" />;
}

/** Permutation importance: mean drop of the metric with ±1 std (ddof 0) over the repeats as error bars. */
export function PermutationChart({ r }: { r: ExplainImportanceResult }) {
  const rows = useMemo(() => Object.entries(r.features).map(([feature, v]) => ({ feature, ...v })).sort((a, b) => a.mean - b.mean), [r]);
  const data = useMemo(
    () => [
      {
        type: 'bar', orientation: 'h', y: rows.map((x) => x.feature), x: rows.map((x) => x.mean), marker: { color: OKABE_ITO.green },
        error_x: { type: 'data', array: rows.map((x) => x.std), color: OKABE_ITO.vermillion, thickness: 1.5 },
        hovertemplate: '%{y}: %{x:.4f}<extra></extra>',
      },
    ],
    [rows],
  );
  const layout = useMemo(
    () => ({
      title: { text: `Permutation importance (${r.metric.toUpperCase()} baseline ${r.baseline.toFixed(4)})`, x: 0.02, xanchor: 'left' },
      xaxis: { title: { text: `drop in ${r.metric} when permuted ± 1 std — ${r.repeats} repeats, ${r.rows} rows, seed ${r.seed}` } },
      yaxis: { automargin: true }, margin: { l: 150, r: 20, t: 40, b: 60 }, showlegend: false,
    }),
    [r],
  );
  return <Plot data={data} layout={layout} height={110 + 26 * rows.length} label={`Permutation importance, ${r.metric}, ${r.repeats} repeats, seed ${r.seed}`} testId="permutation-importance" />;
}

/** Each value's rank among the feature's numeric values in [0, 1] (for colour); null for non-numbers. */
function ranks(values: ShapFeatureValue[]): (number | null)[] {
  const nums = values.map((v) => (typeof v === 'number' ? v : null));
  const sorted = nums.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return nums;
  const last = sorted.length - 1 || 1;
  return nums.map((v) => {
    if (v === null) return null;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo / last;
  });
}

/** Deterministic swarm offsets: points of nearly equal φ are stacked alternately above and below the row. */
function swarm(phi: number[], width: number): number[] {
  const span = Math.max(...phi.map(Math.abs), 1e-12);
  const bins = new Map<number, number>();
  return phi.map((p) => {
    const b = Math.round((p / span) * 60);
    const k = bins.get(b) ?? 0;
    bins.set(b, k + 1);
    const offset = (k % 2 === 0 ? 1 : -1) * Math.ceil(k / 2) * 0.06;
    return Math.max(-width, Math.min(width, offset));
  });
}

/** The beeswarm summary: one row per feature (most important on top), each decision's φ, coloured by the feature's value. */
export function Beeswarm({ r }: { r: ExplainGlobalResult }) {
  const order = useMemo(() => r.importance.map((i) => i.feature).reverse(), [r]);
  const data = useMemo(() => {
    const byFeature = new Map(r.beeswarm.map((b) => [b.feature, b]));
    const numeric: { x: number[]; y: number[]; c: number[]; text: string[] } = { x: [], y: [], c: [], text: [] };
    const other: { x: number[]; y: number[]; text: string[] } = { x: [], y: [], text: [] };
    order.forEach((f, row) => {
      const b = byFeature.get(f);
      if (!b) return;
      const rk = ranks(b.value);
      const off = swarm(b.phi, 0.38);
      b.phi.forEach((p, i) => {
        const label = `${f} = ${b.value[i] ?? '—'}: φ ${p.toFixed(4)}`;
        if (rk[i] !== null && rk[i] !== undefined) {
          numeric.x.push(p);
          numeric.y.push(row + off[i]!);
          numeric.c.push(rk[i]!);
          numeric.text.push(label);
        } else {
          other.x.push(p);
          other.y.push(row + off[i]!);
          other.text.push(label);
        }
      });
    });
    return [
      {
        type: 'scatter', mode: 'markers', x: numeric.x, y: numeric.y, text: numeric.text, hovertemplate: '%{text}<extra></extra>', name: 'numeric: blue low → vermillion high',
        // no colorbar: Plotly draws it with style attributes, which the host's CSP (style-src 'self') refuses
        marker: { size: 5, color: numeric.c, cmin: 0, cmax: 1, showscale: false, colorscale: [[0, OKABE_ITO.blue], [0.5, '#B8B8B8'], [1, OKABE_ITO.vermillion]] },
      },
      { type: 'scatter', mode: 'markers', x: other.x, y: other.y, text: other.text, hovertemplate: '%{text}<extra></extra>', name: 'categorical', marker: { size: 5, color: OKABE_ITO.grey, symbol: 'diamond' } },
    ];
  }, [r, order]);
  const layout = useMemo(
    () => ({
      title: { text: `Beeswarm of ${r.decisions.length} decisions`, x: 0.02, xanchor: 'left' },
      xaxis: { title: { text: 'SHAP value φ' }, zeroline: true },
      annotations: [methodNote(r)],
      yaxis: { tickvals: order.map((_, i) => i), ticktext: order, range: [-0.6, order.length - 0.4], automargin: true, zeroline: false },
      margin: { l: 150, r: 20, t: 70, b: 80 }, legend: { orientation: 'h', x: 1, y: 1.0, yanchor: 'bottom', xanchor: 'right', font: { size: 11 } }, hovermode: 'closest',
    }),
    [r, order],
  );
  return <Plot data={data} layout={layout} height={150 + 30 * order.length} label={`Beeswarm summary of SHAP values, ${shapMethodText(r)}`} testId="beeswarm" />;
}

/** φ of one feature against its value, over the explained decisions. */
export function DependencePlot({ r, feature }: { r: ExplainGlobalResult; feature: string }) {
  const b = r.beeswarm.find((x) => x.feature === feature);
  const categorical = !!b && b.value.some((v) => typeof v === 'string');
  const data = useMemo(() => {
    if (!b) return [];
    const x = b.value.map((v) => (v === null ? '(missing)' : categorical ? String(v) : v));
    return [
      {
        type: 'scatter', mode: 'markers', x, y: b.phi, text: r.decisions.map((d) => d.decisionId), hovertemplate: '%{text}: %{x} → φ %{y:.4f}<extra></extra>',
        marker: { size: 7, opacity: 0.75, color: b.phi.map((p) => (p >= 0 ? OKABE_ITO.blue : OKABE_ITO.vermillion)) },
      },
    ];
  }, [b, r, categorical]);
  const layout = useMemo(
    () => ({
      title: { text: `Dependence of φ on ${feature}`, x: 0.02, xanchor: 'left' },
      xaxis: { title: { text: feature }, ...(categorical ? { type: 'category', categoryorder: 'category ascending' } : {}) },
      yaxis: { title: { text: `φ(${feature})` }, zeroline: true },
      annotations: [methodNote(r)],
      margin: { l: 70, r: 20, t: 40, b: 90 }, showlegend: false,
    }),
    [feature, r, categorical],
  );
  return <Plot data={data} layout={layout} height={360} label={`Dependence plot of ${feature}, ${shapMethodText(r)}`} testId="dependence-plot" />;
}

/** Mean φ per protected group, by feature: which features drive the gap between the groups. */
export function GroupComparison({ r }: { r: ExplainGlobalResult }) {
  const g = r.byGroup;
  const colours = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.green, OKABE_ITO.purple, OKABE_ITO.skyBlue, OKABE_ITO.vermillion, OKABE_ITO.yellow, OKABE_ITO.grey];
  const order = useMemo(() => (g ? [...r.features].sort((a, b) => (g.range[a] ?? 0) - (g.range[b] ?? 0)) : []), [g, r]);
  const data = useMemo(
    () =>
      (g?.groups ?? []).map((grp, i) => ({
        type: 'bar', orientation: 'h', name: `${grp.group}${grp.group === g!.reference ? ' (reference)' : ''} · n=${grp.count}`, y: order, x: order.map((f) => grp.meanPhi[f] ?? 0),
        marker: { color: colours[i % colours.length] }, hovertemplate: `${grp.group}, %{y}: mean φ %{x:.4f}<extra></extra>`,
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [g, order],
  );
  const layout = useMemo(
    () => ({
      title: { text: g ? `Mean φ by ${g.attribute}` : '', x: 0.02, xanchor: 'left' },
      barmode: 'group', xaxis: { title: { text: 'mean SHAP value φ in the group' }, zeroline: true }, annotations: [methodNote(r)],
      yaxis: { automargin: true }, margin: { l: 150, r: 20, t: 60, b: 80 }, legend: { orientation: 'h', x: 0, y: 1.01, yanchor: 'bottom', xanchor: 'left' },
    }),
    [g, r],
  );
  if (!g) return null;
  return <Plot data={data} layout={layout} height={140 + 22 * order.length * Math.max(1, g.groups.length * 0.6)} label={`Mean SHAP value per ${g.attribute} group, ${shapMethodText(r)}`} testId="shap-by-group" />;
}
