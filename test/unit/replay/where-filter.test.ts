import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AssayError } from '../../../src/api/errors.ts';
import { CaseDb } from '../../../src/case/index.ts';
import { compileWhere } from '../../../src/replay/index.ts';
import { tempDir } from '../../helpers/temp.ts';

const columns = [
  { name: 'age', type: 'DOUBLE' },
  { name: 'purpose', type: 'VARCHAR' },
  { name: 'timestamp', type: 'TIMESTAMP WITH TIME ZONE' },
  { name: 'odd "name"', type: 'INTEGER' },
  { name: 'flag', type: 'BOOLEAN' },
];
const db = await CaseDb.create(join(tempDir('assay-where-'), 'w.assay'), 't', 'test');
after(() => db.close());

test('conditions compile to quoted identifiers and bound, typed parameters', async () => {
  const w = await compileWhere(db, [
    { column: 'age', op: 'between', value: ['30', 40] },
    { column: 'purpose', op: 'in', value: ['car', "it's"] },
    { column: 'timestamp', op: '>=', value: '2025-07-01' },
    { column: 'odd "name"', op: '=', value: '3' },
    { column: 'flag', op: '=', value: 'TRUE' },
  ], columns, 3, 'l');
  assert.equal(w.sql, '(l."age" BETWEEN $3 AND $4) AND (l."purpose" IN ($5, $6)) AND (l."timestamp" >= CAST($7 AS TIMESTAMP WITH TIME ZONE)) AND (l."odd ""name""" = $8) AND (l."flag" = $9)');
  assert.deepEqual(w.params, [30, 40, 'car', "it's", '2025-07-01', 3, true]);
  assert.deepEqual(await compileWhere(db, [], columns), { sql: 'TRUE', params: [] });
});

test('an unknown column, a non-number for a numeric column, a bad timestamp or boolean are refused by name', async () => {
  const refused = (...mentions: string[]) => (e: unknown) => e instanceof AssayError && e.code === 'BAD_ARGUMENT' && mentions.every((m) => e.message.includes(m));
  await assert.rejects(compileWhere(db, [{ column: 'salary', op: '>', value: 1 }], columns), refused('"salary"', 'age, purpose'));
  await assert.rejects(compileWhere(db, [{ column: 'age', op: '<', value: 'old' }], columns), refused('"old"', 'numeric'));
  await assert.rejects(compileWhere(db, [{ column: 'timestamp', op: '<', value: 'soon' }], columns), refused('"soon"'));
  await assert.rejects(compileWhere(db, [{ column: 'flag', op: '=', value: 'maybe' }], columns), refused('"maybe"', 'true or false'));
});
