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
 * The pass groups by the keys, decision and outcome (a plain GROUP BY, about twice as fast as filtered counts per
 * cell); the few rows it yields are folded into the cells.
 */
export function groupCountsSql(src: LogSource, plans: readonly AttributePlan[]): SqlQuery {
  const p = new Params();
  const keys = keyColumns(plans).join(', ');
  const cell = (y: string, d: number) => `CAST(coalesce(sum(n) FILTER (WHERE ${y} AND d = ${d}), 0) AS BIGINT)`;
  const unobserved = `(y IS NULL OR NOT ${OBSERVED})`;
  const sql = `SELECT ${keys},
    ${cell('y = 0', 0)} AS y0d0, ${cell('y = 0', 1)} AS y0d1, ${cell('y = 1', 0)} AS y1d0, ${cell('y = 1', 1)} AS y1d1,
    ${cell(unobserved, 0)} AS yNd0, ${cell(unobserved, 1)} AS yNd1,
    CAST(coalesce(sum(scored) FILTER (WHERE ${VALID_DECISION}), 0) AS BIGINT) AS score_count,
    coalesce(fsum(score_sum) FILTER (WHERE ${VALID_DECISION}), 0) AS score_sum,
    coalesce(fsum(score_sum_squares) FILTER (WHERE ${VALID_DECISION}), 0) AS score_sum_squares,
    CAST(coalesce(sum(n) FILTER (WHERE d IS NULL OR NOT ${VALID_DECISION}), 0) AS BIGINT) AS invalid_decision
  FROM (
    SELECT ${keys}, d, y, count(*) AS n, count(s) AS scored, fsum(s) AS score_sum, fsum(s * s) AS score_sum_squares
    FROM (${baseRelation(src, plans, p)}) AS b
    GROUP BY ${keys}, d, y
  ) AS cells
  GROUP BY ${keys}`;
  return { sql, params: p.values };
}

/** The distinct non-missing group values of each attribute, as the counts query returned them. */
export type GroupLevels = readonly (readonly unknown[])[];

function levelParam(plan: AttributePlan, value: unknown, p: Params): string {
  if (plan.kind === 'categorical') return `CAST(${p.add(String(value))} AS VARCHAR)`;
  if (plan.kind === 'bins') return `CAST(${p.add(Number(value))} AS INTEGER)`;
  return p.double(Number(value));
}

/**
 * Mann–Whitney rank sums per group over observed rows with a score: rank() gives the lowest rank of a run of ties and
 * count(*) over the RANGE frame up to the current score its highest, so 2·(average rank) = lo + hi stays an exact
 * integer; both come from one window and so one sort. The window partitions by a small integer code of the group,
 * g = Σ cᵢ·strideᵢ with cᵢ the position of the row's value among `levels[i]` (joined from a list of the values), as
 * sorting by one integer is several times faster than by one or more text keys; decodeGroupCode maps g back.
 */
export function groupRanksSql(src: LogSource, plans: readonly AttributePlan[], levels: GroupLevels): SqlQuery {
  const p = new Params();
  const strides = groupStrides(levels);
  const wide = strides[strides.length - 1]! * Math.max(1, levels[levels.length - 1]!.length) > 2 ** 31 - 1;
  const maps = plans.map((plan, i) => {
    const values = levels[i]!.map((v) => levelParam(plan, v, p));
    const codes = levels[i]!.map((_, c) => String(c));
    return `JOIN (SELECT unnest([${values.join(', ') || 'NULL'}]) AS v, unnest([${codes.join(', ') || '0'}]) AS c) AS m${i} ON b.k${i} = m${i}.v`;
  });
  const code = plans.map((_, i) => `CAST(m${i}.c AS BIGINT) * ${strides[i]}`).join(' + ');
  const sql = `SELECT g,
    count(*) FILTER (WHERE y = 1) AS positives,
    count(*) FILTER (WHERE y = 0) AS negatives,
    coalesce(sum(lo + hi) FILTER (WHERE y = 1), 0) AS twice_rank_sum
  FROM (
    SELECT g, y, rank() OVER w AS lo, count(*) OVER (w RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS hi
    FROM (
      SELECT b.y, b.s, CAST(${code} AS ${wide ? 'BIGINT' : 'INTEGER'}) AS g
      FROM (${baseRelation(src, plans, p)}) AS b ${maps.join(' ')}
      WHERE b.${VALID_DECISION} AND b.${OBSERVED} AND b.s IS NOT NULL AND NOT isnan(b.s)
    ) AS coded
    WINDOW w AS (PARTITION BY g ORDER BY s)
  ) AS r
  GROUP BY g`;
  return { sql, params: p.values };
}

function groupStrides(levels: GroupLevels): number[] {
  const strides: number[] = [];
  let stride = 1;
  for (const l of levels) {
    strides.push(stride);
    stride *= Math.max(1, l.length);
  }
  return strides;
}

/** The distinct non-missing values of each key column among the counts query's rows, in first-seen order. */
export function groupLevels(plans: readonly AttributePlan[], countRows: readonly Record<string, unknown>[]): unknown[][] {
  return plans.map((_, i) => [...new Set(countRows.map((r) => r[`k${i}`]).filter((v) => v !== null && v !== undefined))]);
}

/** groupRanksSql's rows with the key columns k0, k1, … restored from the code g. */
export function decodeGroupCode(levels: GroupLevels, rankRows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const strides = groupStrides(levels);
  return rankRows.map((r) => {
    const g = Number(r.g);
    const keys = Object.fromEntries(levels.map((l, i) => [`k${i}`, l[Math.floor(g / strides[i]!) % Math.max(1, l.length)]]));
    return { ...r, ...keys };
  });
}

/** Distinct values of a numeric attribute and, when asked, its quantiles (linear interpolation, as numpy's default). */
export function numericProfileSql(src: LogSource, column: string, probabilities: readonly number[]): SqlQuery {
  const p = new Params();
  const x = `CAST(${columnRef(src, column)} AS DOUBLE)`;
  const quantiles = probabilities.length ? `quantile_cont(${x}, [${probabilities.map((q) => p.double(q)).join(', ')}])` : 'NULL';
  const sql = `SELECT count(DISTINCT ${x}) AS distinct_values, ${quantiles} AS quantiles FROM ${fromClause(src)} WHERE NOT isnan(${x})`;
  return { sql, params: p.values };
}
