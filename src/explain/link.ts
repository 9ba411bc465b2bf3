import type { OutputSpace } from './types.ts';

/**
 * Probabilities are clipped into [LOGIT_CLIP, 1 − LOGIT_CLIP] before the logit: float32 models return exactly 0 or 1
 * once |margin| exceeds ~17, whose logit is infinite. Each clipped prediction is counted and reported.
 */
export const LOGIT_CLIP = 1e-7;

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Applies the output link to predictions in place; returns how many were clipped. In log-odds each prediction is
 * linked before it is averaged over the background, v(S) = mean_b logit f(x_S, b_rest): the game interventional
 * TreeSHAP solves on a model's margin (shap TreeExplainer, feature_perturbation="interventional", model_output="raw"),
 * so the three methods agree. shap's KernelExplainer and MaskedModel with link="logit" take the logit of the mean
 * instead, logit(mean_b f(x_S, b_rest)); their log-odds values differ from these when f varies over the background.
 */
export function applyLink(predictions: Float64Array, output: OutputSpace): number {
  if (output === 'probability') return 0;
  let clipped = 0;
  for (let i = 0; i < predictions.length; i++) {
    let p = predictions[i]!;
    if (!(p >= LOGIT_CLIP)) {
      p = LOGIT_CLIP;
      clipped++;
    } else if (p > 1 - LOGIT_CLIP) {
      p = 1 - LOGIT_CLIP;
      clipped++;
    }
    predictions[i] = logit(p);
  }
  return clipped;
}
