import { AssayError, isAssayError } from '../api/errors.ts';
import { checkCancelled } from './cancel.ts';
import { chooseMethod, type Algorithm, type ExplainMethod, type TreeAvailability } from './choose-method.ts';
import { exactShapley } from './exact-shapley.ts';
import { namedValues } from './game-input.ts';
import { kernelShap } from './kernel-shap.ts';
import { sigmoid } from './link.ts';
import { matrixEncoder, type MatrixLayout } from './matrix-encoding.ts';
import type { TreeEnsemble } from './tree-ensemble.ts';
import { treePredict } from './tree-predict.ts';
import { TreeShapExplainer, treeMarginSpace } from './tree-shap.ts';
import type { ExplainDiagnostics, ExplainFeature, Explanation, OutputSpace, Predict, Row, RunControl } from './types.ts';

/** The trees must give ONNX Runtime's probabilities to this tolerance (float32 sums and logistic) before TreeSHAP is used. */
export const TREE_TOLERANCE = 1e-5;

/** The model's tree ensemble as read from its graph: the trees, or why they could not be read. */
export type TreeSource = { ensemble: TreeEnsemble; layout: MatrixLayout } | { unsupported: string };

export interface ExplainerConfig extends RunControl {
  features: ExplainFeature[];
  background: Row[];
  /** The real model: P(positive) per row. */
  predict: Predict;
  output: OutputSpace;
  method: ExplainMethod;
  seed: number;
  nsamples?: number;
  /** null when the model holds no tree ensemble. */
  trees: TreeSource | null;
}

export interface DecisionExplanation extends Explanation {
  method: 'exact' | 'kernel' | 'tree';
  algorithm: Algorithm;
  output: OutputSpace;
  /** The model's P(positive) for the decision, through predict. */
  score: number;
  /** Coalitions KernelSHAP regressed on. */
  nsamples?: number;
  diagnostics: ExplainDiagnostics;
  warnings: string[];
}

export interface PreparedExplainer {
  method: 'exact' | 'kernel' | 'tree';
  algorithm: Algorithm;
  warnings: string[];
  explain(x: Row): Promise<DecisionExplanation>;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(worst) ? Infinity : worst;
}

/** Checks that the trees reproduce the model on the background; the trees or the reason they cannot be used. */
async function usableTrees(config: ExplainerConfig): Promise<{ trees: { ensemble: TreeEnsemble; layout: MatrixLayout } | null; availability: TreeAvailability }> {
  const source = config.trees;
  if (source === null || config.method === 'exact' || config.method === 'kernel') return { trees: null, availability: { available: false, reason: null } };
  if ('unsupported' in source) return { trees: null, availability: { available: false, reason: source.unsupported } };
  if (source.ensemble.featureCount !== config.features.length) {
    const reason = `the ensemble reads ${source.ensemble.featureCount} input columns but the package has ${config.features.length} features`;
    return { trees: null, availability: { available: false, reason } };
  }
  let ours: Float64Array;
  try {
    ours = await treePredict(source.ensemble, matrixEncoder(source.layout))(config.background);
  } catch (e) {
    if (!isAssayError(e) || (e.code !== 'MODEL_UNSUPPORTED' && e.code !== 'MODEL_INVALID')) throw e;
    return { trees: null, availability: { available: false, reason: e.message.replace(/\.$/, '') } };
  }
  const diff = maxDifference(ours, await config.predict(config.background));
  if (!(diff <= TREE_TOLERANCE)) {
    const reason = `the trees read from the graph differ from ONNX Runtime's scores by up to ${diff.toPrecision(3)} on the background`;
    return { trees: null, availability: { available: false, reason } };
  }
  return { trees: source, availability: { available: true, reason: null, marginSpace: treeMarginSpace(source.ensemble) } };
}

/**
 * Chooses the method for a model and background and prepares it once (TreeSHAP summarises the background's side
 * of every leaf), so that many decisions can then be explained against the same background.
 */
export async function prepareExplainer(config: ExplainerConfig): Promise<PreparedExplainer> {
  if (config.background.length === 0) throw new AssayError('BAD_ARGUMENT', 'The background is empty: explanations need at least one background row.');
  const { trees, availability } = await usableTrees(config);
  const choice = chooseMethod(config.method, config.output, config.features.length, availability);
  const names = config.features.map((f) => f.name);
  const control: RunControl = { signal: config.signal, onProgress: config.onProgress, batchRows: config.batchRows };
  const encode = trees ? matrixEncoder(trees.layout) : null;
  const treeShap = trees && choice.algorithm === 'tree-shap' ? new TreeShapExplainer(trees.ensemble, config.background.map((b) => encode!(b))) : null;
  const predictOverTrees = trees && choice.algorithm === 'exact-trees' ? treePredict(trees.ensemble, encode!) : null;

  const explain = async (x: Row): Promise<DecisionExplanation> => {
    checkCancelled(config.signal, 'explanation');
    const score = (await config.predict([x]))[0]!;
    const common = { method: choice.method, algorithm: choice.algorithm, output: config.output, score, warnings: [...choice.warnings] };
    if (treeShap && encode) {
      const r = treeShap.explain(encode(x));
      const treeScore = trees!.ensemble.transform === 'logistic' ? sigmoid(r.fx) : r.fx;
      if (!(Math.abs(treeScore - score) <= TREE_TOLERANCE)) {
        throw new AssayError('MODEL_UNSUPPORTED', `The trees read from the graph give P = ${treeScore} for this decision where ONNX Runtime gives ${score}; explain it with --method exact or kernel.`, { treeScore, score });
      }
      return {
        ...common, baseValue: r.baseValue, fx: r.fx, values: namedValues(names, r.phi), additivityError: r.additivityError,
        diagnostics: { modelRows: 1, clippedProbabilities: 0 },
      };
    }
    const game = { features: names, x, background: config.background, predict: predictOverTrees ?? config.predict, output: config.output };
    if (choice.method === 'kernel') {
      const { nsamples, ...r } = await kernelShap(game, { ...control, seed: config.seed, nsamples: config.nsamples });
      return { ...common, ...r, nsamples };
    }
    return { ...common, ...(await exactShapley(game, control)) };
  };
  return { method: choice.method, algorithm: choice.algorithm, warnings: choice.warnings, explain };
}

/** Explains many decisions against one background, reporting progress decision by decision. */
export async function explainRows(prepared: PreparedExplainer, rows: Row[], control: RunControl = {}): Promise<DecisionExplanation[]> {
  const out: DecisionExplanation[] = [];
  for (const x of rows) {
    checkCancelled(control.signal, 'explanation of the log');
    out.push(await prepared.explain(x));
    control.onProgress?.({ stage: 'explaining', done: out.length, total: rows.length });
  }
  return out;
}
