import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cramersV, mutualInformation } from '../../../src/fairness/association.ts';
import { consistency, encodeFeatures, sampleIndices } from '../../../src/fairness/consistency.ts';

test("Cramér's V (bias-uncorrected) and mutual information in nats, by hand", () => {
  // [[10, 20], [20, 10]]: expected 15 everywhere, χ² = 4 · 5²/15 = 20/3, V = √(χ² / (60 · 1)) = 1/3
  assert.ok(Math.abs(cramersV([[10, 20], [20, 10]])! - 1 / 3) < 1e-15);
  // p = 1/6, 1/3, 1/3, 1/6 with marginals ½: MI = 2·(1/6)·ln((1/6)/(1/4)) + 2·(1/3)·ln((1/3)/(1/4))
  const mi = (1 / 3) * Math.log(2 / 3) + (2 / 3) * Math.log(4 / 3);
  assert.ok(Math.abs(mutualInformation([[10, 20], [20, 10]]) - mi) < 1e-15);
  assert.equal(cramersV([[5, 0], [0, 5]]), 1);
  assert.ok(Math.abs(mutualInformation([[5, 0], [0, 5]]) - Math.log(2)) < 1e-15);
  assert.equal(cramersV([[2, 4], [3, 6]]), 0);
  assert.equal(mutualInformation([[2, 4], [3, 6]]), 0);
  assert.equal(cramersV([[3, 4, 5]]), null); // one level of the attribute
  assert.equal(cramersV([[3, 0], [4, 0]]), null); // one level of the feature once empty columns go
  // 3 × 2 table: V = √(χ² / (n · (min(3, 2) − 1)))
  const t = [[10, 0], [5, 5], [0, 10]];
  // expected 5 in every cell; χ² = 4 · 25/5 = 20, n = 30 → √(20/30)
  assert.ok(Math.abs(cramersV(t)! - Math.sqrt(20 / 30)) < 1e-15);
});

test('consistency with k nearest neighbours (self included), by hand', () => {
  // one numeric feature 0, 1, 2, 10, 11, 12 and decisions 1, 1, 0, 0, 0, 1, k = 3:
  // kNN means 2/3, 2/3, 2/3, 1/3, 1/3, 1/3 → |ŷ − mean| = 1/3, 1/3, 2/3, 1/3, 1/3, 2/3 → 1 − (8/3)/6 = 5/9
  const { matrix, width } = encodeFeatures([{ name: 'x', kind: 'numeric', values: [0, 1, 2, 10, 11, 12] }], 6);
  assert.ok(Math.abs(consistency(matrix, width, [1, 1, 0, 0, 0, 1], 3)! - 5 / 9) < 1e-15);
});

test('consistency breaks distance ties by row order and always keeps the row itself', () => {
  // x = 0, 1, −1; k = 2. Row 0's other neighbour is row 1 (tie with row 2, lower index):
  // means 0.5, 0.5, 0 → 1 − (0.5 + 0.5 + 0)/3 = 2/3
  const a = encodeFeatures([{ name: 'x', kind: 'numeric', values: [0, 1, -1] }], 3);
  assert.ok(Math.abs(consistency(a.matrix, a.width, [0, 1, 0], 2)! - 2 / 3) < 1e-15);
  // six identical rows, decisions 1, 0, 0, 0, 0, 0, k = 5: row 0 sees itself and rows 1–4 (mean 0.2, |1 − 0.2| = 0.8);
  // every other row sees itself, row 0 and three more (mean 0.2) → 1 − (0.8 + 5 · 0.2)/6 = 0.7
  const b = encodeFeatures([{ name: 'c', kind: 'categorical', values: ['u', 'u', 'u', 'u', 'u', 'u'] }], 6);
  assert.ok(Math.abs(consistency(b.matrix, b.width, [1, 0, 0, 0, 0, 0], 5)! - 0.7) < 1e-15);
  assert.equal(consistency(new Float64Array(0), 1, []), null);
  // fewer rows than neighbours: all rows are neighbours
  const c = encodeFeatures([{ name: 'x', kind: 'numeric', values: [1, 2] }], 2);
  assert.equal(consistency(c.matrix, c.width, [1, 0], 5), 0.5);
});

test('encoding: numbers standardised (population sd), categories one-hot, missing values handled', () => {
  const { matrix, width } = encodeFeatures([
    { name: 'x', kind: 'numeric', values: [1, 2, 3, null] },
    { name: 'c', kind: 'categorical', values: ['b', 'a', null, 'b'] },
    { name: 'k', kind: 'numeric', values: [7, 7, 7, 7] },
  ], 4);
  assert.equal(width, 1 + 3 + 1);
  const sd = Math.sqrt(2 / 3); // mean 2 over the three present values
  assert.deepEqual(Array.from(matrix.slice(0, 5)), [-1 / sd, 0, 0, 1, 0]); // levels sorted: "\0missing", "a", "b"
  assert.deepEqual(Array.from(matrix.slice(5, 10)), [0, 0, 1, 0, 0]);
  assert.deepEqual(Array.from(matrix.slice(10, 15)), [1 / sd, 1, 0, 0, 0]);
  assert.deepEqual(Array.from(matrix.slice(15, 20)), [0, 0, 0, 1, 0]); // missing number at the mean
});

test('a seeded sample of row positions', () => {
  const s = sampleIndices(1000, 50, 9);
  assert.equal(s.length, 50);
  assert.equal(new Set(s).size, 50);
  assert.ok(s.every((v, i) => v >= 0 && v < 1000 && (i === 0 || v > s[i - 1]!)));
  assert.deepEqual(sampleIndices(1000, 50, 9), s);
  assert.notDeepEqual(sampleIndices(1000, 50, 10), s);
  assert.deepEqual(sampleIndices(3, 5, 1), [0, 1, 2]);
});
