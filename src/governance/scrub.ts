/** Which names hold personal values in a structured result. */
export interface ScrubPlan {
  /** Keys whose values are personal (column names as in the table and as in the source file). */
  keys: ReadonlySet<string>;
  /** Columns named by `column` or `feature` fields, whose sibling `from`, `to` and `value` are personal. */
  columns: ReadonlySet<string>;
  /** Whether `decisionId` fields are personal (the decision_id column is marked personal). */
  decisionIds: boolean;
}

const VALUE_FIELDS = ['from', 'to', 'value'];

/**
 * Replaces every personal value of a JSON-like structure by `token`: the value under a personal key, the
 * `from`/`to`/`value` beside a `column` or `feature` that is personal, and decision ids when those are personal.
 */
export function scrub(value: unknown, plan: ScrubPlan, token: string): unknown {
  if (Array.isArray(value)) return value.map((v) => scrub(v, plan, token));
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  const obj = value as Record<string, unknown>;
  const named = [obj.column, obj.feature].some((n) => typeof n === 'string' && plan.columns.has(n));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (plan.keys.has(k) || (plan.decisionIds && (k === 'decisionId' || k === 'decision_id'))) out[k] = v === null ? null : token;
    else if (named && VALUE_FIELDS.includes(k)) out[k] = Array.isArray(v) ? v.map((x) => (x === null ? null : token)) : v === null ? null : token;
    else out[k] = scrub(v, plan, token);
  }
  return out;
}
