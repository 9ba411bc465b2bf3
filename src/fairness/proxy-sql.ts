import type { AttributePlan } from './attribute-plan.ts';
import { baseKeyExpression } from './key-expression.ts';
import { columnRef, fromClause, type LogSource } from './log-source.ts';
import { Params, type SqlQuery } from './sql-text.ts';

export interface ProxyFeature {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Inner decile edges of a numeric feature (unique); bins are right-closed: (-inf, e1], (e1, e2], …, (ek, inf). */
  edges?: number[];
}

export const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** The deciles (linear interpolation) of every numeric feature, in one pass: column q<i> for feature i. */
export function decileEdgesSql(src: LogSource, numericFeatures: readonly string[]): SqlQuery {
  const p = new Params();
  const probs = DECILES.map((q) => p.double(q)).join(', ');
  const cols = numericFeatures.map((f, i) => `quantile_cont(CAST(${columnRef(src, f)} AS DOUBLE), [${probs}]) AS q${i}`);
  return { sql: `SELECT ${cols.join(', ')} FROM ${fromClause(src)}`, params: p.values };
}

function featureExpression(src: LogSource, f: ProxyFeature, p: Params): string {
  const ref = columnRef(src, f.name);
  if (f.kind === 'categorical') return `CAST(${ref} AS VARCHAR)`;
  const x = `CAST(${ref} AS DOUBLE)`;
  const edges = f.edges ?? [];
  const branches = edges.map((e, i) => `WHEN ${x} <= ${p.double(e)} THEN ${i}`).join(' ');
  return `CASE WHEN ${x} IS NULL OR isnan(${x}) THEN NULL ${branches} ELSE ${edges.length} END`;
}

/**
 * The contingency table of one protected attribute against every feature, in one pass with GROUPING SETS:
 * a row of feature i has g<i> = 0, the attribute's group value k, the feature's level v<i> (null: missing) and n.
 */
export function proxyTablesSql(src: LogSource, attribute: AttributePlan, features: readonly ProxyFeature[]): SqlQuery {
  const p = new Params();
  const key = baseKeyExpression(attribute, columnRef(src, attribute.name), p);
  const values = features.map((f, i) => `${featureExpression(src, f, p)} AS v${i}`);
  const sets = features.map((_, i) => `(k, v${i})`).join(', ');
  const flags = features.map((_, i) => `GROUPING(v${i}) AS g${i}`).join(', ');
  const sql = `SELECT ${flags}, k, ${features.map((_, i) => `v${i}`).join(', ')}, count(*) AS n
  FROM (SELECT ${key} AS k, ${values.join(', ')} FROM ${fromClause(src)}) AS b
  WHERE k IS NOT NULL
  GROUP BY GROUPING SETS (${sets})`;
  return { sql, params: p.values };
}
