import type { AttributePlan } from './attribute-plan.ts';
import type { Params } from './sql-text.ts';

/** SQL for an attribute's group value: its text, its number (NaN as missing), or its bin index (left-closed bins). */
export function baseKeyExpression(plan: AttributePlan, ref: string, p: Params): string {
  if (plan.kind === 'categorical') return `CAST(${ref} AS VARCHAR)`;
  const x = `CAST(${ref} AS DOUBLE)`;
  if (plan.kind === 'numeric-values') return `CASE WHEN isnan(${x}) THEN NULL ELSE ${x} END`;
  const branches = plan.edges.map((e, i) => `WHEN ${x} < ${p.double(e)} THEN ${i}`).join(' ');
  return `CASE WHEN ${x} IS NULL OR isnan(${x}) THEN NULL ${branches} ELSE ${plan.edges.length} END`;
}
