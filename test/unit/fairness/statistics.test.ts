import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chiSquareSurvival, logGamma, normalCdf, normalTwoSidedP } from '../../../src/util/special-functions.ts';
import { fisherExact } from '../../../src/fairness/fisher-exact.ts';
import { chiSquareIndependence, compareProportions, twoProportionZ } from '../../../src/fairness/significance-tests.ts';

function near(actual: number | null, expected: number, relative: number, label = ''): void {
  assert.ok(actual !== null && Math.abs(actual - expected) <= relative * Math.abs(expected), `${label}: ${String(actual)} vs ${expected}`);
}

/** Exact two-sided Fisher p-value as a ratio of big integers: Σ C(r1,x)C(r2,m−x) over tables no more probable than the observed. */
function exactFisher(a: number, b: number, c: number, d: number): number {
  const choose = (n: number, k: number): bigint => {
    if (k < 0 || k > n) return 0n;
    let r = 1n;
    for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
    return r;
  };
  const r1 = a + b, r2 = c + d, m = a + c;
  const weight = (x: number) => choose(r1, x) * choose(r2, m - x);
  const observed = weight(a);
  let tail = 0n, total = 0n;
  for (let x = Math.max(0, m - r2); x <= Math.min(r1, m); x++) {
    const w = weight(x);
    total += w;
    if (w <= observed) tail += w;
  }
  return Number((tail * 10n ** 18n) / total) / 1e18;
}

test('normal CDF and two-sided tail against known values', () => {
  near(normalCdf(1.959963984540054), 0.975, 1e-14, 'Φ(1.96)');
  assert.equal(normalCdf(0), 0.5);
  near(normalCdf(-1), 0.15865525393145707, 1e-13, 'Φ(−1)');
  near(normalCdf(-8), 6.22096057427178e-16, 1e-9, 'Φ(−8)');
  near(normalTwoSidedP(1.959963984540054), 0.05, 1e-13, 'two-sided 1.96');
});

test('chi-square survival: closed forms for even degrees of freedom', () => {
  // sf(x, 2k) = e^{−x/2} Σ_{i<k} (x/2)^i / i!
  near(chiSquareSurvival(10, 4), 6 * Math.exp(-5), 1e-14, 'sf(10, 4)');
  near(chiSquareSurvival(3, 2), Math.exp(-1.5), 1e-14, 'sf(3, 2)');
  near(chiSquareSurvival(7, 6), Math.exp(-3.5) * (1 + 3.5 + 3.5 ** 2 / 2), 1e-14, 'sf(7, 6)');
  near(chiSquareSurvival(3.841458820694124, 1), 0.05, 1e-13, 'sf(3.84, 1)');
  // a large even case through the same closed form, summed in log space: e^{−100} Σ_{i<75} 100^i / i!
  let logTerm = -100;
  let sum = 0;
  for (let i = 0; i < 75; i++) {
    sum += Math.exp(logTerm);
    logTerm += Math.log(100 / (i + 1));
  }
  near(chiSquareSurvival(200, 150), sum, 1e-12, 'sf(200, 150)');
  assert.equal(chiSquareSurvival(0, 3), 1);
});

test('log-gamma of integers is log-factorial', () => {
  assert.ok(Math.abs(logGamma(1)) < 1e-15 && Math.abs(logGamma(2)) < 1e-15);
  near(logGamma(11), Math.log(3628800), 1e-15, 'Γ(11)');
  near(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-15, 'Γ(½)');
  near(logGamma(171), 706.5730622457874, 1e-14, 'Γ(171)');
});

test("Fisher's exact test: the lady tasting tea, 3/1/1/3 → p = 34/70 = 0.4857", () => {
  // tables with the margins 4/4: P(x) = C(4,x)C(4,4−x)/70 = 1, 16, 36, 16, 1 (/70); observed x = 3 has 16;
  // no more probable: x = 0, 1, 3, 4 → (1 + 16 + 16 + 1)/70
  const r = fisherExact(3, 1, 1, 3);
  near(r.pValue, 34 / 70, 1e-14, 'tea');
  assert.equal(r.oddsRatio, 9);
  assert.equal(fisherExact(2, 2, 2, 2).pValue, 1);
});

test("Fisher's exact test against exact rational arithmetic, large margins included", () => {
  for (const [a, b, c, d] of [[8, 2, 1, 5], [6, 2, 1, 4], [0, 5, 9, 1], [1, 30, 4, 2], [3, 997, 40, 1960], [2, 50_000, 30, 60_000]] as const) {
    near(fisherExact(a, b, c, d).pValue, exactFisher(a, b, c, d), 1e-9, `${a},${b},${c},${d}`);
  }
  // scipy.stats.fisher_exact([[8, 2], [1, 5]]) reports p = 0.03496503496503495
  near(fisherExact(8, 2, 1, 5).pValue, 0.03496503496503495, 1e-12, 'scipy doc table');
  assert.equal(fisherExact(0, 0, 3, 4).pValue, 1);
  assert.equal(fisherExact(0, 4, 0, 3).oddsRatio, null);
});

test('two-proportion z test (pooled), by hand', () => {
  // 30/100 vs 45/100: p̄ = 0.375, se = √(0.375·0.625·0.02) = 0.0684653…, z = −0.15/se
  const r = twoProportionZ(30, 100, 45, 100);
  const se = Math.sqrt(0.375 * 0.625 * (1 / 100 + 1 / 100));
  near(r.z, (0.3 - 0.45) / se, 1e-14, 'z');
  near(r.pValue, normalTwoSidedP((0.3 - 0.45) / se), 1e-14, 'p');
  assert.ok(r.pValue! > 0.02 && r.pValue! < 0.03);
  assert.equal(compareProportions(30, 100, 45, 100).test, 'two_proportion_z');
  const small = compareProportions(3, 10, 40, 50);
  assert.equal(small.test, 'fisher_exact');
  near(small.pValue, exactFisher(3, 7, 40, 10), 1e-9, 'fisher chosen');
});

test('chi-square test of independence without continuity correction, by hand', () => {
  // [[10, 20], [20, 20]]: totals rows 30/40, cols 30/40, n 70; expected 90/7, 120/7, 120/7, 160/7
  const r = chiSquareIndependence([[10, 20], [20, 20]])!;
  const e = [90 / 7, 120 / 7, 120 / 7, 160 / 7];
  const obs = [10, 20, 20, 20];
  const stat = obs.reduce((s, o, i) => s + (o - e[i]!) ** 2 / e[i]!, 0);
  near(r.statistic, stat, 1e-13, 'χ²');
  assert.equal(r.degreesOfFreedom, 1);
  near(r.pValue, chiSquareSurvival(stat, 1), 1e-15, 'p');
  assert.equal(chiSquareIndependence([[5, 0], [7, 0]]), null); // nobody favored: undefined
  assert.equal(chiSquareIndependence([[5, 3]]), null);
});
