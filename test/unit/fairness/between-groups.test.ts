import { test } from 'node:test';
import assert from 'node:assert/strict';
import { betweenGroups } from '../../../src/fairness/between-groups.ts';
import { deriveRates } from '../../../src/fairness/group-metrics.ts';
import type { GroupRates } from '../../../src/fairness/index.ts';
import { cells, cellsFromRows } from './helpers.ts';

/**
 * Fairlearn's user guide, "Common fairness metrics" (docs/user_guide/assessment/common_fairness_metrics.rst in
 * github.com/fairlearn/fairlearn), publishes for these arrays: demographic_parity_difference 0.25,
 * demographic_parity_ratio 0.66666…, equalized_odds_difference 1.0, equalized_odds_ratio 0.0.
 */
const Y_TRUE = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1] as const;
const Y_PRED = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0] as const;
const SF = ['b', 'b', 'a', 'b', 'b', 'c', 'c', 'c', 'a', 'a', 'c', 'a', 'b', 'c', 'c', 'b', 'c', 'c'];

function ratesOf(groups: string[]): GroupRates[] {
  return groups.map((g) => deriveRates(cellsFromRows(SF.map((s, i) => ({ s, y: Y_TRUE[i]!, d: Y_PRED[i]! })).filter((r) => r.s === g))).rates);
}

test("Fairlearn's documented example (common_fairness_metrics.rst)", () => {
  const b = betweenGroups(ratesOf(['a', 'b', 'c']));
  // selection: a 3/4, b 3/6, c 4/8 → 0.75 − 0.5 = 0.25 and 0.5 / 0.75
  assert.equal(b.demographicParityDifference, 0.25);
  assert.ok(Math.abs(b.demographicParityRatio! - 2 / 3) < 1e-15);
  // TPR: a 1/2, b 3/5, c 2/5 (difference 0.2); FPR: a 2/2, b 0/1, c 2/3 (difference 1) → max 1.0
  assert.equal(b.equalizedOddsDifference, 1);
  // ratios: TPR 0.4/0.6, FPR 0/1 = 0 → min 0.0
  assert.equal(b.equalizedOddsRatio, 0);
  assert.ok(Math.abs(b.equalOpportunityDifference! - 0.2) < 1e-15);
});

test('a single group: differences 0, ratios 1 (or undefined when the rate is 0)', () => {
  const b = betweenGroups([deriveRates(cells({ y0d0: 2, y0d1: 1, y1d0: 1, y1d1: 2 })).rates]);
  assert.equal(b.demographicParityDifference, 0);
  assert.equal(b.demographicParityRatio, 1);
  assert.equal(b.equalizedOddsDifference, 0);
  assert.equal(b.equalizedOddsRatio, 1);
  const nobody = betweenGroups([deriveRates(cells({ y0d0: 2, y1d0: 2 })).rates]);
  assert.equal(nobody.demographicParityRatio, null); // 0/0 is NaN in Fairlearn
});

test('ratio 0/0 is undefined; equalizedOddsRatio follows Python min() over [TPR ratio, FPR ratio] with NaN', () => {
  // nobody selected in any group → selection min/max = 0/0 (NaN in Fairlearn, null here)
  const none = betweenGroups([deriveRates(cells({ y0d0: 3, y1d0: 1 })).rates, deriveRates(cells({ y0d0: 1, y1d0: 2 })).rates]);
  assert.equal(none.demographicParityRatio, null);
  assert.equal(none.demographicParityDifference, 0);
  assert.equal(none.equalizedOddsRatio, null); // TPR ratio 0/0 comes first → NaN wins in Python's min
  // TPR defined (1/2 vs 1/1), FPR 0 everywhere (0/0): min(0.5, NaN) in Python keeps 0.5
  const fprNaN = betweenGroups([
    deriveRates(cells({ y0d0: 2, y1d0: 1, y1d1: 1 })).rates,
    deriveRates(cells({ y0d0: 2, y1d1: 2 })).rates,
  ]);
  assert.equal(fprNaN.equalizedOddsRatio, 0.5);
});

test('groups without observed outcomes are left out of the outcome-based comparisons', () => {
  const b = betweenGroups([
    deriveRates(cells({ y0d0: 1, y0d1: 1, y1d1: 2 })).rates, // TPR 1, FPR 0.5
    deriveRates(cells({ y0d0: 2, y1d0: 1, y1d1: 1 })).rates, // TPR 0.5, FPR 0
    deriveRates(cells({ yNd0: 5, yNd1: 5 })).rates, // no outcomes
  ]);
  assert.equal(b.equalOpportunityDifference, 0.5);
  assert.equal(b.equalizedOddsDifference, 0.5);
  // selection still counts every group: 3/4, 1/4, 5/10 → 0.75 − 0.25
  assert.equal(b.demographicParityDifference, 0.5);
});
