/** Proportions below this are raised to it before PSI takes their logarithm (DESIGN.md §4), so that an empty bin counts but stays finite. */
export const PSI_FLOOR = 1e-4;

/** Counts → proportions of their sum; all zeros when the sum is 0. */
export function proportions(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

/**
 * Population stability index of `actual` against `expected` (counts over the same bins):
 * PSI = Σ_i (a_i − e_i) · ln(a_i / e_i), with a_i and e_i proportions floored at 1e-4.
 */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length) throw new Error('psi: the two histograms differ in length');
  const e = proportions(expected);
  const a = proportions(actual);
  let sum = 0;
  for (let i = 0; i < e.length; i++) {
    const ei = Math.max(e[i]!, PSI_FLOOR);
    const ai = Math.max(a[i]!, PSI_FLOOR);
    sum += (ai - ei) * Math.log(ai / ei);
  }
  return sum;
}

/**
 * The PSI two samples of sizes n and m over `bins` occupied bins show on average when they come from one distribution:
 * PSI is the J-divergence (symmetrised Kullback–Leibler) of the two histograms, and J·nm/(n+m) is asymptotically χ²
 * with bins − 1 degrees of freedom (Kullback, Information Theory and Statistics, 1959, ch. 6), so E[PSI] ≈
 * (bins − 1)(1/n + 1/m). With bins falling empty in small samples the 1e-4 floor adds more, so this is then a lower
 * bound. A window whose noise level reaches PSI_MODERATE cannot tell drift from sampling.
 */
export function psiNoise(bins: number, n: number, m: number): number | null {
  if (n <= 0 || m <= 0) return null;
  return Math.max(0, bins - 1) * (1 / n + 1 / m);
}
