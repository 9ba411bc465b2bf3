import type { CaseDb } from '../case/index.ts';
import { DECILES } from './drift-sql.ts';
import { select, stackedSides, valueExpr, type Params } from './sides-sql.ts';
import { valueBucket } from './value-buckets.ts';
import type { Covered, MonitorLog, Side } from './types.ts';
import { binCounts, interpolateQuantiles, quantileRanks, uniqueEdges } from './value-counts.ts';

/** Above this many values of buckets split by a decile edge to read back, one sort of every value is cheaper. */
const MAX_REFINED_VALUES = 1_500_000;

interface Bucket {
  b: number;
  k0: number;
  k1: number;
  lo: number;
  hi: number;
  s0: number;
  s1: number;
}

export interface NumericComparison {
  ks: number;
  wasserstein: number;
  edges: number[];
  ref: number[];
  cur: number[];
}

/**
 * KS, Wasserstein-1, the reference's deciles and the decile-bin counts of a near-continuous column, exactly as one sort
 * of both sides would give them, from equal-width buckets of the value range (valueBucket: monotone in v, so buckets
 * hold consecutive runs of the sorted values) and one sort, per bucket, of the values of the buckets
 * where the answer is not settled by the bucket counts:
 * - D(x) = F_ref(x) − F_cur(x) is known exactly at each bucket's largest value; inside a bucket it stays within
 *   [D_before − k1/n1, D_before + k0/n0], so a bucket is read for KS only when that bound exceeds the largest exact |D|;
 * - ∫|D| over a bucket is |∫D| = |∫F_ref − ∫F_cur| when D keeps its sign there, with ∫_lo^hi F = (C·(hi − lo) + k·hi −
 *   Σv)/n from the bucket's count k, sum Σv and the rows C before it; a bucket where D may change sign is read;
 * - the deciles' order statistics come from the buckets that hold them, the bins an edge splits from their values.
 * Returns null (the caller sorts everything) for NaN values or when an edge splits too full a bucket.
 */
