import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  concatPacked, MISSING_CODE, OTHER_CODE, packedBuffers, packRows, slicePacked, specFromManifest, unpackBatch,
} from '../../../src/inference/index.ts';
import type { Feature, Manifest } from '../../../src/packages/index.ts';

const FEATURES: Feature[] = [
  { name: 'age', type: 'numeric' },
  { name: 'purpose', type: 'categorical', levels: ['car', 'education', 'furniture'] },
];
const spec = specFromManifest({ features: FEATURES, input: { layout: 'columns' }, output: { name: 'p', index: 1 } } as unknown as Manifest, []);
const rows = [
  { age: 30, purpose: 'car' },
  { age: '41.5', purpose: 'yacht' },
  { age: null, purpose: null },
  { age: 62, purpose: 'furniture' },
];

test('rows pack to doubles and level codes, with unseen values kept aside; unpacking gives the raw values back', () => {
  const b = packRows(FEATURES, rows);
  assert.deepEqual(Array.from(b.numeric.age!), [30, 41.5, Number.NaN, 62]);
  assert.deepEqual(Array.from(b.categorical.purpose!.codes), [0, OTHER_CODE, MISSING_CODE, 2]);
  assert.deepEqual([...b.categorical.purpose!.other], [[1, 'yacht']]);
  const u = unpackBatch(spec, b);
  assert.deepEqual(Array.from(u.columns.purpose as string[]), ['car', 'yacht', null, 'furniture']);
  assert.deepEqual(Array.from(u.columns.age as Float64Array), [30, 41.5, Number.NaN, 62]);
});

test('slicing and concatenating keep each row with its unseen value', () => {
  const b = packRows(FEATURES, rows);
  const tail = slicePacked(b, 1, 4);
  assert.equal(tail.length, 3);
  assert.deepEqual([...tail.categorical.purpose!.other], [[0, 'yacht']]);
  const again = concatPacked([slicePacked(b, 0, 1), tail]);
  assert.deepEqual(unpackBatch(spec, again), unpackBatch(spec, b));
  assert.equal(concatPacked([]).length, 0);
});

test('the buffers to transfer are the typed arrays of every column', () => {
  const b = packRows(FEATURES, rows);
  assert.deepEqual(packedBuffers(b), [b.numeric.age!.buffer, b.categorical.purpose!.codes.buffer]);
});
