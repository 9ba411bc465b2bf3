import { z } from 'zod';

/**
 * Replay, what-if, counterfactuals and ICE in the contract: the argument schemas of their methods and their result
 * types. Every result is recorded as a run and carries its `runId`.
 */

const packageRef = z.string().regex(/^[A-Za-z0-9._-]+@[A-Za-z0-9._+-]+$/, 'must be a package reference written id@version');
const logName = z.string().min(1).max(100).regex(/^[^\u0000-\u001f]+$/, 'must not hold control characters');
const columnName = z.string().min(1).max(300);
const decisionId = z.string().min(1).max(300);
const seed = z.number().int().min(0).max(4_294_967_295);

const filterValue = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);

/** One condition on a column of the log; conditions are joined with AND and compiled to parameterised SQL. */
export const whereCondition = z.discriminatedUnion('op', [
  z.object({ column: columnName, op: z.enum(['=', '<', '<=', '>', '>=']), value: filterValue }).strict(),
  z.object({ column: columnName, op: z.literal('between'), value: z.tuple([filterValue, filterValue]) }).strict(),
  z.object({ column: columnName, op: z.literal('in'), value: z.array(filterValue).min(1).max(1000) }).strict(),
]);
export type WhereCondition = z.infer<typeof whereCondition>;

const where = z.array(whereCondition).max(20);

/** Edits of model inputs: column → new value (numbers, or text that parses as one, for numeric inputs). */
export const inputEdits = z
  .record(columnName, z.union([z.string().max(1000), z.number().finite()]))
  .refine((r) => Object.keys(r).length > 0, 'must set at least one column');

export const replayRunArgs = z.object({
  log: logName,
  /** Replay with this package's model instead of the one the log was imported with. */
  package: packageRef.optional(),
  /** A logged score is reproduced when |replayed − logged| ≤ tolerance. Default 1e-6. */
  tolerance: z.number().min(0).max(1).optional(),
  where: where.optional(),
  /** Shortens the mismatch list (and the decision-change list); every mismatch is listed without it. */
  limit: z.number().int().min(0).max(100_000_000).optional(),
}).strict();

export const whatIfDecisionArgs = z.object({
  log: logName,
  decision: decisionId,
  set: inputEdits,
  package: packageRef.optional(),
}).strict();

export const whatIfPopulationArgs = z.object({
  log: logName,
  set: inputEdits,
  package: packageRef.optional(),
  where: where.optional(),
}).strict();

export const whatIfThresholdArgs = z.object({
  log: logName,
  threshold: z.number().min(0).max(1),
  package: packageRef.optional(),
  /** replayed: the scores of the latest full replay of the log with the package (the default when there is one); logged: the log's own scores. */
  scores: z.enum(['replayed', 'logged']).optional(),
  where: where.optional(),
}).strict();

export const counterfactualArgs = z.object({
  log: logName,
  decision: decisionId,
  count: z.number().int().min(1).max(20).optional(),
  /** Inputs that must not change, besides the protected attributes (which never change). */
  immutable: z.array(columnName).max(300).optional(),
  seed: seed.optional(),
  /** At most this many inputs changed in one counterfactual (default 4). */
  maxChanges: z.number().int().min(1).max(50).optional(),
  package: packageRef.optional(),
}).strict();

export const iceArgs = z.object({
  log: logName,
  feature: columnName,
  /** The decision whose ICE curve to draw; without it only the sampled rows' curves and the partial dependence. */
  decision: decisionId.optional(),
  /** Rows of the log sampled (seeded) for the curves and the partial dependence (default 100). */
  sample: z.number().int().min(1).max(10_000).optional(),
  seed: seed.optional(),
  /** Grid points of a numeric feature, at reference quantiles (default 20). */
  gridSize: z.number().int().min(2).max(200).optional(),
  package: packageRef.optional(),
}).strict();

export interface ScoreDecision {
  score: number;
  decision: 0 | 1;
}

export interface ReplayMismatch {
  decisionId: string;
  logged: number | null;
  /** null when the model gave NaN. */
  replayed: number | null;
  /** replayed − logged; null when either is missing. */
  diff: number | null;
  decisionFlipped: boolean;
}

export interface ReplayFailure {
  decisionId: string;
  row: number;
  message: string;
}

export interface DecisionChange {
  decisionId: string;
  logged: number | null;
  replayed: number;
  loggedDecision: 0 | 1 | null;
  replayedDecision: 0 | 1;
}

