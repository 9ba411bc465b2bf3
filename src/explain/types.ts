import type { Progress } from '../api/contract-types.ts';

/** A raw feature value: a number for a numeric feature, a string (level) for a categorical one, null when missing. */
export type FeatureValue = number | string | null;

/** One model input row: raw feature values keyed by feature name. */
export type Row = Record<string, FeatureValue>;

/** The model, injected: P(positive class) for each row, in order. Called with batches of rows. */
export type Predict = (rows: Row[]) => Promise<Float64Array>;

/** What is explained: P(positive) itself, or its log-odds logit(P). */
export type OutputSpace = 'probability' | 'logodds';

/** A feature as the explanations need it (structurally a manifest feature). */
export interface ExplainFeature {
  name: string;
  type: 'numeric' | 'categorical';
  levels?: string[];
}

/** Every explanation: base value (no feature known), f(x), one φ per raw feature, and |Σφ − (f(x) − base)|. */
export interface Explanation {
  baseValue: number;
  fx: number;
  values: Record<string, number>;
  additivityError: number;
}

/** What an explanation cost and met on the way. */
export interface ExplainDiagnostics {
  /** Rows sent through predict. */
  modelRows: number;
  /** Predictions clipped into (0, 1) before the logit (see link.ts). */
  clippedProbabilities: number;
}

export type ExplanationResult = Explanation & { diagnostics: ExplainDiagnostics };

/** Batching, progress and cancellation of the long loops. */
export interface RunControl {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Rows per predict call (default 16384). */
  batchRows?: number;
}

/** The cooperative game of interventional Shapley values: v(S) = mean over background b of link(f(x_S, b_rest)). */
export interface ShapleyGame {
  /** The players, in order: raw feature names. */
  features: string[];
  x: Row;
  background: Row[];
  predict: Predict;
  output: OutputSpace;
}
