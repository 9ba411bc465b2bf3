/**
 * A binary tree ensemble as plain data: the model's output is transform(base + Σ over trees of the value of the leaf
 * that x reaches). src/packages/onnx/tree-ensemble.ts reads it from an ONNX TreeEnsembleClassifier/Regressor and
 * returns a structurally identical type (the layering forbids either side importing the other); the service passes it.
 */
export type TreeNodeMode = 'BRANCH_LEQ' | 'BRANCH_LT' | 'BRANCH_GTE' | 'BRANCH_GT' | 'BRANCH_EQ' | 'BRANCH_NEQ' | 'LEAF';

export interface TreeData {
  /** Per node, indexed by position; node 0 is the root. */
  modes: TreeNodeMode[];
  features: number[];
  thresholds: number[];
  /** Positions of the child taken when the comparison holds / does not. */
  trueChildren: number[];
  falseChildren: number[];
  /** A NaN input goes to the true child (nodes_missing_value_tracks_true). */
  missingTracksTrue: boolean[];
  /** The leaf's contribution to the margin (0 for branches). */
  values: number[];
}

export interface TreeEnsemble {
  /** Width of the input vector (matrix layout: one column per feature, categoricals as level indices). */
  featureCount: number;
  /** The graph takes float32, so inputs are rounded to float32 before they are compared. */
  float32Inputs: boolean;
  base: number;
  /** P = margin ('identity') or P = 1/(1 + e^−margin) ('logistic'). */
  transform: 'identity' | 'logistic';
  trees: TreeData[];
}
