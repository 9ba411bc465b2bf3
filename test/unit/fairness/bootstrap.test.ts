import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../src/util/random.ts';
import { binomial, multinomial } from '../../../src/fairness/binomial.ts';
import { bootstrapIntervals, quantileSorted } from '../../../src/fairness/bootstrap.ts';
import { chiSquareSurvival } from '../../../src/util/special-functions.ts';
import { cells } from './helpers.ts';

function binomialPmf(n: number, p: number): number[] {
  const out = new Array<number>(n + 1).fill(0);
  let logC = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log((n - k + 1) / k);
    out[k] = Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
  }
  return out;
}

/** Pearson goodness of fit of draws to Binomial(n, p), pooling outcomes until each bin expects at least 5. */
function goodnessOfFit(n: number, p: number, draws: number, seed: number): number {
  const rng = new Random(seed);
  const counts = new Array<number>(n + 1).fill(0);
  for (let i = 0; i < draws; i++) counts[binomial(n, p, rng)]!++;
  const pmf = binomialPmf(n, p);
  let stat = 0, bins = 0, e = 0, o = 0;
  for (let k = 0; k <= n; k++) {
    e += pmf[k]! * draws;
    o += counts[k]!;
    if (e >= 5 || k === n) {
      stat += (o - e) ** 2 / e;
      bins++;
      e = 0;
      o = 0;
    }
  }
  return chiSquareSurvival(stat, bins - 1);
}

test('the binomial sampler fits the exact distribution (inversion, BTRS, and p > ½ by symmetry)', () => {
  assert.ok(goodnessOfFit(40, 0.1, 20_000, 1) > 0.001, 'inversion');
  assert.ok(goodnessOfFit(1000, 0.3, 20_000, 2) > 0.001, 'BTRS');
  assert.ok(goodnessOfFit(200, 0.8, 20_000, 3) > 0.001, 'flipped BTRS');
  assert.ok(goodnessOfFit(30, 0.5, 20_000, 4) > 0.001, 'BTRS at n·p = 15');
});

test('binomial draws on ten million rows have the right mean and variance', () => {
  const rng = new Random(7);
  const n = 10_000_000, p = 0.2, k = 2000;
  let sum = 0, ss = 0;
  for (let i = 0; i < k; i++) {
    const x = binomial(n, p, rng);
    sum += x;
    ss += x * x;
  }
  const mean = sum / k;
  const variance = ss / k - mean * mean;
  const sd = Math.sqrt(n * p * (1 - p));
  assert.ok(Math.abs(mean - n * p) < 4 * (sd / Math.sqrt(k)), `mean ${mean}`);
  assert.ok(Math.abs(variance / (sd * sd) - 1) < 0.15, `variance ratio ${variance / (sd * sd)}`);
  assert.equal(binomial(5, 0, rng), 0);
  assert.equal(binomial(5, 1, rng), 5);
  assert.equal(binomial(0, 0.3, rng), 0);
});

test('a multinomial draw keeps the total and is reproducible with its seed', () => {
  const weights = [5, 0, 20, 75];
  const a = multinomial(1000, weights, new Random(11));
  assert.equal(a.reduce((s, v) => s + v, 0), 1000);
  assert.equal(a[1], 0);
  assert.deepEqual(multinomial(1000, weights, new Random(11)), a);
  const sums = [0, 0, 0, 0];
  const rng = new Random(12);
  for (let i = 0; i < 2000; i++) multinomial(1000, weights, rng).forEach((v, j) => (sums[j]! += v));
  weights.forEach((w, j) => assert.ok(Math.abs(sums[j]! / 2000 - w * 10) < 0.5, `cell ${j}: ${sums[j]! / 2000}`));
});

test('numpy-style linear quantiles', () => {
  // numpy.quantile([1, 2, 3, 4], 0.25) = 1.75; 0.975 of 0..10 = 9.75
  assert.equal(quantileSorted([1, 2, 3, 4], 0.25), 1.75);
  assert.equal(quantileSorted(Array.from({ length: 11 }, (_, i) => i), 0.975), 9.75);
  assert.equal(quantileSorted([5], 0.5), 5);
});

const GROUPS = [
  { group: 'a', cells: cells({ y0d0: 40, y0d1: 10, y1d0: 15, y1d1: 35, yNd0: 5, yNd1: 5 }) },
  { group: 'b', cells: cells({ y0d0: 60, y0d1: 20, y1d0: 10, y1d1: 30, yNd0: 10, yNd1: 0 }) },
  { group: 'c', cells: cells({ y0d0: 3, y0d1: 1, y1d0: 1, y1d1: 2 }) },
];

test('bootstrap intervals are reproducible with a seed and change with it', () => {
  const run = (seed: number) => bootstrapIntervals({ groups: GROUPS, reference: 'b', favorable: 1, otherRows: 7, replicates: 300, seed });
  const first = run(42);
  assert.deepEqual(run(42), first);
  assert.notDeepEqual(run(43).groups.a!.selectionRate, first.groups.a!.selectionRate);
  const [lo, hi] = first.groups.a!.selectionRate!;
  assert.ok(lo < 55 / 110 && 55 / 110 < hi, `${lo} < 0.5 < ${hi}`);
  assert.ok(first.betweenGroups.demographicParityDifference![0] >= 0);
  assert.ok(first.vsReference.allOthers!.disparateImpact !== null);
  assert.ok(first.vsReference.c!.statisticalParityDifference !== null);
});

test('95% percentile intervals cover the true selection rate at about the nominal rate (200 simulated logs)', () => {
  const rng = new Random(2024);
  const truth = { a: 0.3, b: 0.5 };
  const n = 400;
  let covered = 0;
  const datasets = 200;
  for (let s = 0; s < datasets; s++) {
    const xa = binomial(n, truth.a, rng);
    const xb = binomial(n, truth.b, rng);
    const groups = [
      { group: 'a', cells: cells({ yNd1: xa, yNd0: n - xa }) },
      { group: 'b', cells: cells({ yNd1: xb, yNd0: n - xb }) },
    ];
    const ci = bootstrapIntervals({ groups, reference: 'b', favorable: 1, otherRows: 0, replicates: 200, seed: s }).groups.a!.selectionRate!;
    if (ci[0] <= truth.a && truth.a <= ci[1]) covered++;
  }
  const coverage = covered / datasets;
  assert.ok(coverage >= 0.9 && coverage <= 0.99, `coverage ${coverage}`);
});
