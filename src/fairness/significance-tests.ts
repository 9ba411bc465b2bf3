import { fisherExact } from './fisher-exact.ts';
import { chiSquareSurvival, normalTwoSidedP } from '../util/special-functions.ts';
import type { IndependenceTest, ProportionTest } from './types.ts';

/** Below this count in any cell of the 2×2 table, the z test's normal approximation is replaced by Fisher's exact test. */
export const FISHER_BELOW = 5;

/**
 * Pooled two-proportion z test of x1/n1 against x2/n2 (statsmodels.stats.proportion.proportions_ztest, default
 * pooled variance): z = (p1 − p2) / √(p̄(1−p̄)(1/n1 + 1/n2)), two-sided p = P(|Z| ≥ |z|).
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): { z: number | null; pValue: number | null } {
  if (n1 === 0 || n2 === 0) return { z: null, pValue: null };
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: null, pValue: null };
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, pValue: normalTwoSidedP(z) };
}

/** Compares x1 of n1 with x2 of n2: the z test, or Fisher's exact test when a cell of the 2×2 table is below 5. */
export function compareProportions(x1: number, n1: number, x2: number, n2: number): ProportionTest {
  const cells = [x1, n1 - x1, x2, n2 - x2];
  if (cells.some((c) => c < FISHER_BELOW)) {
    const f = fisherExact(x1, n1 - x1, x2, n2 - x2);
    return { test: 'fisher_exact', statistic: f.oddsRatio, pValue: f.pValue };
  }
  const z = twoProportionZ(x1, n1, x2, n2);
  return { test: 'two_proportion_z', statistic: z.z, pValue: z.pValue };
}

/**
 * Pearson chi-square test of independence of an r×c table of counts, without continuity correction
 * (scipy.stats.chi2_contingency(table, correction=False)). Rows or columns that are all zero are dropped; null when
 * fewer than two rows or columns remain (the statistic is then undefined).
 */
export function chiSquareIndependence(table: readonly (readonly number[])[]): IndependenceTest | null {
  const rows = table.filter((r) => r.some((v) => v > 0));
  if (rows.length < 2) return null;
  const colTotals = rows[0]!.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0));
  const keep = colTotals.map((t, j) => (t > 0 ? j : -1)).filter((j) => j >= 0);
  if (keep.length < 2) return null;
  const total = colTotals.reduce((s, v) => s + v, 0);
  let statistic = 0;
  for (const r of rows) {
    const rowTotal = r.reduce((s, v) => s + v, 0);
    for (const j of keep) {
      const expected = (rowTotal * colTotals[j]!) / total;
      statistic += (r[j]! - expected) ** 2 / expected;
    }
  }
  const degreesOfFreedom = (rows.length - 1) * (keep.length - 1);
  return { test: 'chi_square', statistic, degreesOfFreedom, pValue: chiSquareSurvival(statistic, degreesOfFreedom) };
}
