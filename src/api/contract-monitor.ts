import { z } from 'zod';

/**
 * Monitoring in the contract (issue 8): data drift between a reference and a current window, the timeline of drift,
 * performance and fairness per window, the multivariate domain classifier, the challenger comparison and the
 * guardrails. Every result is recorded as a run and carries its `runId`.
 */

const packageRef = z.string().regex(/^[A-Za-z0-9._-]+@[A-Za-z0-9._+-]+$/, 'must be a package reference written id@version');
const logName = z.string().min(1).max(100).regex(/^[^\u0000-\u001f]+$/, 'must not hold control characters');
const columnName = z.string().min(1).max(300);
const filePath = z.string().min(1).max(4096);
const seed = z.number().int().min(0).max(4_294_967_295);
/** A date (2025-07-01), a month (2025-07) or an ISO 8601 timestamp; without a zone it is UTC. */
const instant = z.string().min(4).max(40);

/** A half-open time window [from, to) of the log; an end left out is the log's first or last decision. */
export const timeWindow = z.object({ from: instant.optional(), to: instant.optional() }).strict();
export type TimeWindow = z.infer<typeof timeWindow>;

const windows = {
  log: logName,
  /** The package whose reference data and model are used (default: the one the log was imported with). */
  package: packageRef.optional(),
  /** A window of the log as the reference; without it, the package's reference data. */
  reference: timeWindow.optional(),
  /** The window compared with the reference (default: the whole log, or what follows a log-window reference). */
  current: timeWindow.optional(),
};

export const driftArgs = z.object({
  ...windows,
  /** Only these columns (features, extra columns, score, decision); default: all of them. */
  columns: z.array(columnName).min(1).max(500).optional(),
}).strict();

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const timelineArgs = z.object({
  ...windows,
  granularity: z.enum(GRANULARITIES).optional(),
  /** Protected attributes whose fairness is followed per window (default: the package's). */
  attributes: z.array(columnName).max(10).optional(),
  columns: z.array(columnName).min(1).max(500).optional(),
}).strict();

export const domainClassifierArgs = z.object({
  ...windows,
  /** Folds of the cross-validation (default 5). */
  folds: z.number().int().min(2).max(10).optional(),
  /** Rows drawn (seeded) from each side at most (default 5000). */
  sample: z.number().int().min(10).max(100_000).optional(),
  seed: seed.optional(),
  columns: z.array(columnName).min(1).max(500).optional(),
}).strict();

export const challengerArgs = z.object({
  log: logName,
  challenger: packageRef,
  /** Protected attributes compared (default: the champion package's). */
  attributes: z.array(columnName).max(10).optional(),
  current: timeWindow.optional(),
}).strict();

export const guardArgs = z.object({
  ...windows,
  rules: filePath,
}).strict();

export type DriftArgs = z.output<typeof driftArgs>;
export type TimelineArgs = z.output<typeof timelineArgs>;
export type DomainClassifierArgs = z.output<typeof domainClassifierArgs>;
export type ChallengerArgs = z.output<typeof challengerArgs>;
export type GuardArgs = z.output<typeof guardArgs>;

export interface DriftWindow {
  /** log: a window of the decision log; referenceData: the package's reference data (scored with its model). */
  kind: 'log' | 'referenceData';
  /** ISO 8601 UTC; [from, to) half-open. For reference data, null. */
  from: string | null;
  to: string | null;
  rows: number;
}

export type ColumnRole = 'feature' | 'protected' | 'extra' | 'score' | 'decision';
export type Severity = 'none' | 'moderate' | 'major';

export interface Pair<T = number | null> {
  reference: T;
  current: T;
}

export interface FeatureDrift {
  type: 'numeric' | 'categorical';
  role: ColumnRole;
  /** Population stability index: over reference-decile bins (numeric) or levels (categorical). */
  psi: number;
  /** Two-sample Kolmogorov–Smirnov statistic and its asymptotic p-value (numeric only). */
  ks: number | null;
  ksPValue: number | null;
  /** Pearson chi-square without continuity correction (categorical only). */
  chi2: number | null;
  chi2PValue: number | null;
  chi2DegreesOfFreedom: number | null;
  /** Jensen–Shannon distance, base 2, over the PSI bins or levels. */
  jsDistance: number;
  /** Wasserstein-1 distance, in the column's units (numeric only). */
  wasserstein: number | null;
  mean: Pair;
  /** Sample standard deviation (ddof 1); null below two values. */
  std: Pair;
  min: Pair;
  max: Pair;
  /** Rows with a value, and rows without one (left out of every statistic). */
  count: Pair<number>;
  missing: Pair<number>;
  /** Numeric: the inner bin edges (unique reference deciles) and the proportion of each side per bin. */
  bins: { edges: number[]; reference: number[]; current: number[] } | null;
  /** Categorical: proportion of each side per level, most frequent first (at most 100 levels listed). */
  levels: { level: string; reference: number; current: number }[] | null;
  newLevels: string[] | null;
  vanishedLevels: string[] | null;
  /** From the PSI: none < 0.1 ≤ moderate < 0.25 ≤ major. */
  severity: Severity;
  /** e.g. constant_in_reference, few_rows, levels_truncated. */
  flags: string[];
}

