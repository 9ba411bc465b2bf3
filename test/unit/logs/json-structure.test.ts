import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenStructure, objectPaths } from '../../../src/logs/json-structure.ts';
import { headerLooksLikeData } from '../../../src/logs/source-csv.ts';

test('nested objects flatten to dotted names with JSON pointers, arrays and mixed values stay text', () => {
  const leaves = flattenStructure({
    id: 'VARCHAR', n: 'UBIGINT', x: 'DOUBLE', ok: 'BOOLEAN', tags: ['VARCHAR'], mixed: 'JSON', nothing: 'NULL',
    applicant: { age: 'UBIGINT', address: { 'city/town': 'VARCHAR', 'a~b': 'VARCHAR' } }, empty: {},
  });
  assert.deepEqual(leaves, [
    { name: 'id', pointer: '/id', type: 'VARCHAR' },
    { name: 'n', pointer: '/n', type: 'BIGINT' },
    { name: 'x', pointer: '/x', type: 'DOUBLE' },
    { name: 'ok', pointer: '/ok', type: 'BOOLEAN' },
    { name: 'tags', pointer: '/tags', type: 'VARCHAR' },
    { name: 'mixed', pointer: '/mixed', type: 'VARCHAR' },
    { name: 'nothing', pointer: '/nothing', type: 'VARCHAR' },
    { name: 'applicant.age', pointer: '/applicant/age', type: 'BIGINT' },
    { name: 'applicant.address.city/town', pointer: '/applicant/address/city~1town', type: 'VARCHAR' },
    { name: 'applicant.address.a~b', pointer: '/applicant/address/a~0b', type: 'VARCHAR' },
    { name: 'empty', pointer: '/empty', type: 'VARCHAR' },
  ]);
});

test('a flattened name that collides with a key of the same spelling gets a suffix', () => {
  assert.deepEqual(flattenStructure({ 'a.b': 'VARCHAR', a: { b: 'VARCHAR' } }).map((l) => l.name), ['a.b', 'a.b_1']);
});

test('a header whose every name looks like a value is a data row', () => {
  assert.equal(headerLooksLikeData(['1', '2024-01-01', '0.5', '-3e2', 'true', '']), true);
  assert.equal(headerLooksLikeData(['decision_id', '2024']), false);
  assert.equal(headerLooksLikeData(['d1', 'car']), false);
});

test('keys the structure lacks but the file has are added as text leaves, per object, in name order', () => {
  const structure = { id: 'VARCHAR', applicant: { age: 'UBIGINT' } };
  const paths = objectPaths(structure);
  assert.deepEqual(paths, [{ pointer: '', names: [] }, { pointer: '/applicant', names: ['applicant'] }]);
  const leaves = flattenStructure(structure, [
    { path: paths[0]!, keys: ['zeta', 'applicant', 'id', 'alpha'] },
    { path: paths[1]!, keys: ['age', 'city/x'] },
  ]);
  assert.deepEqual(leaves.map((l) => [l.name, l.pointer, l.type]), [
    ['id', '/id', 'VARCHAR'], ['applicant.age', '/applicant/age', 'BIGINT'], ['alpha', '/alpha', 'VARCHAR'], ['zeta', '/zeta', 'VARCHAR'],
    ['applicant.city/x', '/applicant/city~1x', 'VARCHAR'],
  ]);
});
