import type { Confusion } from './confusion.ts';
import type { BetweenGroupName, GroupRateName, VsReferenceName } from './types.ts';

/**
 * The metric table, in the shape of Fairlearn's metric specs: every per-group rate, between-group metric and
 * reference comparison Assay reports is derived from one row here. docs/metrics.md explains each row in prose.
 */
export interface GroupRateSpec {
  name: GroupRateName;
  formula: string;
  counts: string;
  numerator(c: Confusion): number;
  denominator(c: Confusion): number;
  /** Uses the observed outcome (null when the log has none; rows without an outcome are left out). */
  needsOutcome: boolean;
  extremes: string;
  source: string;
}

export const GROUP_RATE_SPECS: readonly GroupRateSpec[] = [
  {
    name: 'baseRate', formula: 'P(y=1) = (TP+FN) / observed', counts: 'tp, fn, observed',
    numerator: (c) => c.tp + c.fn, denominator: (c) => c.observed, needsOutcome: true,
    extremes: '0: no observed row has y=1; 1: every observed row has y=1', source: 'aif360.metrics.BinaryLabelDatasetMetric.base_rate (favorable_label=1)',
  },
  {
    name: 'selectionRate', formula: 'P(ŷ=1) = predicted positives / n', counts: 'predictedPositive, n',
    numerator: (c) => c.predictedPositive, denominator: (c) => c.n, needsOutcome: false,
    extremes: '0: nobody selected; 1: everybody selected', source: 'fairlearn.metrics.selection_rate (pos_label=1)',
  },
  {
    name: 'truePositiveRate', formula: 'TP / (TP+FN)', counts: 'tp, fn',
    numerator: (c) => c.tp, denominator: (c) => c.tp + c.fn, needsOutcome: true,
    extremes: '0: no y=1 row selected; 1: every y=1 row selected', source: 'fairlearn.metrics.true_positive_rate',
  },
  {
    name: 'falsePositiveRate', formula: 'FP / (FP+TN)', counts: 'fp, tn',
    numerator: (c) => c.fp, denominator: (c) => c.fp + c.tn, needsOutcome: true,
    extremes: '0: no y=0 row selected; 1: every y=0 row selected', source: 'fairlearn.metrics.false_positive_rate',
  },
  {
    name: 'falseNegativeRate', formula: 'FN / (TP+FN)', counts: 'tp, fn',
    numerator: (c) => c.fn, denominator: (c) => c.tp + c.fn, needsOutcome: true,
    extremes: '0: no y=1 row rejected; 1: every y=1 row rejected', source: 'fairlearn.metrics.false_negative_rate',
  },
  {
    name: 'trueNegativeRate', formula: 'TN / (FP+TN)', counts: 'fp, tn',
    numerator: (c) => c.tn, denominator: (c) => c.fp + c.tn, needsOutcome: true,
    extremes: '0: no y=0 row rejected; 1: every y=0 row rejected', source: 'fairlearn.metrics.true_negative_rate',
  },
  {
    name: 'accuracy', formula: '(TP+TN) / observed', counts: 'tp, tn, observed',
    numerator: (c) => c.tp + c.tn, denominator: (c) => c.observed, needsOutcome: true,
    extremes: '0: every decision wrong; 1: every decision right', source: 'sklearn.metrics.accuracy_score',
  },
  {
    name: 'precision', formula: 'TP / (TP+FP)', counts: 'tp, fp',
    numerator: (c) => c.tp, denominator: (c) => c.tp + c.fp, needsOutcome: true,
    extremes: '0: no selected observed row has y=1; 1: every selected observed row has y=1', source: 'sklearn.metrics.precision_score (zero_division → 0)',
  },
];

export interface BetweenGroupSpec {
  name: BetweenGroupName;
  formula: string;
  /** The per-group rates compared; with two, Fairlearn's "worst case" combines them. */
  rates: readonly GroupRateName[];
  aggregate: 'difference' | 'ratio';
  extremes: string;
  source: string;
}

