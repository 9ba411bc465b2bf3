import type { CaseDb } from '../case/index.ts';
import { select, type Params } from './sides-sql.ts';
import { valueBucket } from './value-buckets.ts';
import { interpolateQuantiles, quantileRanks } from './value-counts.ts';

/** Above this many values in the buckets that hold the wanted ranks, a full quantile is cheaper than reading them. */
const MAX_REFINED_VALUES = 2_000_000;

/**
 * Exact order statistics (0-based ranks among the non-missing values, ascending) of a numeric expression without a
 * sort of every value: the values' range is cut into equal-width buckets (valueBucket), which are monotone in v, so
 * a value's rank lies in the bucket where the cumulative counts pass it; only the values of those
 * few buckets are read and sorted (two light passes instead of quantile_cont's gathering of every value). `from` is `FROM … [WHERE …]` with its parameters in `params`. Returns null when
 * the column holds NaN or the buckets would be too full (the caller then uses quantile_cont), so the result is always
 * the exact order statistic.
 */
export async function orderStatistics(db: CaseDb, value: string, from: string, params: Params, ranksOf: (n: number) => readonly number[]): Promise<{ n: number; at: Map<number, number> } | null> {
  const where = `${from}${from.includes(' WHERE ') ? ' AND' : ' WHERE'} ${value} IS NOT NULL`;
  const range = (await select(db, `SELECT min(${value}) AS lo, max(${value}) AS hi, count(*) AS n, count(*) FILTER (WHERE isnan(${value})) AS nans ${where}`, params))[0]!;
  const n = Number(range.n);
  const ranks = ranksOf(n);
  const out = new Map<number, number>();
  if (n === 0 || ranks.length === 0) return { n, at: out };
  if (Number(range.nans) > 0) return null;
  const lo = Number(range.lo);
  const hi = Number(range.hi);
  if (lo === hi) {
    for (const r of ranks) out.set(r, lo);
    return { n, at: out };
  }
  const p: Params = { ...params };
  const bucket = valueBucket(value, n, lo, hi, p, 'os');
  const counts = await select(db, `SELECT ${bucket} AS b, count(*) AS k ${where} GROUP BY b ORDER BY b`, p);
  const wanted = new Map<number, number>(); // bucket → values before it
  let before = 0;
  let r = 0;
  const sorted = [...new Set(ranks)].sort((a, b) => a - b);
  let refined = 0;
  for (const row of counts) {
    const k = Number(row.k);
    if (r < sorted.length && sorted[r]! < before + k) {
      wanted.set(Number(row.b), before);
      refined += k;
      while (r < sorted.length && sorted[r]! < before + k) r++;
    }
    before += k;
  }
  if (refined > MAX_REFINED_VALUES) return null;
  const values = await select(db, `SELECT ${bucket} AS b, ${value} AS v ${where} AND ${bucket} IN (${[...wanted.keys()].join(', ')})`, p);
  const byBucket = new Map<number, number[]>();
  for (const row of values) {
    const list = byBucket.get(Number(row.b)) ?? [];
    list.push(Number(row.v));
    byBucket.set(Number(row.b), list);
  }
  const starts = [...wanted.entries()].sort((a, b) => a[0] - b[0]);
  for (const [b, first] of starts) {
    const vs = byBucket.get(b)!.sort((x, y) => x - y);
    for (const rank of sorted) if (rank >= first && rank < first + vs.length) out.set(rank, vs[rank - first]!);
  }
  return { n, at: out };
}

/** quantile_cont's values (linear interpolation between order statistics) from orderStatistics; null as it. */
export async function exactQuantiles(db: CaseDb, value: string, from: string, params: Params, qs: readonly number[]): Promise<number[] | null> {
  const os = await orderStatistics(db, value, from, params, (n) => quantileRanks(n, qs));
  if (os === null) return null;
  return os.n === 0 ? [] : interpolateQuantiles(os.n, qs, (rank) => os.at.get(rank)!);
}
