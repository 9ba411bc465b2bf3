import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import { beeswarm, chooseBackground, dependence, meanAbsImportance, shapByGroup } from '../../../src/explain/index.ts';

const features = ['age', 'amount', 'purpose'];
const phi = [[0.5, -0.1, 0], [-0.3, 0.2, 0.1], [0.1, -0.3, -0.2], [0.3, 0, 0.1]];
const values = [[30, 1000, 'car'], [45, 2500, 'tv'], [22, 800, 'car'], [60, null, 'tv']];

test('mean |φ| importance, largest first', () => {
  assert.deepEqual(meanAbsImportance({ features, phi }).map((i) => [i.feature, Math.round(i.meanAbs * 1e12) / 1e12]), [['age', 0.3], ['amount', 0.15], ['purpose', 0.1]]);
});

test('beeswarm and dependence data pair each row\'s φ with its value', () => {
  const b = beeswarm({ features, phi, values });
  assert.deepEqual(b.map((f) => f.feature), ['age', 'amount', 'purpose']);
  assert.deepEqual(b[1], { feature: 'amount', phi: [-0.1, 0.2, -0.3, 0], value: [1000, 2500, 800, null] });
  const d = dependence({ features, phi, values }, 'age', 'purpose');
  assert.deepEqual(d, { feature: 'age', value: [30, 45, 22, 60], phi: [0.5, -0.3, 0.1, 0.3], colorFeature: 'purpose', color: ['car', 'tv', 'car', 'tv'] });
});

test('SHAP by protected group: mean φ per group and the difference to the reference', () => {
  const r = shapByGroup(features, phi, [0.6, 0.4, 0.3, 0.7], ['female', 'male', 'female', null], 'sex', 'male');
  assert.equal(r.missing, 1);
  assert.deepEqual(r.groups.map((g) => [g.group, g.count]), [['female', 2], ['male', 1]]);
  assert.equal(r.groups[0]!.meanPhi.age, 0.3);
  assert.ok(Math.abs(r.groups[0]!.meanFx - 0.45) < 1e-15);
  assert.ok(Math.abs(r.vsReference.female!.age! - 0.6) < 1e-15);
  assert.ok(Math.abs(r.range.amount! - 0.4) < 1e-15);
  assert.equal(shapByGroup(features, phi, [0, 0, 0, 0], ['a', 'b', 'b', 'a'], 'g').reference, 'a');
  assert.throws(() => shapByGroup(features, phi, [0, 0, 0, 0], ['a', 'b', 'b', 'a'], 'g', 'c'), (e: unknown) => e instanceof AssayError && e.code === 'NOT_FOUND');
});

test('the background: all rows up to the size, else a seeded sample; fewer rows than asked is a warning', () => {
  assert.deepEqual(chooseBackground(5, 100, 1, false), { indices: [0, 1, 2, 3, 4], sampled: false, warning: null });
  const asked = chooseBackground(5, 100, 1, true);
  assert.ok(asked.warning?.includes('only 5 rows'));
  const a = chooseBackground(200, 50, 7, false);
  assert.equal(a.indices.length, 50);
  assert.deepEqual(a, chooseBackground(200, 50, 7, false));
  assert.notDeepEqual(a.indices, chooseBackground(200, 50, 8, false).indices);
  assert.throws(() => chooseBackground(0, 10, 1, false), (e: unknown) => e instanceof AssayError && e.code === 'NOT_FOUND');
});
