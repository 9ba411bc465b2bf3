import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chiSquareHomogeneity, chiSquareSurvival, jensenShannonDistance, kolmogorovSurvival, ksPValue, ksStatistic, psi, PSI_FLOOR, psiNoise, wasserstein1,
} from '../../../src/monitor/index.ts';
import { Random } from '../../../src/util/random.ts';

/**
 * The drift statistics against hand computations and published worked examples. Reference values marked "scipy"
 * were computed with SciPy 1.17 (the call is written next to each); those marked "docs" are the examples printed in
 * SciPy's documentation.
 */
const close = (actual: number | null, expected: number, tol: number, what: string) => {
  assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (±${tol})`);
};

test('PSI = Σ (a − e) ln(a / e) over proportions: a hand-computed example', () => {
  // e = 0.25 each; a = 0.1, 0.2, 0.3, 0.4:
  // (−0.15)ln 0.4 + (−0.05)ln 0.8 + 0.05 ln 1.2 + 0.15 ln 1.6 = 0.137444 + 0.011157 + 0.009116 + 0.070501 = 0.228217
  close(psi([25, 25, 25, 25], [10, 20, 30, 40]), 0.22821740957339182, 1e-12, 'psi');
  // counts or proportions give the same; identical histograms give 0; PSI is symmetric in its two arguments
  close(psi([1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4]), 0.22821740957339182, 1e-12, 'psi of proportions');
  assert.equal(psi([3, 5, 7], [6, 10, 14]), 0);
  close(psi([10, 20, 30, 40], [25, 25, 25, 25]), 0.22821740957339182, 1e-12, 'swapped');
});

test('PSI floors empty bins at 1e-4 (DESIGN.md §4)', () => {
  assert.equal(PSI_FLOOR, 1e-4);
  // e = 0.5, 0.5, 0 → 0.5, 0.5, 1e-4; a = 0.4, 0.4, 0.2: 2·(−0.1)·ln 0.8 + (0.2 − 1e-4)·ln(0.2 / 1e-4) = 0.044629 + 1.517420
  close(psi([50, 50, 0], [40, 40, 20]), 1.5640491119253044, 1e-12, 'psi with an empty reference bin');
  assert.ok(Number.isFinite(psi([1, 0], [0, 1])));
});

test('Jensen–Shannon distance, base 2: the examples of scipy.spatial.distance.jensenshannon', () => {
  // docs: jensenshannon([1.0, 0.0, 0.0], [0.0, 1.0, 0.0], 2.0) == 1.0; jensenshannon([1.0, 0.0, 0.0], [1.0, 0.0, 0.0]) == 0.0
  close(jensenShannonDistance([1, 0, 0], [0, 1, 0]), 1, 1e-15, 'disjoint');
  assert.equal(jensenShannonDistance([1, 0, 0], [1, 0, 0]), 0);
  // docs: jensenshannon([1.0, 0.0], [0.5, 0.5]) == 0.46450140402245893 (natural log); base 2 divides by sqrt(ln 2)
  close(jensenShannonDistance([1, 0], [0.5, 0.5]) * Math.sqrt(Math.LN2), 0.46450140402245893, 1e-14, 'natural-log example');
  close(jensenShannonDistance([1, 0], [0.5, 0.5]), 0.5579230452841438, 1e-14, 'base 2 (scipy: jensenshannon([1,0],[.5,.5], base=2))');
  // scipy: jensenshannon([10,20,30,40], [25,25,25,25], base=2) — counts are normalised
  close(jensenShannonDistance([10, 20, 30, 40], [25, 25, 25, 25]), 0.20050332253142814, 1e-14, 'counts');
});

test('Wasserstein-1: the examples of scipy.stats.wasserstein_distance', () => {
  // docs: wasserstein_distance([0, 1, 3], [5, 6, 8]) == 5.0
  close(wasserstein1([0, 1, 3], [5, 6, 8]), 5, 1e-12, 'shifted');
  // docs: wasserstein_distance([0, 1], [0, 1], [3, 1], [2, 2]) == 0.25; integer weights are repetitions
  close(wasserstein1([0, 0, 0, 1], [0, 0, 1, 1]), 0.25, 1e-12, 'weighted');
  // scipy: wasserstein_distance([1.5, 2, 2, 7, 9.25], [0, 2, 2.5, 3]) == 2.575 (ties and unequal sizes)
  close(wasserstein1([1.5, 2, 2, 7, 9.25], [0, 2, 2.5, 3]), 2.575, 1e-12, 'ties');
  // W1 of a sample against itself shifted by c is |c|
  const a = [3, 1, 4, 1, 5, 9, 2, 6];
  close(wasserstein1(a, a.map((x) => x + 2.5)), 2.5, 1e-12, 'translation');
});

test('KS statistic: hand value and the asymptotic p-value of Q_KS(√(nm/(n+m))·D)', () => {
  // F_x and F_y on x = [1.5, 2, 2, 7, 9.25], y = [0, 2, 2.5, 3]: at 3, F_x = 0.6 and F_y = 1.0, so D = 0.4 (scipy ks_2samp: 0.4)
  close(ksStatistic([1.5, 2, 2, 7, 9.25], [0, 2, 2.5, 3]), 0.4, 1e-15, 'D');
  close(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6]), 0.5, 1e-15, 'D of a shift');
  assert.equal(ksStatistic([1, 2, 3], [1, 2, 3]), 0);
  // p = Q_KS(λ) with λ = √(5·4/9)·0.4 = 0.59628...; the series by hand: 1 − √(2π)/λ Σ exp(−(2j−1)²π²/(8λ²))
  const lambda = Math.sqrt(20 / 9) * 0.4;
  let sum = 0;
  for (let j = 1; j <= 20; j++) sum += Math.exp(-((2 * j - 1) ** 2) * Math.PI ** 2 / (8 * lambda * lambda));
  close(ksPValue(0.4, 5, 4), 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum, 1e-14, 'asymptotic p');
  assert.equal(ksPValue(0.4, 0, 4), null);
});

test('Q_KS: scipy.stats.kstwobign.sf, the classic critical values, and both series agree', () => {
  // scipy: kstwobign.sf(x)
  const scipy: [number, number][] = [[0.3, 0.9999906941986655], [0.5, 0.9639452436648751], [0.8, 0.5441424115741981], [1.0, 0.26999967167735456], [2.5, 7.453306344157342e-6]];
  for (const [x, p] of scipy) close(kolmogorovSurvival(x), p, 1e-12, `Q_KS(${x})`);
  // Smirnov's critical values of the limiting distribution: 1.2238 (10%), 1.3581 (5%), 1.6276 (1%)
  close(kolmogorovSurvival(1.2238), 0.10, 1e-4, '10%');
  close(kolmogorovSurvival(1.3581), 0.05, 1e-5, '5%');
  close(kolmogorovSurvival(1.6276), 0.01, 1e-5, '1%');
  // the alternating series 2 Σ (−1)^(j−1) e^(−2j²λ²), summed here at λ near the switch between the two forms
  for (const x of [0.9, 0.99, 1.0, 1.01, 1.2]) {
    let s = 0;
    for (let j = 1; j <= 200; j++) s += (j % 2 ? 2 : -2) * Math.exp(-2 * j * j * x * x);
    close(kolmogorovSurvival(x), s, 1e-12, `series at ${x}`);
  }
  assert.equal(kolmogorovSurvival(0), 1);
});

test('chi-square without continuity correction: scipy.stats.chi2_contingency examples', () => {
  // docs: chi2_contingency([[10, 10, 20], [20, 20, 20]]) → statistic 2.7777777777777777, p 0.24935220877729619, dof 2
  const docs = chiSquareHomogeneity([10, 10, 20], [20, 20, 20])!;
  close(docs.statistic, 2.7777777777777777, 1e-12, 'statistic');
  close(docs.pValue, 0.24935220877729619, 1e-12, 'p');
  assert.equal(docs.degreesOfFreedom, 2);
  // scipy: chi2_contingency([[30, 70], [45, 55]], correction=False) → 4.8, p 0.028459736916310638, dof 1 (no Yates)
  const two = chiSquareHomogeneity([30, 70], [45, 55])!;
  close(two.statistic, 4.8, 1e-12, '2×2 statistic');
  close(two.pValue, 0.028459736916310638, 1e-12, '2×2 p');
  // a level absent from both samples is dropped (df counts only levels seen)
  const gap = chiSquareHomogeneity([30, 0, 50, 20], [10, 0, 60, 30])!;
  close(gap.statistic, 12.909090909090908, 1e-12, 'with an empty level (scipy: chi2_contingency([[30,50,20],[10,60,30]], correction=False))');
  assert.equal(gap.degreesOfFreedom, 2);
  assert.equal(chiSquareHomogeneity([5, 0], [7, 0]), null, 'one level: nothing to test');
  assert.equal(chiSquareHomogeneity([0, 0], [7, 3]), null, 'an empty sample');
});

test('chi-square survival: scipy.stats.chisquare docs example and hand values', () => {
  // docs: chisquare([16, 18, 16, 14, 12, 12]) → statistic 2.0, pvalue 0.84914503608460956 (5 degrees of freedom)
  close(chiSquareSurvival(2, 5), 0.84914503608460956, 1e-12, 'df 5');
  // df 2 has the closed form e^(−x/2)
  for (const x of [0.1, 1, 5, 30]) close(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-13, `df 2 at ${x}`);
  // df 1: P(|Z| ≥ 1.959963984540054) = 0.05
  close(chiSquareSurvival(1.959963984540054 ** 2, 1), 0.05, 1e-12, 'df 1');
});

test('PSI of two samples of one distribution averages (bins − 1)(1/n + 1/m): a seeded simulation (issue 8, small windows)', () => {
  const rng = new Random(8);
  const weights = [0.3, 0.2, 0.15, 0.1, 0.1, 0.05, 0.05, 0.05];
  const draw = (size: number) => {
    const counts = new Array<number>(weights.length).fill(0);
    for (let k = 0; k < size; k++) {
      let u = rng.next();
      let b = 0;
      while (b < weights.length - 1 && u >= weights[b]!) u -= weights[b++]!;
      counts[b]!++;
    }
    return counts;
  };
  const meanPsi = (n: number, m: number, trials = 2000) => {
    let sum = 0;
    for (let t = 0; t < trials; t++) sum += psi(draw(n), draw(m));
    return sum / trials;
  };
  for (const [n, m] of [[2000, 400], [5000, 5000]] as const) {
    const expected = psiNoise(weights.length, n, m)!;
    // the χ² approximation is asymptotic: within 15% at these sizes (the simulation's own error is ~2%)
    close(meanPsi(n, m), expected, 0.15 * expected, `mean PSI, n=${n}, m=${m}`);
  }
  // smaller, bins fall empty and their 1e-4 floor adds to PSI: the approximation is then a lower bound of the noise
  assert.ok(meanPsi(200, 40) > psiNoise(weights.length, 200, 40)!);
  assert.equal(psiNoise(10, 0, 40), null);
  close(psiNoise(10, 200, 40), 9 * (1 / 200 + 1 / 40), 1e-15, 'the demo month');
});
