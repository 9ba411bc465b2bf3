/**
 * Numeric statistics of two samples given as counts per distinct value (ascending). Exact: the ECDFs only change at
 * distinct values, so KS, Wasserstein-1, the deciles and the bin counts are those of the raw values.
 */
export interface ValueCounts {
  /** Distinct values, ascending. */
  values: number[];
  reference: number[];
  current: number[];
}

export interface SideSummary {
  count: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
}

/** Mean, sample standard deviation (two passes), min and max of one side. */
export function summaryOf(values: readonly number[], counts: readonly number[]): SideSummary {
  let n = 0, sum = 0, min: number | null = null, max: number | null = null;
  for (let j = 0; j < values.length; j++) {
    const k = counts[j]!;
    if (k === 0) continue;
    n += k;
    sum += k * values[j]!;
    if (min === null) min = values[j]!;
    max = values[j]!;
  }
  if (n === 0) return { count: 0, mean: null, std: null, min: null, max: null };
  const mean = sum / n;
  let squares = 0;
  for (let j = 0; j < values.length; j++) if (counts[j]! > 0) squares += counts[j]! * (values[j]! - mean) ** 2;
  return { count: n, mean, std: n > 1 ? Math.sqrt(squares / (n - 1)) : null, min, max };
}

/** KS statistic max |F_ref − F_cur| and Wasserstein-1 Σ |F_ref(x_k) − F_cur(x_k)| · (x_{k+1} − x_k) over the distinct values. */
export function ecdfDistances(c: ValueCounts, n0: number, n1: number): { ks: number; wasserstein: number } {
  let c0 = 0, c1 = 0, ks = 0, w = 0;
  for (let j = 0; j < c.values.length; j++) {
    c0 += c.reference[j]!;
    c1 += c.current[j]!;
    const gap = Math.abs(c0 / n0 - c1 / n1);
    if (gap > ks) ks = gap;
    if (j + 1 < c.values.length) w += gap * (c.values[j + 1]! - c.values[j]!);
  }
  return { ks, wasserstein: w };
}

/** The 0-based order statistics quantile_cont needs for probabilities `qs` over n values: floor and ceil of (n − 1)·q. */
export function quantileRanks(n: number, qs: readonly number[]): number[] {
  const out = new Set<number>();
  for (const q of qs) {
    const h = (n - 1) * q;
    out.add(Math.floor(h));
    out.add(Math.ceil(h));
  }
  return [...out].sort((a, b) => a - b);
}

/** DuckDB's quantile_cont (linear interpolation, numpy's default): lo + (hi − lo) · (h − ⌊h⌋), h = (n − 1)·q. */
export function interpolateQuantiles(n: number, qs: readonly number[], orderStatistic: (rank: number) => number): number[] {
  return qs.map((q) => {
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    const hi = Math.ceil(h);
    const a = orderStatistic(lo);
    return lo === hi ? a : a + (orderStatistic(hi) - a) * (h - lo);
  });
}

/** Quantiles of one side from its counts per distinct value. */
export function quantilesFromCounts(values: readonly number[], counts: readonly number[], qs: readonly number[]): number[] {
  const n = counts.reduce((s, k) => s + k, 0);
  if (n === 0) return [];
  const ranks = quantileRanks(n, qs);
  const at = new Map<number, number>();
  let seen = 0, r = 0;
  for (let j = 0; j < values.length && r < ranks.length; j++) {
    seen += counts[j]!;
    while (r < ranks.length && ranks[r]! < seen) at.set(ranks[r++]!, values[j]!);
  }
  return interpolateQuantiles(n, qs, (rank) => at.get(rank)!);
}

/** Sorted unique edges of right-closed bins. */
export function uniqueEdges(quantiles: readonly number[]): number[] {
  return [...new Set(quantiles.map(Number))].sort((a, b) => a - b);
}

/** Counts per right-closed bin (bin = number of edges strictly below the value). */
export function binCounts(values: readonly number[], counts: readonly number[], edges: readonly number[]): number[] {
  const out = new Array<number>(edges.length + 1).fill(0);
  let b = 0;
  for (let j = 0; j < values.length; j++) {
    while (b < edges.length && values[j]! > edges[b]!) b++;
    out[b] = out[b]! + counts[j]!;
  }
  return out;
}
