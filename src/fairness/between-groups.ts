import { BETWEEN_GROUP_SPECS } from './metric-specs.ts';
import type { BetweenGroups, GroupRateName, GroupRates } from './types.ts';

/**
 * MetricFrame.difference / .ratio (method='between_groups') over one rate: max − min and min / max over the groups
 * that have the rate (pandas skips NaN). A ratio 0/0 (the rate is 0 in every group) is NaN in Fairlearn (pandas
 * division); it is null here.
 */
function aggregateRate(rates: readonly GroupRates[], name: GroupRateName, aggregate: 'difference' | 'ratio'): number | null {
  const values = rates.map((r) => r[name]).filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  const max = Math.max(...values);
  const min = Math.min(...values);
  if (aggregate === 'difference') return max - min;
  return max === 0 ? null : min / max;
}

/**
 * Python's built-in max/min over [tpr, fpr], as equalized_odds_difference / _ratio call them: the first value is kept
 * unless a later one is strictly better, and a comparison with NaN is false. So a NaN first value wins, and a NaN
 * second value is ignored — Assay reproduces that with null for NaN.
 */
function pythonExtreme(values: (number | null)[], better: (a: number, b: number) => boolean): number | null {
  let result = values[0] ?? null;
  for (const v of values.slice(1)) {
    if (result !== null && v !== null && better(v, result)) result = v;
  }
  return result;
}

/** Fairlearn's between-group metrics (fairlearn.metrics.*) over the groups' rates. */
export function betweenGroups(rates: readonly GroupRates[]): BetweenGroups {
  const out = {} as BetweenGroups;
  for (const spec of BETWEEN_GROUP_SPECS) {
    const perRate = spec.rates.map((r) => aggregateRate(rates, r, spec.aggregate));
    out[spec.name] = spec.aggregate === 'difference' ? pythonExtreme(perRate, (a, b) => a > b) : pythonExtreme(perRate, (a, b) => a < b);
  }
  return out;
}
