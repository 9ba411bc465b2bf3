import { useMemo } from 'react';
import type { ChallengerResult, DomainClassifierResult, FeatureDrift, TimelineResult } from '../../../src/api/contract.ts';
import { OKABE_ITO, Plot } from '../../components/Plot.tsx';

const PALETTE = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.green, OKABE_ITO.purple, OKABE_ITO.vermillion, OKABE_ITO.skyBlue, OKABE_ITO.grey, OKABE_ITO.yellow];
const TITLE = { x: 0.02, xanchor: 'left', font: { size: 13 } };

function short(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

/** The bins of a numeric column's PSI: (−∞, e1], (e1, e2], …, (ek, ∞). */
export function binLabels(edges: number[]): string[] {
  if (edges.length === 0) return ['all values'];
  return [`≤ ${short(edges[0]!)}`, ...edges.slice(1).map((e, i) => `(${short(edges[i]!)}, ${short(e)}]`), `> ${short(edges[edges.length - 1]!)}`];
}

/** Reference vs current proportions of one column: per reference-decile bin (numeric) or per level (categorical). */
export function OverlayChart({ column, f }: { column: string; f: FeatureDrift }) {
  const { data, axis } = useMemo(() => {
    let x: string[] = [];
    let ref: number[] = [];
    let cur: number[] = [];
    if (f.bins) {
      x = binLabels(f.bins.edges);
      ref = f.bins.reference;
      cur = f.bins.current;
    } else if (f.levels) {
      x = f.levels.map((l) => l.level);
      ref = f.levels.map((l) => l.reference);
      cur = f.levels.map((l) => l.current);
    }
    const bar = (name: string, y: number[], color: string) => ({
      type: 'bar', name, x, y, marker: { color }, hovertemplate: `${name}, %{x}: %{y:.3f}<extra></extra>`,
    });
    return {
      data: [bar('reference', ref, OKABE_ITO.blue), bar('current', cur, OKABE_ITO.orange)],
      axis: f.bins ? 'bin (right-closed; inner edges = reference deciles)' : 'level',
    };
  }, [f]);
  const layout = useMemo(
    () => ({
      title: { text: `${column}: reference vs current`, ...TITLE },
      barmode: 'group',
      xaxis: { type: 'category', title: { text: axis } },
      yaxis: { title: { text: 'proportion of rows' }, rangemode: 'tozero' },
      legend: { orientation: 'h', y: 1.12, x: 1, xanchor: 'right' },
      margin: { l: 60, r: 20, t: 50, b: 90 },
    }),
    [column, axis],
  );
  return <Plot data={data} layout={layout} height={340} testId="drift-overlay" label={`Distribution of ${column} in the reference and the current window`} />;
}

function windowStarts(t: TimelineResult): string[] {
  return t.windows.map((w) => w.start.slice(0, 10));
}

function lines(x: string[], series: { name: string; y: (number | null)[] }[]) {
  return series.map((s, i) => ({
    type: 'scatter', mode: 'lines+markers', name: s.name, x, y: s.y, connectgaps: false,
    line: { color: PALETTE[i % PALETTE.length], width: 2 }, marker: { size: 5 },
    hovertemplate: `${s.name}, %{x}: %{y:.4f}<extra></extra>`,
  }));
}

function hline(y: number, color: string) {
  return { type: 'line', xref: 'paper', x0: 0, x1: 1, y0: y, y1: y, line: { color, dash: 'dash', width: 1.5 } };
}

function timeLayout(title: string, yTitle: string, extra: object = {}) {
  return {
    title: { text: title, ...TITLE },
    xaxis: { type: 'category', title: { text: 'window start (UTC)' }, tickangle: -45 },
    yaxis: { title: { text: yTitle }, rangemode: 'tozero' },
    legend: { orientation: 'h', y: -0.45 },
    margin: { l: 60, r: 20, t: 40, b: 110 },
    ...extra,
  };
}

/** The columns with the largest PSI in any window, largest first. */
export function topDrifting(t: TimelineResult, n: number): string[] {
  const peak = (c: string) => Math.max(-1, ...t.windows.map((w) => w.drift[c]?.psi ?? -1));
  return [...t.columns].sort((a, b) => peak(b) - peak(a)).slice(0, n);
}

export function PsiTimeline({ t, columns }: { t: TimelineResult; columns: string[] }) {
  const data = useMemo(() => lines(windowStarts(t), columns.map((c) => ({ name: c, y: t.windows.map((w) => w.drift[c]?.psi ?? null) }))), [t, columns]);
  const layout = useMemo(() => timeLayout(`PSI per ${t.granularity} against the reference (dashed: 0.1 moderate, 0.25 major)`, 'PSI', { shapes: [hline(0.1, OKABE_ITO.yellow), hline(0.25, OKABE_ITO.vermillion)] }), [t]);
  return <Plot data={data} layout={layout} height={380} testId="timeline-psi" label={`PSI per window of ${columns.join(', ')}`} />;
}

export function SelectionTimeline({ t }: { t: TimelineResult }) {
  const x = windowStarts(t);
  const data = useMemo(
    () => [
      ...lines(x, [{ name: 'selection rate', y: t.windows.map((w) => w.selectionRate) }]),
      { type: 'bar', name: 'decisions', x, y: t.windows.map((w) => w.rows), yaxis: 'y2', marker: { color: OKABE_ITO.grey }, opacity: 0.35, hovertemplate: '%{x}: %{y} decisions<extra></extra>' },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t],
  );
  const layout = useMemo(
    () => timeLayout(`Selection rate per ${t.granularity}`, 'selection rate', {
      yaxis: { title: { text: 'selection rate' }, range: [0, 1] },
      yaxis2: { title: { text: 'decisions' }, overlaying: 'y', side: 'right', rangemode: 'tozero', showgrid: false },
      margin: { l: 60, r: 60, t: 40, b: 110 },
    }),
    [t],
  );
  return <Plot data={data} layout={layout} height={340} testId="timeline-selection" label="Selection rate and decisions per window" />;
}

export function PerformanceTimeline({ t }: { t: TimelineResult }) {
  const data = useMemo(
    () => lines(windowStarts(t), [
      { name: 'accuracy', y: t.windows.map((w) => w.performance.accuracy) },
      { name: 'AUC', y: t.windows.map((w) => w.performance.auc) },
      { name: 'Brier score', y: t.windows.map((w) => w.performance.brier) },
      { name: `ECE (${t.eceBins} bins)`, y: t.windows.map((w) => w.performance.ece) },
    ]),
    [t],
  );
  const layout = useMemo(() => timeLayout(`Performance per ${t.granularity} (observed outcomes only)`, 'metric', { yaxis: { title: { text: 'metric' }, range: [0, 1] } }), [t]);
  return <Plot data={data} layout={layout} height={340} testId="timeline-performance" label="Accuracy, AUC, Brier score and calibration error per window" />;
}

export function FairnessTimeline({ t, attribute }: { t: TimelineResult; attribute: string }) {
  const { data, reference } = useMemo(() => {
    const groups = new Set<string>();
    let reference = '';
    for (const w of t.windows) {
      const f = w.fairness[attribute];
      if (!f) continue;
      reference = f.reference;
      for (const g of Object.keys(f.disparateImpact)) if (g !== 'allOthers') groups.add(g);
    }
    const x = windowStarts(t);
    return {
      reference,
      data: lines(x, [
        ...[...groups].map((g) => ({ name: `disparate impact ${g}`, y: t.windows.map((w) => w.fairness[attribute]?.disparateImpact[g] ?? null) })),
        { name: 'demographic parity difference', y: t.windows.map((w) => w.fairness[attribute]?.demographicParityDifference ?? null) },
        { name: 'equal opportunity difference', y: t.windows.map((w) => w.fairness[attribute]?.equalOpportunityDifference ?? null) },
      ]),
    };
  }, [t, attribute]);
  const layout = useMemo(
    () => timeLayout(`Fairness by ${attribute} per ${t.granularity}${reference ? ` (vs ${reference}; dashed: 0.8)` : ''}`, 'metric', { shapes: [hline(0.8, OKABE_ITO.vermillion)] }),
    [t, attribute, reference],
  );
  return <Plot data={data} layout={layout} height={360} testId={`timeline-fairness-${attribute}`} label={`Disparate impact and parity differences by ${attribute} per window`} />;
}

export function ImportanceChart({ r }: { r: DomainClassifierResult }) {
  const rows = useMemo(() => [...r.importance].sort((a, b) => a.aucDrop - b.aucDrop), [r]);
  const data = useMemo(
    () => [
      {
        type: 'bar', orientation: 'h', y: rows.map((x) => x.column), x: rows.map((x) => x.aucDrop), marker: { color: OKABE_ITO.blue },
        customdata: rows.map((x) => x.coefficient), hovertemplate: '%{y}: AUC drop %{x:.4f}, Σ|weight| %{customdata:.3f}<extra></extra>',
      },
    ],
    [rows],
  );
  const layout = useMemo(
    () => ({
      title: { text: 'Columns the classifier relies on: held-out AUC drop when permuted', ...TITLE },
      xaxis: { title: { text: 'mean drop of held-out AUC' } },
      yaxis: { type: 'category', automargin: true },
      margin: { l: 140, r: 20, t: 40, b: 50 },
      showlegend: false,
    }),
    [],
  );
  return <Plot data={data} layout={layout} height={Math.max(260, 60 + 24 * rows.length)} testId="classifier-importance" label="Permutation importance of each column in the domain classifier" />;
}

export function ChallengerPerformanceChart({ r }: { r: ChallengerResult }) {
  const names = ['accuracy', 'auc', 'brier', 'ece'] as const;
  const data = useMemo(
    () => [
      { type: 'bar', name: `champion ${r.champion}`, x: [...names], y: names.map((n) => r.performance.champion[n]), marker: { color: OKABE_ITO.blue }, hovertemplate: 'champion %{x}: %{y:.4f}<extra></extra>' },
      { type: 'bar', name: `challenger ${r.challenger}`, x: [...names], y: names.map((n) => r.performance.challenger[n]), marker: { color: OKABE_ITO.orange }, hovertemplate: 'challenger %{x}: %{y:.4f}<extra></extra>' },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [r],
  );
  const layout = useMemo(
    () => ({
      title: { text: 'Performance side by side (observed outcomes)', ...TITLE },
      barmode: 'group', xaxis: { type: 'category' }, yaxis: { range: [0, 1] },
      legend: { orientation: 'h', y: -0.2 },
    }),
    [],
  );
  return <Plot data={data} layout={layout} height={320} testId="challenger-performance" label="Accuracy, AUC, Brier score and ECE of champion and challenger" />;
}
