import { quoteIdent } from '../case/index.ts';
import { binExpr, stackedSides, valueExpr, type Params } from './sides-sql.ts';
import type { Covered, MonitorLog, Side } from './types.ts';

export interface SqlText {
  sql: string;
  params: Params;
}

/** Rows read to judge whether a numeric column is near-continuous (then its ECDFs come from one sort, not from value counts). */
export const CARDINALITY_SAMPLE = 20_000;
/** A numeric column with more distinct values than this share of the sample is near-continuous. */
export const CONTINUOUS_SHARE = 0.5;

/**
 * Approximate distinct values of columns among the log's first CARDINALITY_SAMPLE rows: which numeric columns are
 * near-continuous (an algorithm choice only), and which extra text columns are plainly identifiers (more than
 * MAX_EXTRA_LEVELS levels already there; the others are counted, and dropped afterwards if their levels exceed it).
 */
export function sampleCardinalitySql(log: MonitorLog, columns: readonly [Covered, number][]): string {
  return `SELECT count(*) AS rows, ${columns.map(([c, i]) => `approx_count_distinct(${valueExpr(c)}) AS d_${i}`).join(', ')}
          FROM (SELECT * FROM ${quoteIdent(log.table)} LIMIT ${CARDINALITY_SAMPLE})`;
}

/**
 * One statement, one GROUP BY per column: rows per side (col −1), and per column the rows per distinct non-missing
 * value and side (categorical: `s`; numeric: `x`), or for a near-continuous numeric column only its non-missing
 * values per side (`s` and `x` both NULL). Ordered by column, value, then (categorical) rows descending and level.
 */
export function valueCountsSql(reference: Side, current: Side, log: MonitorLog, columns: readonly Covered[], countOnly: ReadonlySet<number>): SqlText {
  const params: Params = {};
  const k = 'count(*) FILTER (WHERE _side = 0) AS k0, count(*) FILTER (WHERE _side = 1) AS k1';
  const parts = [`SELECT -1 AS col, CAST(NULL AS VARCHAR) AS s, CAST(NULL AS DOUBLE) AS x, ${k} FROM (${stackedSides(reference, current, log, [], params)})`];
  columns.forEach((c, i) => {
    if (countOnly.has(i)) {
      const src = stackedSides(reference, current, log, [`${quoteIdent(c.name)} AS v`], params);
      parts.push(`SELECT ${i}, NULL, NULL, count(v) FILTER (WHERE _side = 0), count(v) FILTER (WHERE _side = 1) FROM (${src})`);
      return;
    }
    // grouped by the stored value, cast afterwards (casting every row first costs more than the grouping)
    const src = stackedSides(reference, current, log, [`${quoteIdent(c.name)} AS v`], params);
    const raw = `SELECT v, ${k} FROM (${src}) WHERE v IS NOT NULL GROUP BY v`;
    const key = c.type === 'numeric' ? 'CAST(v AS DOUBLE)' : 'CAST(v AS VARCHAR)';
    parts.push(`SELECT ${i}, ${c.type === 'numeric' ? 'NULL' : 'key'}, ${c.type === 'numeric' ? 'key' : 'NULL'}, sum(k0), sum(k1) FROM (SELECT ${key} AS key, k0, k1 FROM (${raw})) GROUP BY key`);
  });
  return { sql: `SELECT * FROM (${parts.join('\nUNION ALL\n')}) ORDER BY col, x, k0 + k1 DESC, s`, params };
}

/**
 * A near-continuous numeric column, from one sort of both sides' values: KS and Wasserstein-1 from the running counts
 * at the last row of each run of equal values (r rows so far, c1 of them current), the reference's order statistics
 * at the 0-based `ranks`.
 */
export function sortedNumericSql(reference: Side, current: Side, log: MonitorLog, column: Covered, n0: number, n1: number, ranks: readonly number[]): SqlText {
  const params: Params = { n0, n1 };
  const src = stackedSides(reference, current, log, [`${valueExpr(column)} AS v`], params);
  const gap = 'abs((r - c1) / $n0 - c1 / $n1)';
  const sql = `
    WITH o AS (SELECT _side, v, row_number() OVER w AS r, CAST(sum(_side) OVER w AS BIGINT) AS c1, lead(v) OVER w - v AS dx
               FROM (${src}) WHERE v IS NOT NULL WINDOW w AS (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
    SELECT max(${gap}) FILTER (WHERE dx IS NULL OR dx > 0) AS ks, sum(${gap} * coalesce(dx, 0)) AS w1,
           list([CAST(r - c1 - 1 AS DOUBLE), v]) FILTER (WHERE _side = 0 AND r - c1 - 1 IN (${ranks.map((r) => String(Math.trunc(r))).join(', ') || '-1'})) AS stats
    FROM o`;
  return { sql, params };
}

/** Mean, sample std, min and max per side of numeric columns (`mean0_<i>`, …). */
export function numericSummarySql(reference: Side, current: Side, log: MonitorLog, columns: readonly [Covered, number][]): SqlText {
  const params: Params = {};
  const src = stackedSides(reference, current, log, columns.map(([c, i]) => `${valueExpr(c)} AS c${i}`), params);
  const aggregates = columns.flatMap(([, i]) => [0, 1].flatMap((s) => ['avg', 'stddev_samp', 'min', 'max'].map((f, k) => `${f}(c${i}) FILTER (WHERE _side = ${s}) AS ${['mean', 'std', 'min', 'max'][k]}${s}_${i}`)));
  return { sql: `SELECT ${aggregates.join(', ')} FROM (${src})`, params };
}

/** Rows per side and right-closed bin of one numeric column. */
export function binCountsSql(reference: Side, current: Side, log: MonitorLog, column: Covered, edges: readonly number[]): SqlText {
  const params: Params = {};
  const src = stackedSides(reference, current, log, [`${valueExpr(column)} AS v`], params);
  return { sql: `SELECT ${binExpr('v', edges, params, 'b')} AS bin, ${'count(*) FILTER (WHERE _side = 0) AS k0, count(*) FILTER (WHERE _side = 1) AS k1'} FROM (${src}) WHERE v IS NOT NULL GROUP BY bin ORDER BY bin`, params };
}
