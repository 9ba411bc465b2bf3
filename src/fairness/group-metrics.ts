import { confusionOf } from './confusion.ts';
import { GROUP_RATE_SPECS } from './metric-specs.ts';
import type { Cells, GroupCounts, GroupMetrics, GroupRateName, GroupRates, RankSums, ScoreSums } from './types.ts';

export interface DerivedRates {
  rates: GroupRates;
  /** Rates whose denominator is zero: reported as 0 (Fairlearn's convention) and flagged. */
  undefinedRates: GroupRateName[];
  /** The group has no observed outcome, so every outcome-based rate is null. */
  noOutcomes: boolean;
}

/**
 * Per-group rates from the metric table. A rate with a zero denominator counts as 0, as Fairlearn's rates do
 * (sklearn.metrics.confusion_matrix(normalize='true') turns 0/0 into 0 with np.nan_to_num; precision_score's
 * zero_division gives 0); it is listed in undefinedRates. A group without rows or without any observed outcome
 * has null for the rates that need them: there is nothing to count, and 0 would claim a value.
 */
export function deriveRates(counts: Cells): DerivedRates {
  const c = confusionOf(counts);
  const rates = {} as GroupRates;
  const undefinedRates: GroupRateName[] = [];
  const noOutcomes = c.observed === 0;
  for (const spec of GROUP_RATE_SPECS) {
    if (c.n === 0 || (spec.needsOutcome && noOutcomes)) {
      rates[spec.name] = null;
      continue;
    }
    const den = spec.denominator(c);
    if (den === 0) {
      rates[spec.name] = 0;
      undefinedRates.push(spec.name);
    } else {
      rates[spec.name] = spec.numerator(c) / den;
    }
  }
  return { rates, undefinedRates, noOutcomes };
}

export function meanScore(s: ScoreSums): number | null {
  return s.count === 0 ? null : s.sum / s.count;
}

/**
 * ROC AUC of the score for y = 1 against y = 0 as the Mann–Whitney statistic with tied scores given their average
 * rank; this equals sklearn.metrics.roc_auc_score (which integrates ties as trapezoids). Null with a single class.
 */
export function aucFromRanks(r: RankSums | null): number | null {
  if (!r || r.positives === 0 || r.negatives === 0) return null;
  return (r.twiceRankSumPositives - r.positives * (r.positives + 1)) / (2 * r.positives * r.negatives);
}

export interface GroupMetricsOptions {
  minGroupSize: number;
  reference: string;
}

export function groupMetrics(g: GroupCounts, options: GroupMetricsOptions): GroupMetrics {
  const d = deriveRates(g.cells);
  const count = confusionOf(g.cells).n;
  const auc = aucFromRanks(g.ranks);
  const flags: string[] = [];
  if (g.group === options.reference) flags.push('reference');
  if (count < options.minGroupSize) flags.push('small_group');
  if (d.noOutcomes) flags.push('no_outcomes');
  for (const r of d.undefinedRates) flags.push(`undefined:${r}`);
  if (auc === null && !d.noOutcomes) flags.push('undefined:auc');
  return { group: g.group, count, ...d.rates, meanScore: meanScore(g.score), auc, ci: null, flags };
}
