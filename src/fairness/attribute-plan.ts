import { AssayError } from '../api/errors.ts';

/**
 * How one protected attribute becomes group names: its text as is, a number's shortest decimal form, or the interval
 * of a bin. Bins are left-closed, right-open with open ends: edges 25, 35 give (-inf,25), [25,35), [35,inf).
 */
export type AttributePlan =
  | { name: string; kind: 'categorical' }
  | { name: string; kind: 'numeric-values' }
  | { name: string; kind: 'bins'; edges: number[]; quantiles: number | null };

export type BinSpec = number[] | { quantiles: number };

/** A numeric attribute with at most this many distinct values and no --bins is grouped by value. */
export const MAX_DISTINCT_NUMERIC_GROUPS = 10;
export const DEFAULT_QUANTILES = 4;

export function quantileProbabilities(q: number): number[] {
  return Array.from({ length: q - 1 }, (_, i) => (i + 1) / q);
}

export function binName(edges: readonly number[], index: number): string {
  const lo = index === 0 ? '(-inf' : `[${String(edges[index - 1])}`;
  const hi = index === edges.length ? 'inf)' : `${String(edges[index])})`;
  return `${lo},${hi}`;
}

export function binNames(edges: readonly number[]): string[] {
  return Array.from({ length: edges.length + 1 }, (_, i) => binName(edges, i));
}

function cleanEdges(edges: readonly number[]): number[] {
  return [...new Set(edges.filter((e) => Number.isFinite(e)))].sort((a, b) => a - b);
}

export interface PlanInput {
  name: string;
  numeric: boolean;
  /** Distinct non-null values (numeric attributes). */
  distinct: number;
  bins?: BinSpec;
  /** The attribute's quantiles at quantileProbabilities(q) when bins are quantiles (or the default). */
  quantileEdges?: number[];
}

/** Whether the handler must fetch quantile edges for this attribute, and for how many bins. */
export function quantilesNeeded(input: Omit<PlanInput, 'quantileEdges'>): number | null {
  if (!input.numeric) return null;
  if (input.bins && !Array.isArray(input.bins)) return input.bins.quantiles;
  if (!input.bins && input.distinct > MAX_DISTINCT_NUMERIC_GROUPS) return DEFAULT_QUANTILES;
  return null;
}

export function planAttribute(input: PlanInput): { plan: AttributePlan; warning: string | null } {
  if (!input.numeric) {
    if (input.bins) {
      throw new AssayError('BAD_ARGUMENT', `--bins applies to numeric attributes, but "${input.name}" holds text; its values are the groups already.`, { attribute: input.name });
    }
    return { plan: { name: input.name, kind: 'categorical' }, warning: null };
  }
  if (Array.isArray(input.bins)) {
    const edges = cleanEdges(input.bins);
    if (edges.length === 0) throw new AssayError('BAD_ARGUMENT', `--bins for "${input.name}" needs at least one finite edge, e.g. ${input.name}:25,35,50.`, { attribute: input.name });
    return { plan: { name: input.name, kind: 'bins', edges, quantiles: null }, warning: null };
  }
  const q = quantilesNeeded(input);
  if (q === null) return { plan: { name: input.name, kind: 'numeric-values' }, warning: null };
  const edges = cleanEdges(input.quantileEdges ?? []);
  const plan: AttributePlan = { name: input.name, kind: 'bins', edges, quantiles: q };
  const warning = input.bins
    ? null
    : `"${input.name}" is numeric with ${input.distinct} distinct values, so it was cut at its quartiles into ${binNames(edges).join(', ')}; give --bins ${input.name}:EDGES to choose the groups.`;
  return { plan, warning };
}

/** Group name of one attribute value as the SQL returns it (text, number, or bin index). */
export function valueName(plan: AttributePlan, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (plan.kind === 'bins') return binName(plan.edges, Number(value));
  if (plan.kind === 'numeric-values') return String(Number(value));
  return String(value);
}

/** Sort order of the values of one attribute: text by code units, numbers and bins by value. */
export function compareValues(plan: AttributePlan, a: unknown, b: unknown): number {
  if (plan.kind === 'categorical') {
    const x = String(a);
    const y = String(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b);
}
