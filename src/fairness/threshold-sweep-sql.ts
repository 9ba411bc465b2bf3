import type { AttributePlan } from './attribute-plan.ts';
import { baseRelation, keyColumns } from './counts-sql.ts';
import type { LogSource } from './log-source.ts';
import { Params, type SqlQuery } from './sql-text.ts';

/**
 * One pass for a threshold sweep over ascending thresholds t_0 < t_1 < …: per group and outcome yk ('0', '1', 'N' for
 * not observed), the number n of rows in each bucket, bucket b holding the scores in [t_{b−1}, t_b) (bucket 0 below
 * t_0). A row is decided favorably at t_i (score ≥ t_i, the decision rule of DESIGN.md §2.1) when its bucket is > i.
 */
export function thresholdSweepSql(src: LogSource, plans: readonly AttributePlan[], ascending: readonly number[]): SqlQuery {
  const p = new Params();
  const keys = keyColumns(plans).join(', ');
  const present = keyColumns(plans).map((k) => `${k} IS NOT NULL`).join(' AND ');
  const bucket = `CASE ${ascending.map((t, i) => `WHEN s < ${p.double(t)} THEN ${i}`).join(' ')} ELSE ${ascending.length} END`;
  const sql = `SELECT ${keys}, CASE WHEN y = 0 THEN '0' WHEN y = 1 THEN '1' ELSE 'N' END AS yk, ${bucket} AS bucket, count(*) AS n
  FROM (${baseRelation(src, plans, p)}) AS b
  WHERE ${present} AND s IS NOT NULL AND NOT isnan(s)
  GROUP BY ALL`;
  return { sql, params: p.values };
}
