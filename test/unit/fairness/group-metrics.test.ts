import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aucFromRanks, deriveRates, groupMetrics } from '../../../src/fairness/group-metrics.ts';
import { cells, group } from './helpers.ts';

test('per-group rates of a small table, computed by hand', () => {
  // observed: y0d0=3 y0d1=1 y1d0=2 y1d1=4 (10 rows); not observed: ŷ=0 once, ŷ=1 once → n = 12
  const d = deriveRates(cells({ y0d0: 3, y0d1: 1, y1d0: 2, y1d1: 4, yNd0: 1, yNd1: 1 }));
  assert.deepEqual(d.undefinedRates, []);
  assert.equal(d.noOutcomes, false);
  assert.equal(d.rates.selectionRate, 6 / 12); // ŷ=1: 1 + 4 + 1 of all 12 rows
  assert.equal(d.rates.baseRate, 6 / 10); // y=1: 2 + 4 of the 10 observed
  assert.equal(d.rates.truePositiveRate, 4 / 6);
  assert.equal(d.rates.falsePositiveRate, 1 / 4);
  assert.equal(d.rates.falseNegativeRate, 2 / 6);
  assert.equal(d.rates.trueNegativeRate, 3 / 4);
  assert.equal(d.rates.accuracy, 7 / 10); // TP 4 + TN 3
  assert.equal(d.rates.precision, 4 / 5); // TP 4 of 5 selected observed rows
});

test('a zero denominator counts as 0 (Fairlearn) and is flagged', () => {
  // only y=1 observed: FPR = FP/(FP+TN) = 0/0 and TNR = 0/0
  const g = groupMetrics(group('a', { y1d0: 2, y1d1: 3 }), { minGroupSize: 30, reference: 'b' });
  assert.equal(g.truePositiveRate, 3 / 5);
  assert.equal(g.falsePositiveRate, 0);
  assert.equal(g.trueNegativeRate, 0);
  assert.equal(g.precision, 1); // 3 / (3 + 0)
  assert.ok(g.flags.includes('undefined:falsePositiveRate'));
  assert.ok(g.flags.includes('undefined:trueNegativeRate'));
  assert.ok(!g.flags.includes('undefined:truePositiveRate'));
  assert.ok(g.flags.includes('small_group'));
  // nobody selected: precision = 0/0
  const none = deriveRates(cells({ y0d0: 4, y1d0: 1 }));
  assert.equal(none.rates.precision, 0);
  assert.equal(none.rates.selectionRate, 0);
  assert.deepEqual(none.undefinedRates, ['precision']);
});

test('a group without observed outcomes has null outcome rates and no_outcomes, never 0', () => {
  const g = groupMetrics(group('x', { yNd0: 3, yNd1: 2 }), { minGroupSize: 1, reference: 'x' });
  assert.equal(g.selectionRate, 2 / 5);
  for (const k of ['baseRate', 'truePositiveRate', 'falsePositiveRate', 'falseNegativeRate', 'trueNegativeRate', 'accuracy', 'precision'] as const) {
    assert.equal(g[k], null, k);
  }
  assert.deepEqual(g.flags, ['reference', 'no_outcomes']);
  assert.equal(g.auc, null);
});

test('AUC is the Mann–Whitney statistic with tied scores averaged', () => {
  // scores: y=1 {0.9, 0.5}, y=0 {0.5, 0.1}. Pairs: 0.9>0.5, 0.9>0.1, 0.5=0.5 (½), 0.5>0.1 → 3.5 / 4 = 0.875.
  // Ranks: 0.1→1, 0.5,0.5→2.5 each, 0.9→4; positives' rank sum 6.5, doubled 13: (13 − 2·3) / (2·2·2) = 7/8.
  assert.equal(aucFromRanks({ positives: 2, negatives: 2, twiceRankSumPositives: 13 }), 0.875);
  assert.equal(aucFromRanks({ positives: 3, negatives: 0, twiceRankSumPositives: 12 }), null);
  assert.equal(aucFromRanks(null), null);
  const oneClass = groupMetrics(group('a', { y1d1: 3 }, { positives: 3, negatives: 0, twiceRankSumPositives: 12 }), { minGroupSize: 1, reference: 'b' });
  assert.ok(oneClass.flags.includes('undefined:auc'));
  assert.ok(oneClass.flags.includes('undefined:falsePositiveRate'));
});

test('mean score and count', () => {
  const g = groupMetrics({ group: 'g', cells: cells({ y0d0: 2, y1d1: 2 }), score: { count: 4, sum: 3, sumSquares: 2.5 }, ranks: null }, { minGroupSize: 4, reference: 'g' });
  assert.equal(g.count, 4);
  assert.equal(g.meanScore, 0.75);
  assert.ok(!g.flags.includes('small_group'));
});
