import { kolmogorovSurvival } from '../util/special-functions.ts';

/**
 * Asymptotic p-value of the two-sample Kolmogorov–Smirnov statistic D with sample sizes n and m:
 * p = Q_KS(√(n·m / (n + m)) · D), the limiting Kolmogorov distribution (Smirnov 1948). It is what
 * scipy.stats.kstwobign.sf(sqrt(n*m/(n+m)) * D) gives; scipy's ks_2samp(method='asymp') rounds n·m/(n+m) and uses
 * the finite-n distribution instead, which differs by a few percent for small samples.
 */
export function ksPValue(d: number, n: number, m: number): number | null {
  if (n <= 0 || m <= 0 || !Number.isFinite(d)) return null;
  return kolmogorovSurvival(Math.sqrt((n * m) / (n + m)) * d);
}

/** Two-sample KS statistic D = sup_x |F_a(x) − F_b(x)| over raw samples (NaN skipped); the reference SQL computes the same from value counts. */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  const x = a.filter((v) => !Number.isNaN(v)).sort((p, q) => p - q);
  const y = b.filter((v) => !Number.isNaN(v)).sort((p, q) => p - q);
  if (x.length === 0 || y.length === 0) return Number.NaN;
  let i = 0, j = 0, d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/**
 * Wasserstein-1 (earth mover's) distance between two samples, ∫ |F_a(x) − F_b(x)| dx over the merged sorted values,
 * as scipy.stats.wasserstein_distance(a, b) defines it for unweighted samples.
 */
export function wasserstein1(a: readonly number[], b: readonly number[]): number {
  const x = a.filter((v) => !Number.isNaN(v)).sort((p, q) => p - q);
  const y = b.filter((v) => !Number.isNaN(v)).sort((p, q) => p - q);
  if (x.length === 0 || y.length === 0) return Number.NaN;
  const all = [...new Set([...x, ...y])].sort((p, q) => p - q);
  let i = 0, j = 0, sum = 0;
  for (let k = 0; k < all.length - 1; k++) {
    const v = all[k]!;
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    sum += Math.abs(i / x.length - j / y.length) * (all[k + 1]! - v);
  }
  return sum;
}
