/**
 * Result types of the explanation methods, part of the contract. src/explain defines the same shapes for its own
 * use; the service's handler table makes the compiler check that what the engine returns is what these say.
 */
export type ShapFeatureValue = number | string | null;

export interface ShapExplanation {
  baseValue: number;
  fx: number;
  values: Record<string, number>;
  additivityError: number;
}

export interface ExplainDecisionResult extends ShapExplanation {
  decisionId: string;
  method: 'exact' | 'kernel' | 'tree';
  algorithm: 'tree-shap' | 'exact-trees' | 'exact' | 'kernel';
  output: 'probability' | 'logodds';
  /** The model's P(positive) for the decision. */
  score: number;
  nsamples?: number;
  diagnostics: { modelRows: number; clippedProbabilities: number };
  warnings: string[];
  /** The decision's raw feature values, as explained. */
  inputs: Record<string, ShapFeatureValue>;
  backgroundSize: number;
  seed: number;
  packageRef: string;
  runId: string;
}

export interface ShapGroupComparison {
  attribute: string;
  reference: string;
  groups: { group: string; count: number; meanPhi: Record<string, number>; meanFx: number }[];
  vsReference: Record<string, Record<string, number>>;
  range: Record<string, number>;
  missing: number;
}

export interface ExplainGlobalResult {
  method: ExplainDecisionResult['method'];
  algorithm: ExplainDecisionResult['algorithm'];
  output: ExplainDecisionResult['output'];
  baseValue: number;
  features: string[];
  decisions: { decisionId: string; score: number; fx: number; additivityError: number }[];
  importance: { feature: string; meanAbs: number }[];
  /** Per feature, every decision's φ beside its value (also the data of dependence plots). */
  beeswarm: { feature: string; phi: number[]; value: ShapFeatureValue[] }[];
  byGroup: ShapGroupComparison | null;
  backgroundSize: number;
  seed: number;
  packageRef: string;
  warnings: string[];
  runId: string;
}

export interface ExplainImportanceResult {
  metric: 'auc' | 'accuracy';
  baseline: number;
  rows: number;
  excludedRows: number;
  /** Importance = baseline − score with the feature permuted; std with ddof 0, as sklearn. */
  features: Record<string, { mean: number; std: number; repeats: number[] }>;
  repeats: number;
  seed: number;
  packageRef: string;
  runId: string;
}
