import { Random } from '../util/random.ts';

export const CONSISTENCY_NEIGHBOURS = 5;

export interface FeatureColumn {
  name: string;
  kind: 'numeric' | 'categorical';
  values: readonly (number | string | null)[];
}

/**
 * The rows as a numeric matrix (row-major): a numeric column standardised to mean 0 and population standard deviation
 * 1 (a constant column becomes 0, as sklearn's StandardScaler leaves it), a missing number at the mean (0); a
 * categorical column one-hot over its sorted levels, with "missing" as a level of its own.
 */
export function encodeFeatures(columns: readonly FeatureColumn[], rows: number): { matrix: Float64Array; width: number } {
  const blocks: ((row: number, out: Float64Array, at: number) => void)[] = [];
  const widths: number[] = [];
  for (const col of columns) {
    if (col.kind === 'numeric') {
      let count = 0;
      let sum = 0;
      for (const v of col.values) if (typeof v === 'number' && Number.isFinite(v)) (count++, (sum += v));
      const mean = count ? sum / count : 0;
      let ss = 0;
      for (const v of col.values) if (typeof v === 'number' && Number.isFinite(v)) ss += (v - mean) ** 2;
      const sd = count ? Math.sqrt(ss / count) : 0;
      const scale = sd === 0 ? 1 : sd;
      widths.push(1);
      blocks.push((row, out, at) => {
        const v = col.values[row];
        out[at] = typeof v === 'number' && Number.isFinite(v) ? (v - mean) / scale : 0;
      });
    } else {
      const key = (v: number | string | null | undefined) => (v === null || v === undefined ? '\u0000missing' : String(v));
      const levels = [...new Set(col.values.map(key))].sort();
      const index = new Map(levels.map((l, i) => [l, i]));
      widths.push(levels.length);
      blocks.push((row, out, at) => {
        out[at + index.get(key(col.values[row]))!] = 1;
      });
    }
  }
  const width = widths.reduce((s, w) => s + w, 0);
  const matrix = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    let at = r * width;
    blocks.forEach((fill, b) => {
      fill(r, matrix, at);
      at += widths[b]!;
    });
  }
  return { matrix, width };
}

/**
 * AIF360 BinaryLabelDatasetMetric.consistency(n_neighbors=5) on the decisions: 1 − mean_i |ŷ_i − mean_{j ∈ kNN(i)} ŷ_j|,
 * the k nearest neighbours by Euclidean distance with the row itself included (sklearn's kneighbors on the fitted
 * data returns it first). Rows at equal distance are taken in row order; sklearn's ball tree may choose another
 * of the tied rows, the only case where the two can differ. Exact: O(n² · width).
 */
export function consistency(matrix: Float64Array, width: number, decisions: ArrayLike<number>, k = CONSISTENCY_NEIGHBOURS): number | null {
  const n = decisions.length;
  if (n === 0) return null;
  const kk = Math.min(k, n);
  const dist = new Float64Array(n * kk).fill(Infinity);
  const idx = new Int32Array(n * kk).fill(-1);
  // Each row's own entry has distance −1 so that it is always among its neighbours, even among identical rows.
  // Candidates reach each row's list in increasing row order, so inserting only strictly closer rows keeps the lowest index among ties.
  const offer = (i: number, j: number, d: number) => {
    const base = i * kk;
    if (d >= dist[base + kk - 1]!) return;
    let p = kk - 1;
    while (p > 0 && dist[base + p - 1]! > d) {
      dist[base + p] = dist[base + p - 1]!;
      idx[base + p] = idx[base + p - 1]!;
      p--;
    }
    dist[base + p] = d;
    idx[base + p] = j;
  };
  for (let i = 0; i < n; i++) {
    offer(i, i, -1);
    const oi = i * width;
    for (let j = i + 1; j < n; j++) {
      const oj = j * width;
      let d = 0;
      for (let t = 0; t < width; t++) {
        const x = matrix[oi + t]! - matrix[oj + t]!;
        d += x * x;
      }
      offer(i, j, d);
      offer(j, i, d);
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (let p = 0; p < kk; p++) mean += decisions[idx[i * kk + p]!]!;
    total += Math.abs(decisions[i]! - mean / kk);
  }
  return 1 - total / n;
}

/** m distinct indices of [0, n), sorted, drawn with a seeded generator (Floyd's algorithm); all of them when m ≥ n. */
export function sampleIndices(n: number, m: number, seed: number): number[] {
  if (m >= n) return Array.from({ length: n }, (_, i) => i);
  const rng = new Random(seed);
  const chosen = new Set<number>();
  for (let j = n - m; j < n; j++) {
    const t = rng.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}
