import type { SqlParam } from '../case/index.ts';
import { binExpr, sideFrom, stackedSides, valueExpr, type Params } from './sides-sql.ts';
import type { Covered, MonitorLog, Side } from './types.ts';

/** Decile probabilities of the PSI bins (DESIGN.md §4). */
export const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** Categorical columns other than model features with more distinct values than this are skipped (identifiers). */
export const MAX_EXTRA_LEVELS = 1000;

export interface SqlText {
  sql: string;
  params: Params;
}

/**
 * One pass over both sides: rows per side and, per column c<i>, values and missing per side; numeric: mean,
 * sample std, min, max per side;
 * categorical: an approximate count of distinct values.
 */
export function summarySql(reference: Side, current: Side, log: MonitorLog, columns: readonly Covered[]): SqlText {
  const params: Params = {};
  const select = columns.map((c, i) => `${valueExpr(c)} AS c${i}`);
  const aggregates = ['count(*) FILTER (WHERE _side = 0) AS rows0', 'count(*) FILTER (WHERE _side = 1) AS rows1'];
  columns.forEach((c, i) => {
    const v = `c${i}`;
    for (const s of [0, 1]) aggregates.push(`count(${v}) FILTER (WHERE _side = ${s}) AS n${s}_${i}`);
    if (c.type === 'numeric') {
      for (const s of [0, 1]) {
        aggregates.push(
          `avg(${v}) FILTER (WHERE _side = ${s}) AS mean${s}_${i}`,
          `stddev_samp(${v}) FILTER (WHERE _side = ${s}) AS std${s}_${i}`,
          `min(${v}) FILTER (WHERE _side = ${s}) AS min${s}_${i}`,
          `max(${v}) FILTER (WHERE _side = ${s}) AS max${s}_${i}`,
        );
      }
    } else {
      aggregates.push(`approx_count_distinct(${v}) AS d_${i}`);
    }
  });
  return { sql: `SELECT ${aggregates.join(', ')} FROM (${stackedSides(reference, current, log, select, params)})`, params };
}

/**
 * One numeric column: the ECDFs of both sides over their distinct values give the KS statistic
 * max |F_ref − F_cur| and the Wasserstein-1 distance Σ |F_ref(x_k) − F_cur(x_k)| · (x_{k+1} − x_k); the value counts
 * binned by the reference deciles (right-closed bins) give the PSI histogram.
 */
/** The reference deciles of every numeric column (quantile_cont: linear interpolation, numpy's default), over the reference side alone. */
export function decilesSql(reference: Side, log: MonitorLog, columns: readonly Covered[]): SqlText | null {
  const numeric = columns.map((c, i) => [c, i] as const).filter(([c]) => c.type === 'numeric');
  if (numeric.length === 0) return null;
  const params: Params = {};
  return {
    sql: `SELECT ${numeric.map(([c, i]) => `quantile_cont(${valueExpr(c)}, [${DECILES.join(', ')}]) AS q_${i}`).join(', ')} ${sideFrom(reference, log, 'r', params)}`,
    params,
  };
}

export function numericDriftSql(reference: Side, current: Side, log: MonitorLog, column: Covered, edges: readonly number[], n0: number, n1: number): SqlText {
  const params: Params = { n0, n1 };
  const src = stackedSides(reference, current, log, [`${valueExpr(column)} AS v`], params);
  const bin = binExpr('v', edges, params, 'b');
  const sql = `
    WITH src AS (${src}),
    g AS (SELECT v, count(*) FILTER (WHERE _side = 0) AS k0, count(*) FILTER (WHERE _side = 1) AS k1 FROM src WHERE v IS NOT NULL GROUP BY v),
    e AS (SELECT v, sum(k0) OVER w / $n0 AS f0, sum(k1) OVER w / $n1 AS f1, lead(v) OVER (ORDER BY v) - v AS dx
          FROM g WINDOW w AS (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)),
    b AS (SELECT ${bin} AS bin, sum(k0) AS k0, sum(k1) AS k1 FROM g GROUP BY bin)
    SELECT (SELECT max(abs(f0 - f1)) FROM e) AS ks,
           (SELECT sum(abs(f0 - f1) * coalesce(dx, 0)) FROM e) AS w1,
           (SELECT list([bin, k0, k1] ORDER BY bin) FROM b) AS bins`;
  return { sql, params };
}

/** One categorical column: rows per level and side (missing values left out). */
export function levelCountsSql(reference: Side, current: Side, log: MonitorLog, column: Covered): SqlText {
  const params: Params = {};
  const src = stackedSides(reference, current, log, [`${valueExpr(column)} AS v`], params);
  return {
    sql: `SELECT v AS level, count(*) FILTER (WHERE _side = 0) AS k0, count(*) FILTER (WHERE _side = 1) AS k1
          FROM (${src}) WHERE v IS NOT NULL GROUP BY v ORDER BY k0 + k1 DESC, v`,
    params,
  };
}

export type { SqlParam };