export async function bucketedNumeric(
  db: CaseDb, reference: Side, current: Side, log: MonitorLog, column: Covered, n0: number, n1: number, lo: number, hi: number,
): Promise<NumericComparison | null> {
  if (!(n0 > 0 && n1 > 0 && Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) return null;
  const params: Params = {};
  const src = stackedSides(reference, current, log, [`${valueExpr(column)} AS v`], params);
  const bucket = `CASE WHEN isnan(v) THEN -1 ELSE ${valueBucket('v', n0 + n1, lo, hi, params, 'bk')} END`;
  const rows = await select(db, `SELECT ${bucket} AS b, count(*) FILTER (WHERE _side = 0) AS k0, count(*) FILTER (WHERE _side = 1) AS k1, min(v) AS lo, max(v) AS hi,
      coalesce(fsum(v) FILTER (WHERE _side = 0), 0) AS s0, coalesce(fsum(v) FILTER (WHERE _side = 1), 0) AS s1
    FROM (${src}) WHERE v IS NOT NULL GROUP BY b ORDER BY b`, params);
  const list: Bucket[] = rows.map((r) => ({ b: Number(r.b), k0: Number(r.k0), k1: Number(r.k1), lo: Number(r.lo), hi: Number(r.hi), s0: Number(r.s0), s1: Number(r.s1) }));
  if (list.some((x) => x.b < 0)) return null;

  // exact |D| at every bucket's largest value, and the buckets to read
  let c0 = 0, c1 = 0, exactKs = 0;
  const before: { c0: number; c1: number }[] = [];
  for (const x of list) {
    before.push({ c0, c1 });
    c0 += x.k0;
    c1 += x.k1;
    exactKs = Math.max(exactKs, Math.abs(c0 / n0 - c1 / n1));
  }
  const read = new Set<number>();
  const ranks = quantileRanks(n0, DECILES);
  list.forEach((x, j) => {
    const d = before[j]!.c0 / n0 - before[j]!.c1 / n1;
    const up = d + x.k0 / n0;
    const down = d - x.k1 / n1;
    if (Math.max(Math.abs(up), Math.abs(down)) > exactKs) read.add(j);
    if (down < 0 && up > 0 && x.hi > x.lo) read.add(j);
    if (ranks.some((r) => r >= before[j]!.c0 && r < before[j]!.c0 + x.k0)) read.add(j);
  });
  const refined = await refineBuckets(db, src, bucket, params, list, before, read, ranks, n0, n1);

  let ks = exactKs, w = 0;
  list.forEach((x, j) => {
    const { c0: b0, c1: b1 } = before[j]!;
    if (j > 0) w += Math.abs(b0 / n0 - b1 / n1) * (x.lo - list[j - 1]!.hi);
    const r = refined.buckets.get(x.b);
    if (r) {
      ks = Math.max(ks, r.ks);
      w += r.w1;
    } else if (x.hi > x.lo) {
      w += Math.abs((b0 * (x.hi - x.lo) + x.k0 * x.hi - x.s0) / n0 - (b1 * (x.hi - x.lo) + x.k1 * x.hi - x.s1) / n1);
    }
  });
  const at = refined.orderStatistics;
  const edges = uniqueEdges(interpolateQuantiles(n0, DECILES, (rank) => at.get(rank)!));
  const bins = await edgeBins(db, src, bucket, params, list, edges);
  if (bins === null) return null;
  return { ks, wasserstein: w, edges, ...bins };
}

/**
 * Inside the chosen buckets, from one sort of their values per bucket: the largest |D| at the end of a run of equal
 * values, ∫|D| between the bucket's values (D from the rows before the bucket plus the running counts), and the
 * reference's order statistics at `ranks` that fall there.
 */
async function refineBuckets(
  db: CaseDb, src: string, bucket: string, params: Params, list: readonly Bucket[], before: readonly { c0: number; c1: number }[],
  which: ReadonlySet<number>, ranks: readonly number[], n0: number, n1: number,
): Promise<{ buckets: Map<number, { ks: number; w1: number }>; orderStatistics: Map<number, number> }> {
  const buckets = new Map<number, { ks: number; w1: number }>();
  const orderStatistics = new Map<number, number>();
  if (which.size === 0) return { buckets, orderStatistics };
  const chosen = [...which].sort((a, b) => a - b);
  // bucket numbers and counts are integers this code computed: written into the statement as numbers
  const ints = (f: (j: number) => number) => `[${chosen.map((j) => String(f(j))).join(', ')}]`;
  const p: Params = { ...params, rf_n0: n0, rf_n1: n1 };
  const gap = 'abs((c0b + r - c1) / $rf_n0 - (c1b + c1) / $rf_n1)';
  const sql = `
    WITH c AS (SELECT unnest(${ints((j) => list[j]!.b)}) AS b, unnest(${ints((j) => before[j]!.c0)}) AS c0b, unnest(${ints((j) => before[j]!.c1)}) AS c1b),
         s AS (SELECT ${bucket} AS b, _side, v FROM (${src}) WHERE v IS NOT NULL),
         o AS (SELECT s.b, s._side, s.v, c.c0b, c.c1b, row_number() OVER w AS r, CAST(sum(s._side) OVER w AS BIGINT) AS c1, lead(s.v) OVER w - s.v AS dx
               FROM s JOIN c ON s.b = c.b
               WINDOW w AS (PARTITION BY s.b ORDER BY s.v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
    SELECT b, max(${gap}) FILTER (WHERE dx IS NULL OR dx > 0) AS ks, coalesce(sum(${gap} * coalesce(dx, 0)), 0) AS w1,
           list([CAST(c0b + r - c1 - 1 AS DOUBLE), v]) FILTER (WHERE _side = 0 AND c0b + r - c1 - 1 IN (${ranks.map((r) => String(Math.trunc(r))).join(', ') || '-1'})) AS stats
    FROM o GROUP BY b`;
  for (const row of await select(db, sql, p)) {
    buckets.set(Number(row.b), { ks: Number(row.ks ?? 0), w1: Number(row.w1) });
    for (const [rank, v] of (row.stats as number[][] | null) ?? []) orderStatistics.set(Number(rank), Number(v));
  }
  return { buckets, orderStatistics };
}

type Tagged = { v: number; side: 0 | 1 };

/** The values of the chosen buckets, each bucket's sorted ascending; null when there are too many to read. */
async function readBuckets(db: CaseDb, src: string, bucket: string, params: Params, list: readonly Bucket[], which: ReadonlySet<number>): Promise<Map<number, Tagged[]> | null> {
  const out = new Map<number, Tagged[]>();
  if (which.size === 0) return out;
  const total = [...which].reduce((s, j) => s + list[j]!.k0 + list[j]!.k1, 0);
  if (total > MAX_REFINED_VALUES) return null;
  const index = new Map([...which].map((j) => [list[j]!.b, j]));
  const rows = await select(db, `SELECT b, _side, v FROM (SELECT ${bucket} AS b, _side, v FROM (${src}) WHERE v IS NOT NULL) WHERE b IN (${[...index.keys()].join(', ')})`, params);
  for (const r of rows) {
    const j = index.get(Number(r.b))!;
    const l = out.get(j) ?? [];
    l.push({ v: Number(r.v), side: Number(r._side) === 0 ? 0 : 1 });
    out.set(j, l);
  }
  for (const l of out.values()) l.sort((a, b) => a.v - b.v);
  return out;
}

/** Rows per side and right-closed bin (v ≤ edge): whole buckets by their counts, the few buckets an edge splits by their values. */
async function edgeBins(db: CaseDb, src: string, bucket: string, params: Params, list: readonly Bucket[], edges: readonly number[]): Promise<{ ref: number[]; cur: number[] } | null> {
  const split = new Set<number>();
  list.forEach((x, j) => {
    if (edges.some((e) => e >= x.lo && e < x.hi)) split.add(j);
  });
  const values = await readBuckets(db, src, bucket, params, list, split);
  if (values === null) return null;
  const ref = new Array<number>(edges.length + 1).fill(0);
  const cur = new Array<number>(edges.length + 1).fill(0);
  list.forEach((x, j) => {
    const l = values.get(j);
    if (l) {
      const byValue = { values: l.map((t) => t.v), reference: l.map((t) => (t.side === 0 ? 1 : 0)), current: l.map((t) => (t.side === 1 ? 1 : 0)) };
      binCounts(byValue.values, byValue.reference, edges).forEach((k, b) => (ref[b]! += k));
      binCounts(byValue.values, byValue.current, edges).forEach((k, b) => (cur[b]! += k));
      return;
    }
    const b = edges.filter((e) => x.lo > e).length;
    ref[b]! += x.k0;
    cur[b]! += x.k1;
  });
  return { ref, cur };
}
