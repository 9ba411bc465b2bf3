import { chiSquareSurvival } from '../util/special-functions.ts';

export interface ChiSquareResult {
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
}

/**
 * Pearson's chi-square test of homogeneity of two count vectors over the same levels (a 2×L contingency table),
 * without continuity correction: X² = Σ (O − E)² / E with E = row total · column total / N, df = L′ − 1 where L′ counts
 * the levels seen in either sample (scipy.stats.chi2_contingency(..., correction=False) after dropping empty columns).
 * Null when either sample is empty or fewer than two levels occur.
 */
export function chiSquareHomogeneity(reference: readonly number[], current: readonly number[]): ChiSquareResult | null {
  if (reference.length !== current.length) throw new Error('chiSquareHomogeneity: the two count vectors differ in length');
  const r = reference.reduce((s, c) => s + c, 0);
  const c = current.reduce((s, x) => s + x, 0);
  if (r === 0 || c === 0) return null;
  const n = r + c;
  let statistic = 0;
  let levels = 0;
  for (let i = 0; i < reference.length; i++) {
    const col = reference[i]! + current[i]!;
    if (col === 0) continue;
    levels++;
    const er = (r * col) / n;
    const ec = (c * col) / n;
    statistic += (reference[i]! - er) ** 2 / er + (current[i]! - ec) ** 2 / ec;
  }
  if (levels < 2) return null;
  const degreesOfFreedom = levels - 1;
  return { statistic, degreesOfFreedom, pValue: chiSquareSurvival(statistic, degreesOfFreedom) };
}