export interface ReplayResult {
  log: string;
  package: string;
  /** True when the package is not the one the log was imported with. */
  otherPackage: boolean;
  tolerance: number;
  threshold: number;
  where: WhereCondition[];
  /** The table of per-row results in the case (decision_id, _row, logged, replayed, abs_diff, reproduced, decision_flipped, error). */
  table: string;
  rows: number;
  reproduced: number;
  mismatched: number;
  flipped: number;
  failed: number;
  /** Largest |replayed − logged| among the reproduced rows; null when none is. */
  maxAbsDiffReproduced: number | null;
  maxAbsDiff: number | null;
  unseenCategoryRows: number;
  mismatches: ReplayMismatch[];
  /** True when `limit` shortened a list. */
  truncated: boolean;
  failures: ReplayFailure[];
  /** With another package: the decisions it would take differently from the logged ones. */
  decisionChanges: { total: number; toPositive: number; toNegative: number; rows: DecisionChange[] } | null;
  scoring: { thread: 'worker' | 'inline'; reason: string | null };
  warnings: string[];
  runId: string;
}

export interface InputEdit {
  column: string;
  from: string | number | null;
  to: string | number;
}

export interface WhatIfResult {
  log: string;
  package: string;
  decisionId: string;
  threshold: number;
  /** The logged score and decision, for reference; what-if compares the model with itself. */
  logged: { score: number | null; decision: 0 | 1 | null };
  original: ScoreDecision;
  edited: ScoreDecision;
  changed: boolean;
  edits: InputEdit[];
  warnings: string[];
  runId: string;
}

export interface PopulationGroup {
  group: string | null;
  rows: number;
  flipped: number;
  toPositive: number;
  toNegative: number;
  selectionRateBefore: number;
  selectionRateAfter: number;
}

export interface PopulationWhatIfResult {
  log: string;
  package: string;
  threshold: number;
  favorableOutcome: 0 | 1;
  set: Record<string, string | number>;
  where: WhereCondition[];
  rows: number;
  flipped: number;
  toPositive: number;
  toNegative: number;
  /** Mean of (edited − original) model score. */
  meanScoreChange: number | null;
  failed: number;
  byAttribute: { attribute: string; groups: PopulationGroup[] }[];
  warnings: string[];
  runId: string;
}

export interface ConfusionAt {
  threshold: number;
  positives: number;
  negatives: number;
  selectionRate: number | null;
  /** Against the observed outcome; rows without one are counted in unknownOutcome. */
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  unknownOutcome: number;
  accuracy: number | null;
  truePositiveRate: number | null;
  falsePositiveRate: number | null;
}

export interface ThresholdWhatIfResult {
  log: string;
  package: string;
  scores: 'replayed' | 'logged';
  /** The replay table the scores came from, when replayed. */
  replayTable: string | null;
  where: WhereCondition[];
  rows: number;
  current: ConfusionAt;
  proposed: ConfusionAt;
  changed: { total: number; toPositive: number; toNegative: number };
  byAttribute: { attribute: string; groups: { group: string | null; rows: number; selectionRateCurrent: number | null; selectionRateProposed: number | null }[] }[];
  warnings: string[];
  runId: string;
}

export interface Counterfactual {
  changes: InputEdit[];
  score: number;
  decision: 0 | 1;
  /** Range-normalised L1 over the numeric inputs plus 1 per changed categorical input. */
  distance: number;
}

export interface CounterfactualResult {
  log: string;
  package: string;
  decisionId: string;
  threshold: number;
  original: ScoreDecision;
  target: 0 | 1;
  requested: number;
  counterfactuals: Counterfactual[];
  /** Mean pairwise distance between the counterfactuals; null for fewer than two. */
  diversity: number | null;
  immutable: string[];
  /** The bounds searched within: reference data range (or manifest min/max), narrowed by monotonic constraints. */
  bounds: Record<string, { min: number; max: number; integer: boolean } | { levels: string[] }>;
  seed: number;
  candidatesScored: number;
  warnings: string[];
  runId: string;
}

export interface IceCurve {
  decisionId: string;
  value: string | number | null;
  score: number;
  curve: number[];
}

export interface IceResult {
  log: string;
  package: string;
  feature: string;
  kind: 'numeric' | 'categorical';
  threshold: number;
  grid: (string | number)[];
  decision: IceCurve | null;
  sample: { rows: number; seed: number; curves: IceCurve[] };
  /** Mean of the sampled rows' curves at each grid point. */
  partialDependence: number[];
  warnings: string[];
  runId: string;
}

export type ReplayRunArgs = z.output<typeof replayRunArgs>;
export type WhatIfDecisionArgs = z.output<typeof whatIfDecisionArgs>;
export type WhatIfPopulationArgs = z.output<typeof whatIfPopulationArgs>;
export type WhatIfThresholdArgs = z.output<typeof whatIfThresholdArgs>;
export type CounterfactualArgs = z.output<typeof counterfactualArgs>;
export type IceArgs = z.output<typeof iceArgs>;
