import type { Cells, SweepPoint } from '../../../src/api/contract.ts';

/** One way of deciding: a threshold per group, its accuracy over the rows with an outcome, and the resulting gap. */
export interface TradeOffPoint {
  label: string;
  thresholds: Record<string, number>;
  accuracy: number | null;
  /** max − min over groups of the equalised rate (selection rate or TPR). */
  gap: number | null;
}

function correct(c: Cells): number {
  return c.y0d0 + c.y1d1;
}
function observed(c: Cells): number {
  return c.y0d0 + c.y0d1 + c.y1d0 + c.y1d1;
}
function selectionRate(c: Cells): number | null {
  const n = observed(c) + c.yNd0 + c.yNd1;
  return n ? (c.y0d1 + c.y1d1 + c.yNd1) / n : null;
}
function tpr(c: Cells): number | null {
  const p = c.y1d0 + c.y1d1;
  return p ? c.y1d1 / p : null;
}

export type Equalised = 'selectionRate' | 'truePositiveRate';
const RATE: Record<Equalised, (c: Cells) => number | null> = { selectionRate, truePositiveRate: tpr };

function accuracyOf(cells: Cells[]): number | null {
  const n = cells.reduce((a, c) => a + observed(c), 0);
  return n ? cells.reduce((a, c) => a + correct(c), 0) / n : null;
}

function gapOf(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null);
  return v.length < 2 ? null : Math.max(...v) - Math.min(...v);
}

/** One threshold for every group, at each sweep point. */
export function singleThreshold(sweep: SweepPoint[], rate: Equalised): TradeOffPoint[] {
  return sweep.map((p) => {
    const cells = Object.values(p.cells);
    return {
      label: `t = ${p.threshold}`,
      thresholds: Object.fromEntries(Object.keys(p.cells).map((g) => [g, p.threshold])),
      accuracy: accuracyOf(cells),
      gap: gapOf(cells.map(RATE[rate])),
    };
  });
}

/**
 * Per-group thresholds that bring every group's rate as close as the sweep grid allows to a common target: for each
 * target (each rate of the reference group along the sweep), every group takes the sweep threshold whose rate is
 * nearest. A what-if over the sweep's thresholds only; it is never applied.
 */
export function perGroupThresholds(sweep: SweepPoint[], reference: string, rate: Equalised): TradeOffPoint[] {
  const groups = [...new Set(sweep.flatMap((p) => Object.keys(p.cells)))];
  const out: TradeOffPoint[] = [];
  for (const target of sweep) {
    const refCells = target.cells[reference];
    const goal = refCells ? RATE[rate](refCells) : null;
    if (goal === null) continue;
    const chosen: Record<string, number> = {};
    const cells: Cells[] = [];
    const rates: (number | null)[] = [];
    for (const g of groups) {
      let best: { p: SweepPoint; d: number } | null = null;
      for (const p of sweep) {
        const c = p.cells[g];
        const r = c ? RATE[rate](c) : null;
        if (r === null) continue;
        const d = Math.abs(r - goal);
        if (!best || d < best.d) best = { p, d };
      }
      if (!best) continue;
      chosen[g] = best.p.threshold;
      cells.push(best.p.cells[g]!);
      rates.push(RATE[rate](best.p.cells[g]!));
    }
    out.push({ label: `${reference} at t = ${target.threshold}`, thresholds: chosen, accuracy: accuracyOf(cells), gap: gapOf(rates) });
  }
  return out;
}

/** 0.02, 0.04, …, 0.98: the sweep the screen asks for. */
export const SWEEP_THRESHOLDS = Array.from({ length: 49 }, (_, i) => Math.round((i + 1) * 2) / 100);
