/**
 * Data shapes of the fairness engine, part of the contract: counts come in (from the SQL the service runs),
 * metrics go out. `FairnessReport` plus a `runId` is the result of `fairness.run`.
 */
export type Favorable = 0 | 1;

/**
 * The rows of one group split by the observed outcome y (0, 1, or N = not yet observed) and the model's decision ŷ.
 * Every count the metrics need is a sum of these six cells.
 */
export interface Cells {
  y0d0: number;
  y0d1: number;
  y1d0: number;
  y1d1: number;
  yNd0: number;
  yNd1: number;
}

export const CELL_NAMES = ['y0d0', 'y0d1', 'y1d0', 'y1d1', 'yNd0', 'yNd1'] as const satisfies readonly (keyof Cells)[];

export interface ScoreSums {
  count: number;
  sum: number;
  sumSquares: number;
}

/** Mann–Whitney inputs over observed rows with a score: ranks within the group, ties averaged, doubled to stay integral. */
export interface RankSums {
  positives: number;
  negatives: number;
  twiceRankSumPositives: number;
}

export interface GroupCounts {
  group: string;
  cells: Cells;
  score: ScoreSums;
  ranks: RankSums | null;
}

export const GROUP_RATES = [
  'baseRate', 'selectionRate', 'truePositiveRate', 'falsePositiveRate', 'falseNegativeRate', 'trueNegativeRate', 'accuracy', 'precision',
] as const;
export type GroupRateName = (typeof GROUP_RATES)[number];

export const BETWEEN_GROUP_METRICS = [
  'demographicParityDifference', 'demographicParityRatio', 'equalizedOddsDifference', 'equalizedOddsRatio', 'equalOpportunityDifference',
] as const;
export type BetweenGroupName = (typeof BETWEEN_GROUP_METRICS)[number];

export const VS_REFERENCE_METRICS = [
  'disparateImpact', 'statisticalParityDifference', 'equalOpportunityDifference', 'averageOddsDifference', 'averageAbsOddsDifference', 'errorRateRatio',
] as const;
export type VsReferenceName = (typeof VS_REFERENCE_METRICS)[number];

export type Interval = [number, number];

export type GroupRates = Record<GroupRateName, number | null>;

export interface GroupMetrics extends GroupRates {
  group: string;
  count: number;
  meanScore: number | null;
  auc: number | null;
  /** 95% percentile bootstrap intervals by metric name; null without bootstrap. */
  ci: Partial<Record<GroupRateName, Interval | null>> | null;
  /** e.g. small_group, reference, no_outcomes, undefined:truePositiveRate, undefined:auc. */
  flags: string[];
}

export type BetweenGroups = Record<BetweenGroupName, number | null>;
export type VsReference = Record<VsReferenceName, number | null>;

export interface DatasetWide {
  theilIndex: number | null;
  consistency: number | null;
  /** How consistency was computed: rows used, whether they are a seeded sample, neighbours k. */
  consistencyDetail: { rows: number; sampled: boolean; seed: number | null; neighbours: number } | null;
}

export interface ProportionTest {
  test: 'two_proportion_z' | 'fisher_exact';
  /** z for the z test (group − reference); the sample odds ratio for Fisher's test (as scipy reports it). */
  statistic: number | null;
  pValue: number | null;
}

export interface IndependenceTest {
  test: 'chi_square';
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
}

export interface FairnessTests {
  /** Favorable-decision rate of each group (and allOthers) against the reference. */
  vsReference: Record<string, ProportionTest>;
  /** Pearson chi-square test of independence of group and favorable decision over all groups; null when undefined. */
  independence: IndependenceTest | null;
}

export interface ProxyStrength {
  feature: string;
  kind: 'numeric' | 'categorical';
  attribute: string;
  cramersV: number | null;
  mutualInformation: number;
  rows: number;
}

export interface SweepPoint {
  threshold: number;
  /** Per group if the decision were score ≥ threshold: selection rate, TPR, FPR (the group table's conventions). */
  groups: Record<string, { selectionRate: number | null; truePositiveRate: number | null; falsePositiveRate: number | null }>;
  betweenGroups: BetweenGroups;
  /** AIF360 disparate impact of each group (and allOthers) against the reference, favorable label as positive. */
  disparateImpact: Record<string, number | null>;
  /** Each group's cells at this threshold: accuracy and per-group-threshold trade-offs are derived from them. */
  cells: Record<string, Cells>;
}

export interface BootstrapInfo {
  replicates: number;
  seed: number;
  confidence: number;
}

export interface FairnessReport {
  attribute: string;
  reference: string;
  favorable: Favorable;
  minGroupSize: number;
  groups: GroupMetrics[];
  betweenGroups: BetweenGroups;
  vsReference: Record<string, VsReference>;
  datasetWide: DatasetWide;
  tests: FairnessTests;
  /** Bootstrap intervals of the between-group and vsReference metrics; null without bootstrap. */
  ci: { betweenGroups: Partial<Record<BetweenGroupName, Interval | null>>; vsReference: Record<string, Partial<Record<VsReferenceName, Interval | null>>> } | null;
  bootstrap: BootstrapInfo | null;
  proxies: ProxyStrength[] | null;
  /** Metrics at other decision thresholds (score ≥ t); null unless asked for. */
  thresholdSweep: SweepPoint[] | null;
  rows: { analysed: number; missingAttribute: number };
  warnings: string[];
}
