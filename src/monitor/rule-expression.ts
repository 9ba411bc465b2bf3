/**
 * The check of a guardrail rule, e.g. `psi(credit_amount) > 0.2`, `disparateImpact(sex) < 0.8`, `accuracy < 0.7`,
 * `0.45 <= score <= 0.55`, `outsideReferenceRange(*)`. Population checks compare one number per subject (a column,
 * a group, the window) with a bound; row checks select decisions.
 */
export type Comparison = '<' | '<=' | '>' | '>=';

export const DRIFT_METRICS = ['psi', 'ks', 'ksPValue', 'chi2', 'chi2PValue', 'jsDistance', 'wasserstein'] as const;
/** AIF360 metrics of each group against the reference group. */
export const VS_REFERENCE_RULE_METRICS = ['disparateImpact', 'statisticalParityDifference'] as const;
/** Fairlearn metrics over all groups of the attribute. */
export const BETWEEN_GROUP_RULE_METRICS = ['demographicParityDifference', 'demographicParityRatio', 'equalOpportunityDifference', 'equalizedOddsDifference'] as const;
export const PERFORMANCE_METRICS = ['accuracy', 'auc', 'brier', 'ece', 'selectionRate'] as const;

export type DriftMetric = (typeof DRIFT_METRICS)[number];
export type FairnessRuleMetric = (typeof VS_REFERENCE_RULE_METRICS)[number] | (typeof BETWEEN_GROUP_RULE_METRICS)[number];
export type PerformanceMetric = (typeof PERFORMANCE_METRICS)[number];

export type Check =
  | { kind: 'drift'; metric: DriftMetric; column: string; op: Comparison; bound: number }
  | { kind: 'fairness'; metric: FairnessRuleMetric; attribute: string; op: Comparison; bound: number }
  | { kind: 'performance'; metric: PerformanceMetric; op: Comparison; bound: number }
  | { kind: 'rows'; column: string; lower: { bound: number; inclusive: boolean } | null; upper: { bound: number; inclusive: boolean } | null }
  | { kind: 'outside'; column: string };

export function compare(value: number, op: Comparison, bound: number): boolean {
  switch (op) {
    case '<': return value < bound;
    case '<=': return value <= bound;
    case '>': return value > bound;
    case '>=': return value >= bound;
  }
}

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
const OP = String.raw`<=|>=|<|>|≤|≥`;
const NAME = String.raw`[A-Za-z_][\w.\-]*`;

function op(text: string): Comparison {
  return text === '≤' ? '<=' : text === '≥' ? '>=' : (text as Comparison);
}

const flip: Record<Comparison, Comparison> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function includes<T extends string>(list: readonly T[], name: string): name is T {
  return (list as readonly string[]).includes(name);
}

/** Parses a check; returns a sentence saying what is wrong when it cannot. */
export function parseCheck(text: string): Check | string {
  const t = text.trim();
  let m = new RegExp(`^outside_?reference_?range\\s*\\(\\s*(${NAME}|\\*)\\s*\\)$`, 'i').exec(t);
  if (m) return { kind: 'outside', column: m[1]! };
  m = new RegExp(`^(${NAME})\\s*\\(\\s*(${NAME}|\\*)?\\s*\\)\\s*(${OP})\\s*(${NUMBER})$`).exec(t);
  if (m) return metricCheck(m[1]!, m[2] ?? null, op(m[3]!), Number(m[4]));
  m = new RegExp(`^(${NAME})\\s*(${OP})\\s*(${NUMBER})$`).exec(t);
  if (m) {
    if (includes(PERFORMANCE_METRICS, m[1]!)) return metricCheck(m[1]!, null, op(m[2]!), Number(m[3]));
    return rowsCheck(m[1]!, op(m[2]!), Number(m[3]));
  }
  m = new RegExp(`^(${NUMBER})\\s*(${OP})\\s*(${NAME})$`).exec(t);
  if (m) return rowsCheck(m[3]!, flip[op(m[2]!)], Number(m[1]));
  m = new RegExp(`^(${NUMBER})\\s*(${OP})\\s*(${NAME})\\s*(${OP})\\s*(${NUMBER})$`).exec(t);
  if (m) {
    const [a, b] = [op(m[2]!), op(m[4]!)];
    if (!['<', '<='].includes(a) || !['<', '<='].includes(b)) return `a range is written LOW <= COLUMN <= HIGH (with < or <=), not "${t}"`;
    const lower = Number(m[1]);
    const upper = Number(m[5]);
    if (lower > upper) return `the range ${lower} .. ${upper} is empty: the lower bound must not exceed the upper one`;
    return { kind: 'rows', column: m[3]!, lower: { bound: lower, inclusive: a === '<=' }, upper: { bound: upper, inclusive: b === '<=' } };
  }
  return `"${t}" is not a check Assay knows; write METRIC(COLUMN) > NUMBER (e.g. psi(credit_amount) > 0.2), METRIC < NUMBER (accuracy, auc, brier, ece, selectionRate), LOW <= COLUMN <= HIGH, COLUMN > NUMBER or outsideReferenceRange(COLUMN or *)`;
}

function metricCheck(metric: string, arg: string | null, o: Comparison, bound: number): Check | string {
  if (includes(DRIFT_METRICS, metric)) {
    if (arg === null) return `${metric}() needs a column, e.g. ${metric}(credit_amount), or * for every column`;
    return { kind: 'drift', metric, column: arg, op: o, bound };
  }
  if (includes(VS_REFERENCE_RULE_METRICS, metric) || includes(BETWEEN_GROUP_RULE_METRICS, metric)) {
    if (arg === null || arg === '*') return `${metric}() needs a protected attribute, e.g. ${metric}(sex)`;
    return { kind: 'fairness', metric, attribute: arg, op: o, bound };
  }
  if (includes(PERFORMANCE_METRICS, metric)) {
    if (arg !== null) return `${metric} takes no column: write ${metric} ${o} ${bound}`;
    return { kind: 'performance', metric, op: o, bound };
  }
  return `there is no metric "${metric}"; drift: ${DRIFT_METRICS.join(', ')}; fairness: ${[...VS_REFERENCE_RULE_METRICS, ...BETWEEN_GROUP_RULE_METRICS].join(', ')}; performance: ${PERFORMANCE_METRICS.join(', ')}`;
}

function rowsCheck(column: string, o: Comparison, bound: number): Check {
  const side = { bound, inclusive: o === '<=' || o === '>=' };
  return o === '<' || o === '<=' ? { kind: 'rows', column, lower: null, upper: side } : { kind: 'rows', column, lower: side, upper: null };
}

/** Does a row value satisfy a rows check (the SQL applies the same bounds)? */
export function inRange(value: number, c: Extract<Check, { kind: 'rows' }>): boolean {
  if (c.lower && !(c.lower.inclusive ? value >= c.lower.bound : value > c.lower.bound)) return false;
  if (c.upper && !(c.upper.inclusive ? value <= c.upper.bound : value < c.upper.bound)) return false;
  return true;
}

export function isRowCheck(c: Check): boolean {
  return c.kind === 'rows' || c.kind === 'outside';
}
