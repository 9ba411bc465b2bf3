import { test } from 'node:test';
import assert from 'node:assert/strict';
import { favorableRates, vsReference } from '../../../src/fairness/vs-reference.ts';
import { theilIndex } from '../../../src/fairness/theil-index.ts';
import { swapLabels } from '../../../src/fairness/confusion.ts';
import { cells, cellsFromRows } from './helpers.ts';

// unprivileged: observed y0d0 4, y0d1 2, y1d0 3, y1d1 1, plus 2 unobserved rows with ŷ=1 → n 12
const U = cells({ y0d0: 4, y0d1: 2, y1d0: 3, y1d1: 1, yNd1: 2 });
// reference (privileged): y0d0 5, y0d1 1, y1d0 1, y1d1 3 → n 10
const P = cells({ y0d0: 5, y0d1: 1, y1d0: 1, y1d1: 3 });

test('AIF360 ClassificationMetric comparisons against the reference, by hand (favorable 1)', () => {
  const v = vsReference(U, P, 1);
  // SR_u = (2 + 1 + 2)/12, SR_p = (1 + 3)/10
  assert.equal(v.disparateImpact, (5 / 12) / (4 / 10));
  assert.equal(v.statisticalParityDifference, 5 / 12 - 4 / 10);
  // TPR_u = 1/4, TPR_p = 3/4
  assert.equal(v.equalOpportunityDifference, 1 / 4 - 3 / 4);
  // FPR_u = 2/6, FPR_p = 1/6; AIF360: 0.5 * (difference(FPR) + difference(TPR))
  assert.equal(v.averageOddsDifference, 0.5 * ((2 / 6 - 1 / 6) + (1 / 4 - 3 / 4)));
  assert.equal(v.averageAbsOddsDifference, 0.5 * (Math.abs(2 / 6 - 1 / 6) + Math.abs(1 / 4 - 3 / 4)));
  // ERR = 1 − ACC: u 1 − 5/10, p 1 − 8/10
  assert.equal(v.errorRateRatio, (1 - 5 / 10) / (1 - 8 / 10));
});

test('favorable 0: the favorable label is the positive, and the metrics map as their definitions say', () => {
  const one = vsReference(U, P, 1);
  const zero = vsReference(U, P, 0);
  // favorable decisions are now ŷ = 0: u 7 of 12, p 6 of 10
  assert.equal(zero.disparateImpact, (7 / 12) / (6 / 10));
  assert.ok(Math.abs(zero.statisticalParityDifference! + one.statisticalParityDifference!) < 1e-15);
  // TPR in favorable terms is TNR: u 4/6, p 5/6 → −(FPR_u − FPR_p)
  assert.ok(Math.abs(zero.equalOpportunityDifference! - (4 / 6 - 5 / 6)) < 1e-15);
  assert.ok(Math.abs(zero.averageOddsDifference! + one.averageOddsDifference!) < 1e-15);
  assert.ok(Math.abs(zero.averageAbsOddsDifference! - one.averageAbsOddsDifference!) < 1e-15);
  assert.equal(zero.errorRateRatio, one.errorRateRatio);
  assert.deepEqual(vsReference(U, P, 0), vsReference(swapLabels(U), swapLabels(P), 1));
});

test('a zero denominator is undefined (null), as NaN/inf in AIF360', () => {
  const neverFavored = cells({ y0d0: 3, y1d0: 2 });
  assert.equal(vsReference(U, neverFavored, 1).disparateImpact, null);
  const noPositives = cells({ y0d0: 3, y0d1: 1 }); // P = 0 → TPR = 0/0
  const v = vsReference(U, noPositives, 1);
  assert.equal(v.equalOpportunityDifference, null);
  assert.equal(v.averageOddsDifference, null);
  assert.equal(v.averageAbsOddsDifference, null);
  assert.equal(v.statisticalParityDifference, 5 / 12 - 1 / 4);
  const perfect = cells({ y0d0: 3, y1d1: 2 }); // ERR_ref = 0
  assert.equal(vsReference(U, perfect, 1).errorRateRatio, null);
  const unobserved = favorableRates(cells({ yNd0: 2, yNd1: 2 }), 1);
  assert.equal(unobserved.errorRate, null); // AIF360 would give ERR 1 (ACC falls back to 0); Assay reports null
  assert.equal(unobserved.selectionRate, 0.5);
});

test("Theil index: AIF360's own test (tests/test_classification_metric.py::test_theil_index) gives 4·ln 2 / 10", () => {
  // labels  [1,0,0,1,0,0,1,0,1,1]; predictions = labels with rows 3, 9 set to 0 and rows 4, 5 set to 1
  const y = [1, 0, 0, 1, 0, 0, 1, 0, 1, 1] as const;
  const d = [1, 0, 0, 0, 1, 1, 1, 0, 1, 0] as const;
  const c = cellsFromRows(y.map((yi, i) => ({ y: yi, d: d[i]! })));
  // b = 1 + ŷ − y: six 1s, two 2s (rows 4, 5), two 0s (rows 3, 9); μ = 1; T = (2 · 2 ln 2)/10
  assert.equal(theilIndex(c, 1), (4 * Math.log(2)) / 10);
  assert.equal(theilIndex(c, 0), theilIndex(swapLabels(c), 1));
  // with favorable 0 the roles of false positives and false negatives swap, here symmetric (2 and 2)
  assert.equal(theilIndex(c, 0), (4 * Math.log(2)) / 10);
});

test('Theil index edge cases: perfect decisions 0; no observed rows or μ = 0 undefined', () => {
  assert.equal(theilIndex(cells({ y0d0: 3, y1d1: 4 }), 1), 0);
  assert.equal(theilIndex(cells({ yNd1: 3 }), 1), null);
  assert.equal(theilIndex(cells({ y1d0: 3 }), 1), null); // every b = 0
  // one false positive among three: b = 2, 1, 1 → μ = 4/3; T = mean of (b/μ) ln(b/μ)
  const mu = 4 / 3;
  const expected = ((2 / mu) * Math.log(2 / mu) + 2 * (1 / mu) * Math.log(1 / mu)) / 3;
  assert.ok(Math.abs(theilIndex(cells({ y0d1: 1, y1d1: 1, y0d0: 1 }), 1)! - expected) < 1e-15);
});
