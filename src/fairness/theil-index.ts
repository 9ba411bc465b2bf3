import { favorableConfusionOf } from './confusion.ts';
import type { Cells, Favorable } from './types.ts';

/**
 * AIF360 ClassificationMetric.theil_index = generalized_entropy_index(alpha=1) over the observed rows, with
 * b_i = 1 + ŷ_fav,i − y_fav,i ∈ {0, 1, 2}: mean over rows of log((b/μ)^b)/μ, μ = mean b. From counts: b = 0 for a
 * favorable false negative, 2 for a favorable false positive, 1 otherwise (the b = 0 rows contribute log 1 = 0).
 * Null without observed rows, and when μ = 0 (NaN in AIF360).
 */
export function theilIndex(cells: Cells, favorable: Favorable): number | null {
  const c = favorableConfusionOf(cells, favorable);
  const n = c.observed;
  if (n === 0) return null;
  const ones = c.tp + c.tn;
  const twos = c.fp;
  const mu = (ones + 2 * twos) / n;
  if (mu === 0) return null;
  const termOne = Math.log((1 / mu) ** 1) / mu;
  const termTwo = Math.log((2 / mu) ** 2) / mu;
  return (ones * termOne + twos * termTwo) / n;
}