export const BETWEEN_GROUP_SPECS: readonly BetweenGroupSpec[] = [
  {
    name: 'demographicParityDifference', formula: 'max_g selectionRate − min_g selectionRate', rates: ['selectionRate'], aggregate: 'difference',
    extremes: '0: equal selection rates; 1: one group all selected, another none', source: 'fairlearn.metrics.demographic_parity_difference',
  },
  {
    name: 'demographicParityRatio', formula: 'min_g selectionRate / max_g selectionRate', rates: ['selectionRate'], aggregate: 'ratio',
    extremes: '1: equal selection rates; 0: some group never selected; undefined (null) when nobody is selected', source: 'fairlearn.metrics.demographic_parity_ratio',
  },
  {
    name: 'equalizedOddsDifference', formula: 'max(TPR max−min, FPR max−min)', rates: ['truePositiveRate', 'falsePositiveRate'], aggregate: 'difference',
    extremes: '0: equal TPR and FPR; 1: maximal gap in either', source: "fairlearn.metrics.equalized_odds_difference (agg='worst_case')",
  },
  {
    name: 'equalizedOddsRatio', formula: 'min(TPR min/max, FPR min/max)', rates: ['truePositiveRate', 'falsePositiveRate'], aggregate: 'ratio',
    extremes: '1: equal TPR and FPR; 0: some group has TPR or FPR 0 while another has more', source: "fairlearn.metrics.equalized_odds_ratio (agg='worst_case')",
  },
  {
    name: 'equalOpportunityDifference', formula: 'max_g TPR − min_g TPR', rates: ['truePositiveRate'], aggregate: 'difference',
    extremes: '0: equal TPR; 1: maximal gap', source: 'fairlearn.metrics.equal_opportunity_difference',
  },
];

/** Rates of one side of an AIF360 comparison, in terms of the favorable label; null where AIF360 divides by zero. */
export interface FavorableRates {
  selectionRate: number | null;
  truePositiveRate: number | null;
  falsePositiveRate: number | null;
  falseNegativeRate: number | null;
  trueNegativeRate: number | null;
  errorRate: number | null;
}

export interface VsReferenceSpec {
  name: VsReferenceName;
  formula: string;
  compute(u: FavorableRates, p: FavorableRates): number | null;
  extremes: string;
  source: string;
}

function difference(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

export const VS_REFERENCE_SPECS: readonly VsReferenceSpec[] = [
  {
    name: 'disparateImpact', formula: 'SR_u / SR_ref (SR: favorable-decision rate)',
    compute: (u, p) => ratio(u.selectionRate, p.selectionRate),
    extremes: '1: parity; < 0.8 fails the four-fifths rule; null when the reference is never favored', source: 'aif360.metrics.ClassificationMetric.disparate_impact',
  },
  {
    name: 'statisticalParityDifference', formula: 'SR_u − SR_ref',
    compute: (u, p) => difference(u.selectionRate, p.selectionRate),
    extremes: '0: parity; −1 … 1', source: 'aif360.metrics.ClassificationMetric.statistical_parity_difference',
  },
  {
    name: 'equalOpportunityDifference', formula: 'TPR_u − TPR_ref (favorable label as positive)',
    compute: (u, p) => difference(u.truePositiveRate, p.truePositiveRate),
    extremes: '0: parity; −1 … 1', source: 'aif360.metrics.ClassificationMetric.equal_opportunity_difference',
  },
  {
    name: 'averageOddsDifference', formula: '½ [(FPR_u − FPR_ref) + (TPR_u − TPR_ref)]',
    compute: (u, p) => {
      const f = difference(u.falsePositiveRate, p.falsePositiveRate);
      const t = difference(u.truePositiveRate, p.truePositiveRate);
      return f === null || t === null ? null : 0.5 * (f + t);
    },
    extremes: '0: equal odds; −1 … 1', source: 'aif360.metrics.ClassificationMetric.average_odds_difference',
  },
  {
    name: 'averageAbsOddsDifference', formula: '½ [|FPR_u − FPR_ref| + |TPR_u − TPR_ref|]',
    compute: (u, p) => {
      const f = difference(u.falsePositiveRate, p.falsePositiveRate);
      const t = difference(u.truePositiveRate, p.truePositiveRate);
      return f === null || t === null ? null : 0.5 * (Math.abs(f) + Math.abs(t));
    },
    extremes: '0: equal odds; 1: maximal', source: 'aif360.metrics.ClassificationMetric.average_abs_odds_difference',
  },
  {
    name: 'errorRateRatio', formula: 'ERR_u / ERR_ref, ERR = 1 − (TP+TN)/(P+N)',
    compute: (u, p) => ratio(u.errorRate, p.errorRate),
    extremes: '1: equal error rates; null when the reference makes no error', source: 'aif360.metrics.ClassificationMetric.error_rate_ratio',
  },
];
