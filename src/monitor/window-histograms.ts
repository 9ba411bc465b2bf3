import { quoteIdent, type CaseDb } from '../case/index.ts';
import { DECILES } from './drift-sql.ts';
import { binExpr, select, sideFrom, valueExpr, type Params } from './sides-sql.ts';
import type { Covered, MonitorLog, Side } from './types.ts';
import { CARDINALITY_SAMPLE, CONTINUOUS_SHARE, sampleCardinalitySql } from './value-counts-sql.ts';
import { binCounts, quantilesFromCounts, uniqueEdges } from './value-counts.ts';
import { exactQuantiles } from './order-statistics.ts';

/** Per column: counts per bin index (numeric, over the reference deciles) or per level (categorical), as text keys. */
export type Histogram = Map<string, number>;

export interface ReferenceProfile {
  rows: number;
  edges: Map<string, number[]>;
  counts: Map<string, Histogram>;
}

/** Rows of `from` per stored value of each column, grouped before the cast (col −1: all rows). */
function sideValueCountsSql(from: string, columns: readonly [Covered, number][]): string {
  const parts = [`SELECT -1 AS col, CAST(NULL AS VARCHAR) AS s, CAST(NULL AS DOUBLE) AS x, count(*) AS k ${from}`];
  for (const [c, i] of columns) {
    const key = c.type === 'numeric' ? 'CAST(v AS DOUBLE)' : 'CAST(v AS VARCHAR)';
    const raw = `SELECT ${quoteIdent(c.name)} AS v, count(*) AS k ${from} GROUP BY v`;
    parts.push(`SELECT ${i}, ${c.type === 'numeric' ? 'NULL' : 'key'}, ${c.type === 'numeric' ? 'key' : 'NULL'}, sum(k) FROM (SELECT ${key} AS key, k FROM (${raw})) WHERE key IS NOT NULL GROUP BY key`);
  }
  return `SELECT * FROM (${parts.join('\nUNION ALL\n')}) ORDER BY col, x, s`;
}

/**
 * The reference's histograms: numeric columns over its deciles (from its counts per value; a near-continuous column
 * from quantile_cont and one binning pass), categorical columns per level.
 */
export async function referenceProfile(db: CaseDb, log: MonitorLog, reference: Side, columns: readonly Covered[], logRows: number): Promise<ReferenceProfile> {
  const params: Params = {};
  const from = sideFrom(reference, log, 'r', params);
  const indexed = columns.map((c, i) => [c, i] as [Covered, number]);
  const continuous = new Set<number>();
  const numeric = indexed.filter(([c]) => c.type === 'numeric');
  if (numeric.length && logRows > 2 * CARDINALITY_SAMPLE) {
    const row = (await select(db, sampleCardinalitySql(log, numeric)))[0]!;
    for (const [, i] of numeric) if (Number(row[`d_${i}`]) > CONTINUOUS_SHARE * Number(row.rows)) continuous.add(i);
  }
  const counted = indexed.filter(([, i]) => !continuous.has(i));
  const values = columns.map(() => ({ values: [] as number[], counts: [] as number[], levels: new Map<string, number>() }));
  let rows = 0;
  for (const r of await select(db, sideValueCountsSql(from, counted), params)) {
    const col = Number(r.col);
    if (col < 0) rows = Number(r.k);
    else if (r.x !== null) {
      values[col]!.values.push(Number(r.x));
      values[col]!.counts.push(Number(r.k));
    } else if (r.s !== null) values[col]!.levels.set(String(r.s), Number(r.k));
  }
  const edges = new Map<string, number[]>();
  const counts = new Map<string, Histogram>();
  const toMap = (xs: number[]) => new Map(xs.map((k, b) => [String(b), k] as [string, number]).filter(([, k]) => k > 0));
  for (const [c, i] of counted) {
    if (c.type === 'categorical') {
      counts.set(c.name, values[i]!.levels);
      continue;
    }
    const v = values[i]!;
    const e = uniqueEdges(quantilesFromCounts(v.values, v.counts, DECILES));
    edges.set(c.name, e);
    counts.set(c.name, toMap(binCounts(v.values, v.counts, e)));
  }
  for (const i of continuous) {
    const c = columns[i]!;
    const exact = await exactQuantiles(db, valueExpr(c), from, params, DECILES);
    const q = exact ?? ((await select(db, `SELECT quantile_cont(${valueExpr(c)}, [${DECILES.join(', ')}]) AS q ${from}`, params))[0]!.q as number[] | null) ?? [];
    const e = uniqueEdges(q.map(Number));
    edges.set(c.name, e);
    const binParams: Params = { ...params };
    const bins = await select(db, `SELECT ${binExpr(valueExpr(c), e, binParams, 'b')} AS bin, count(*) AS k ${from} GROUP BY bin`, binParams);
    counts.set(c.name, new Map(bins.filter((b) => b.bin !== null).map((b) => [String(b.bin), Number(b.k)])));
  }
  return { rows, edges, counts };
}

export interface WindowCounts {
  rows: number;
  histograms: Histogram[];
  means: (number | null)[];
}

type Entries = { key: string | number | null; value: number }[] | null;

/**
 * Per window (`w`, an SQL expression, computed once per row): rows, each column's histogram over the reference's bins
 * or levels, and each numeric column's mean; one GROUP BY.
 */
export async function windowHistograms(db: CaseDb, log: MonitorLog, from: string, params: Params, w: string, columns: readonly Covered[], edges: ReadonlyMap<string, number[]>): Promise<Map<string, WindowCounts>> {
  const p: Params = { ...params };
  const text = new Set(log.columns.filter((c) => /^VARCHAR$/i.test(c.type)).map((c) => c.name));
  const aggregates = columns.map((c, i) => {
    if (c.type === 'numeric') return `histogram(${binExpr(valueExpr(c), edges.get(c.name)!, p, `b${i}`)}) AS h${i}, avg(${valueExpr(c)}) AS m${i}`;
    // text needs no cast (the same keys as the reference's CAST(… AS VARCHAR))
    return `histogram(${text.has(c.name) ? quoteIdent(c.name) : valueExpr(c)}) AS h${i}`;
  });
  const out = new Map<string, WindowCounts>();
  for (const r of await select(db, `SELECT ${w} AS w, count(*) AS rows, ${aggregates.join(', ')} ${from} GROUP BY w`, p)) {
    const histograms = columns.map((_, i) => {
      const h = new Map<string, number>();
      for (const e of (r[`h${i}`] as Entries) ?? []) if (e.key !== null) h.set(String(e.key), Number(e.value));
      return h;
    });
    out.set(String(r.w), { rows: Number(r.rows), histograms, means: columns.map((c, i) => (c.type === 'numeric' && r[`m${i}`] !== null ? Number(r[`m${i}`]) : null)) });
  }
  return out;
}
