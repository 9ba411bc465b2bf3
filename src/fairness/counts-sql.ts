import type { AttributePlan } from './attribute-plan.ts';
import { baseKeyExpression } from './key-expression.ts';
import { columnRef, fromClause, type LogSource } from './log-source.ts';
import { Params, type SqlQuery } from './sql-text.ts';

export function keyColumns(plans: readonly AttributePlan[]): string[] {
  return plans.map((_, i) => `k${i}`);
}

/**
 * One row per log row: d (decision), y (outcome), s (score) and k0, k1, … (each attribute's group value: text,
 * number, or bin index).
 */
export function baseRelation(src: LogSource, plans: readonly AttributePlan[], p: Params): string {
  const keys = plans.map((plan, i) => `${baseKeyExpression(plan, columnRef(src, plan.name), p)} AS k${i}`);
  return `SELECT l."decision" AS d, l."outcome" AS y, l."score" AS s, ${keys.join(', ')} FROM ${fromClause(src)}`;
}

const VALID_DECISION = 'd IN (0, 1)';
const OBSERVED = 'y IN (0, 1)';

/**
 * One pass over the log: the six (y, ŷ) cells of every group, the score sums (fsum: compensated summation) and the
 * rows left out because their decision is not 0/1. Rows whose attribute is missing form the group with null keys.
 */
export function groupCountsSql(src: LogSource, plans: readonly AttributePlan[]): SqlQuery {
  const p = new Params();
  const keys = keyColumns(plans).join(', ');
  const cell = (y: string, d: number) => `count(*) FILTER (WHERE ${y} AND d = ${d})`;
  const sql = `SELECT ${keys},
    ${cell('y = 0', 0)} AS y0d0, ${cell('y = 0', 1)} AS y0d1, ${cell('y = 1', 0)} AS y1d0, ${cell('y = 1', 1)} AS y1d1,
    ${cell(`(y IS NULL OR NOT ${OBSERVED})`, 0)} AS yNd0, ${cell(`(y IS NULL OR NOT ${OBSERVED})`, 1)} AS yNd1,
    count(s) FILTER (WHERE ${VALID_DECISION}) AS score_count,
    coalesce(fsum(s) FILTER (WHERE ${VALID_DECISION}), 0) AS score_sum,
    coalesce(fsum(s * s) FILTER (WHERE ${VALID_DECISION}), 0) AS score_sum_squares,
    count(*) FILTER (WHERE d IS NULL OR NOT ${VALID_DECISION}) AS invalid_decision
  FROM (${baseRelation(src, plans, p)}) AS b
  GROUP BY ${keys}`;
  return { sql, params: p.values };
}

/**
 * Mann–Whitney rank sums per group over observed rows with a score: rank() gives the lowest rank of a run of ties and
 * count(*) over the RANGE frame up to the current score its highest, so 2·(average rank) = lo + hi stays an exact
 * integer; both come from one window and so one sort.
 */
export function groupRanksSql(src: LogSource, plans: readonly AttributePlan[]): SqlQuery {
  const p = new Params();
  const keys = keyColumns(plans).join(', ');
  const present = keyColumns(plans).map((k) => `${k} IS NOT NULL`).join(' AND ');
  const sql = `SELECT ${keys},
    count(*) FILTER (WHERE y = 1) AS positives,
    count(*) FILTER (WHERE y = 0) AS negatives,
    coalesce(sum(lo + hi) FILTER (WHERE y = 1), 0) AS twice_rank_sum
  FROM (
    SELECT ${keys}, y, rank() OVER w AS lo, count(*) OVER (w RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS hi
    FROM (${baseRelation(src, plans, p)}) AS b
    WHERE ${VALID_DECISION} AND ${OBSERVED} AND s IS NOT NULL AND NOT isnan(s) AND ${present}
    WINDOW w AS (PARTITION BY ${keys} ORDER BY s)
  ) AS r
  GROUP BY ${keys}`;
  return { sql, params: p.values };
}

/** Distinct values of a numeric attribute and, when asked, its quantiles (linear interpolation, as numpy's default). */
export function numericProfileSql(src: LogSource, column: string, probabilities: readonly number[]): SqlQuery {
  const p = new Params();
  const x = `CAST(${columnRef(src, column)} AS DOUBLE)`;
  const quantiles = probabilities.length ? `quantile_cont(${x}, [${probabilities.map((q) => p.double(q)).join(', ')}])` : 'NULL';
  const sql = `SELECT count(DISTINCT ${x}) AS distinct_values, ${quantiles} AS quantiles FROM ${fromClause(src)} WHERE NOT isnan(${x})`;
  return { sql, params: p.values };
}