export interface DriftResult {
  log: string;
  package: string;
  reference: DriftWindow;
  current: DriftWindow;
  features: Record<string, FeatureDrift>;
  /** Every covered column, largest PSI first. */
  ranking: string[];
  /** Columns whose severity is major. */
  alerts: string[];
  thresholds: { moderate: number; major: number };
  skipped: { column: string; reason: string }[];
  warnings: string[];
  runId: string;
}

export interface PerformanceMetrics {
  /** Rows with an observed outcome (the metrics use only these) and rows still without one. */
  observed: number;
  missingOutcome: number;
  accuracy: number | null;
  auc: number | null;
  brier: number | null;
  /** Expected calibration error over 10 equal-width score bins on [0, 1]. */
  ece: number | null;
}

export interface WindowFairness {
  reference: string;
  groups: Record<string, { rows: number; selectionRate: number | null; truePositiveRate: number | null }>;
  /** AIF360 disparate impact of each group (and allOthers) against the reference group. */
  disparateImpact: Record<string, number | null>;
  demographicParityDifference: number | null;
  demographicParityRatio: number | null;
  equalOpportunityDifference: number | null;
  equalizedOddsDifference: number | null;
}

export interface TimelineWindow {
  /** [start, end), ISO 8601 UTC. */
  start: string;
  end: string;
  rows: number;
  selectionRate: number | null;
  performance: PerformanceMetrics;
  /**
   * Per column: PSI and JS distance against the reference, and the window's mean (numeric); `noise` is the PSI expected
   * from sampling alone, (occupied bins − 1)(1/n_reference + 1/n_window), and `smallSample` says it reaches the
   * moderate threshold, so that this window's severity cannot tell drift from noise.
   */
  drift: Record<string, { psi: number | null; jsDistance: number | null; mean: number | null; severity: Severity | null; noise: number | null; smallSample: boolean }>;
  /** Per protected attribute; null when the window has fewer than two of its groups or lacks the reference group. */
  fairness: Record<string, WindowFairness | null>;
}

export interface TimelineResult {
  log: string;
  package: string;
  granularity: Granularity;
  /** Why this granularity: chosen from the span, or given. */
  granularityReason: string;
  reference: DriftWindow;
  span: { from: string; to: string; rows: number };
  columns: string[];
  attributes: string[];
  eceBins: number;
  windows: TimelineWindow[];
  warnings: string[];
  runId: string;
}

export interface DomainClassifierResult {
  log: string;
  package: string;
  reference: DriftWindow;
  current: DriftWindow;
  /** Rows used from each side (a seeded sample above `sample`). */
  rows: Pair<number>;
  sampled: boolean;
  seed: number;
  folds: number;
  /** Mean of the held-out folds' AUC of telling current (1) from reference (0); 0.5 means no detectable drift. */
  auc: number;
  foldAuc: number[];
  /** Columns the classifier relies on: mean drop of held-out AUC when the column is permuted (seeded), and the sum of |coefficient| of its encoded inputs. */
  importance: { column: string; aucDrop: number; coefficient: number }[];
  model: { kind: 'logistic_regression'; l2: number; inputs: number; iterations: number };
  interpretation: string;
  warnings: string[];
  runId: string;
}

export interface FlipMatrix {
  /** champion decision → challenger decision → rows. */
  '0': { '0': number; '1': number };
  '1': { '0': number; '1': number };
}

export interface ChallengerResult {
  log: string;
  champion: string;
  challenger: string;
  current: DriftWindow;
  /** The replay of the log with the challenger (its table and run). */
  replay: { table: string; runId: string; failed: number };
  rows: number;
  /** Share of rows where both decide alike. */
  agreement: number | null;
  flips: FlipMatrix;
  /** Pearson correlation of the two scores. */
  scoreCorrelation: number | null;
  performance: { champion: PerformanceMetrics; challenger: PerformanceMetrics };
  fairness: { attribute: string; champion: WindowFairness | null; challenger: WindowFairness | null }[];
  warnings: string[];
  runId: string;
}

export type RuleAction = 'alert' | 'block' | 'route';

export interface RuleOutcome {
  name: string;
  /** 1-based line of the rule in the rules file. */
  line: number;
  check: string;
  action: RuleAction;
  scope: 'population' | 'row';
  fired: boolean;
  /** Population rules: the value of each subject checked (a column, a group); row rules: none. */
  observed: { subject: string; value: number | null; fired: boolean }[];
  /** Row rules: decisions matching the check. */
  matched: number | null;
  message: string;
}

export interface GuardResult {
  log: string;
  package: string;
  rulesFile: string;
  rulesSha256: string;
  reference: DriftWindow;
  current: DriftWindow;
  rules: RuleOutcome[];
  fired: string[];
  /** True when a rule with action block fired: `assay guard` exits 1. */
  blocked: boolean;
  /** Decisions routed to a person: the table (decision_id, _row, rule) and the first ids. */
  routed: { rows: number; table: string | null; decisionIds: string[]; truncated: boolean };
  warnings: string[];
  runId: string;
}
