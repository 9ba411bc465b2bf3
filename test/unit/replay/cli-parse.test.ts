import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import { parseSet, parseWhere } from '../../../src/host/cli/commands-replay.ts';

test('--where takes comparisons, "in" lists and "between" ranges, as structured conditions', () => {
  assert.equal(parseWhere(undefined), undefined);
  assert.deepEqual(parseWhere(['age>=30', 'score < 0.5', 'sex=female', 'purpose in car_new, car_used', 'timestamp between 2025-01-01..2025-07-01T00:00:00Z', 'x<=-1', 'y>2']), [
    { column: 'age', op: '>=', value: '30' },
    { column: 'score', op: '<', value: '0.5' },
    { column: 'sex', op: '=', value: 'female' },
    { column: 'purpose', op: 'in', value: ['car_new', 'car_used'] },
    { column: 'timestamp', op: 'between', value: ['2025-01-01', '2025-07-01T00:00:00Z'] },
    { column: 'x', op: '<=', value: '-1' },
    { column: 'y', op: '>', value: '2' },
  ]);
  for (const bad of ['age', 'age ~ 3', '=3', 'age between 3']) {
    assert.throws(() => parseWhere([bad]), (e: unknown) => e instanceof AssayError && e.code === 'BAD_ARGUMENT' && e.message.includes(bad));
  }
});

test('--set takes column=value; the value may hold "="', () => {
  assert.deepEqual(parseSet(['age=30', 'note=a=b', 'purpose=']), { age: '30', note: 'a=b', purpose: '' });
  assert.throws(() => parseSet(['=3']), (e: unknown) => e instanceof AssayError && e.code === 'BAD_ARGUMENT');
  assert.throws(() => parseSet(['age']), (e: unknown) => e instanceof AssayError && e.message.includes('"age"'));
});
