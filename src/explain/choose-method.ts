import { AssayError } from '../api/errors.ts';
import { EXACT_MAX_FEATURES } from './exact-shapley.ts';
import type { OutputSpace } from './types.ts';

export type ExplainMethod = 'auto' | 'exact' | 'kernel' | 'tree';

/**
 * How an explanation is computed. tree-shap: interventional TreeSHAP on the ensemble's margin; exact-trees: exact
 * Shapley through the ensemble evaluated in the other space; exact / kernel: through the model's predict.
 */
export type Algorithm = 'tree-shap' | 'exact-trees' | 'exact' | 'kernel';

export interface TreeAvailability {
  /** The model is a tree ensemble TreeSHAP can read. */
  available: boolean;
  /** Why not, when the model holds an ensemble that cannot be read (null when it holds none). */
  reason: string | null;
  /** The space of the ensemble's margin (log-odds under LOGISTIC, probability under NONE). */
  marginSpace?: OutputSpace;
}

export interface MethodChoice {
  method: 'exact' | 'kernel' | 'tree';
  algorithm: Algorithm;
  warnings: string[];
}

/**
 * auto: TreeSHAP for a tree ensemble explained in its margin's space; otherwise exact Shapley up to
 * EXACT_MAX_FEATURES features and KernelSHAP above. tree: TreeSHAP, or exact Shapley over the trees in the other
 * space; an unreadable ensemble is an error (auto reports it and falls back).
 */
export function chooseMethod(requested: ExplainMethod, output: OutputSpace, featureCount: number, tree: TreeAvailability): MethodChoice {
  const small = featureCount <= EXACT_MAX_FEATURES;
  if (requested === 'exact' || requested === 'kernel') return { method: requested, algorithm: requested, warnings: [] };
  if (requested === 'tree') {
    if (!tree.available) {
      throw new AssayError(
        'MODEL_UNSUPPORTED',
        `TreeSHAP cannot explain this model: ${tree.reason ?? 'it holds no TreeEnsembleClassifier or TreeEnsembleRegressor'}. Use --method ${small ? 'exact' : 'kernel'} (or auto).`,
        { reason: tree.reason },
      );
    }
    if (tree.marginSpace === output) return { method: 'tree', algorithm: 'tree-shap', warnings: [] };
    if (!small) {
      throw new AssayError(
        'BAD_ARGUMENT',
        `TreeSHAP is exact on the ensemble's margin (${tree.marginSpace}); in ${output} the trees are evaluated over all 2^M coalitions, which is limited to ${EXACT_MAX_FEATURES} features (this model has ${featureCount}). Use --output ${tree.marginSpace} or --method kernel.`,
        { features: featureCount, limit: EXACT_MAX_FEATURES },
      );
    }
    return { method: 'tree', algorithm: 'exact-trees', warnings: [] };
  }
  const warnings = tree.reason ? [`TreeSHAP was not used: ${tree.reason}.`] : [];
  if (tree.available && tree.marginSpace === output) return { method: 'tree', algorithm: 'tree-shap', warnings };
  return small ? { method: 'exact', algorithm: 'exact', warnings } : { method: 'kernel', algorithm: 'kernel', warnings };
}
