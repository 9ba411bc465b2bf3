import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import { binNames, planAttribute, quantileProbabilities, quantilesNeeded, valueName } from '../../../src/fairness/attribute-plan.ts';
import { chooseReference, isNumericType, locateAttributes } from '../../../src/fairness/attribute-columns.ts';
import { group } from './helpers.ts';

function throwsCode(fn: () => unknown, code: string, mentions: string[]): void {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AssayError, String(e));
    assert.equal(e.code, code, e.message);
    for (const m of mentions) assert.ok(e.message.includes(m), `"${e.message}" should mention ${m}`);
    return;
  }
  assert.fail(`expected ${code}`);
}

test('bins are left-closed intervals with open ends, named as documented', () => {
  assert.deepEqual(binNames([25, 35, 50]), ['(-inf,25)', '[25,35)', '[35,50)', '[50,inf)']);
  assert.deepEqual(binNames([0.5]), ['(-inf,0.5)', '[0.5,inf)']);
  assert.deepEqual(quantileProbabilities(4), [0.25, 0.5, 0.75]);
  const plan = planAttribute({ name: 'age', numeric: true, distinct: 60, bins: [50, 25, 35, 25] }).plan;
  assert.deepEqual(plan, { name: 'age', kind: 'bins', edges: [25, 35, 50], quantiles: null });
  assert.equal(valueName(plan, 1), '[25,35)');
  assert.equal(valueName(plan, null), null);
});

test('numeric attributes: few values are groups as they are, many are cut at quartiles with a warning', () => {
  const few = planAttribute({ name: 'code', numeric: true, distinct: 3 });
  assert.equal(few.plan.kind, 'numeric-values');
  assert.equal(valueName(few.plan, 2), '2');
  assert.equal(valueName(few.plan, 2.5), '2.5');
  assert.equal(quantilesNeeded({ name: 'age', numeric: true, distinct: 60 }), 4);
  assert.equal(quantilesNeeded({ name: 'age', numeric: true, distinct: 60, bins: { quantiles: 5 } }), 5);
  assert.equal(quantilesNeeded({ name: 'age', numeric: true, distinct: 60, bins: [30] }), null);
  const many = planAttribute({ name: 'age', numeric: true, distinct: 60, quantileEdges: [27, 33, 42] });
  assert.deepEqual(many.plan, { name: 'age', kind: 'bins', edges: [27, 33, 42], quantiles: 4 });
  assert.ok(many.warning?.includes('(-inf,27), [27,33), [33,42), [42,inf)'));
  assert.equal(planAttribute({ name: 'age', numeric: true, distinct: 60, bins: { quantiles: 3 }, quantileEdges: [30, 30] }).warning, null);
});

test('bins on a text attribute, or without a finite edge, are refused naming the attribute', () => {
  throwsCode(() => planAttribute({ name: 'sex', numeric: false, distinct: 0, bins: [1] }), 'BAD_ARGUMENT', ['sex', '--bins']);
  throwsCode(() => planAttribute({ name: 'age', numeric: true, distinct: 9, bins: [Number.NaN] }), 'BAD_ARGUMENT', ['age']);
});

test('attributes are found in the log or the attributes file; a missing one is NOT_FOUND listing the columns', () => {
  const log = { name: 'demo', columns: [{ name: '_row', type: 'BIGINT' }, { name: 'decision_id', type: 'VARCHAR' }, { name: 'sex', type: 'VARCHAR' }, { name: 'age', type: 'DOUBLE' }] };
  throwsCode(() => locateAttributes(['race'], log, null), 'NOT_FOUND', ['"race"', 'demo', 'decision_id, sex, age', '--attributes-file']);
  const file = { path: '/x/attrs.csv', columns: [{ name: 'decision_id', type: 'VARCHAR' }, { name: 'race', type: 'VARCHAR' }, { name: 'sex', type: 'VARCHAR' }] };
  const found = locateAttributes(['race', 'sex', 'age'], log, file);
  assert.deepEqual(found.fromFile, ['race', 'sex']);
  assert.equal(found.types.age, 'DOUBLE');
  assert.equal(found.warnings.length, 1);
  assert.ok(found.warnings[0]!.includes('"sex"'));
  throwsCode(() => locateAttributes(['race'], log, { path: '/x/bad.csv', columns: [{ name: 'id', type: 'BIGINT' }] }), 'BAD_ARGUMENT', ['decision_id', '/x/bad.csv']);
  assert.ok(isNumericType('DOUBLE') && isNumericType('DECIMAL(18,3)') && isNumericType('BIGINT') && !isNumericType('VARCHAR') && !isNumericType('BOOLEAN'));
});

test('the reference: given, else the package references joined, else the largest group with a warning', () => {
  const groups = [group('female', { y0d0: 10 }), group('male', { y0d0: 30 }), group('other', { y0d0: 30 })];
  assert.deepEqual(chooseReference('sex', 'female', ['male'], groups), { reference: 'female', source: 'argument', warning: null });
  assert.equal(chooseReference('sex|age_group', undefined, ['male', 'over_25'], groups).reference, 'male|over_25');
  const largest = chooseReference('race', undefined, [undefined], groups);
  assert.equal(largest.reference, 'male'); // first of the two largest
  assert.ok(largest.warning?.includes('"male"'));
});
