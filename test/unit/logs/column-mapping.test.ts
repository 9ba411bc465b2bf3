import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import { mappingRecord, requireColumns, resolveMapping } from '../../../src/logs/column-mapping.ts';
import type { Manifest } from '../../../src/packages/index.ts';

const manifest = {
  features: [{ name: 'age', type: 'numeric' }, { name: 'purpose', type: 'categorical', levels: ['car'] }],
  protected_attributes: [{ name: 'sex' }, { name: 'age' }],
  label: 'credit_good',
} as unknown as Manifest;

test('canonical fields are found by their common names, case-insensitively, in order of preference', () => {
  const m = resolveMapping(['ID', 'Created_At', 'p', 'Approved', 'Y', 'age', 'purpose', 'Case_ID', 'model_id'], manifest);
  assert.deepEqual(m.canonical, {
    decision_id: 'ID', timestamp: 'Created_At', model_id: 'model_id', model_version: null, score: 'p', decision: 'Approved', outcome: 'Y',
  });
});

test('the manifest label is an outcome name; decision_id prefers decision_id over id', () => {
  const m = resolveMapping(['id', 'decision_id', 'credit_good', 'age', 'purpose'], manifest);
  assert.equal(m.canonical.decision_id, 'decision_id');
  assert.equal(m.canonical.outcome, 'credit_good');
});

test('features and protected attributes map by name or by a unique nested name; a protected feature is mapped once', () => {
  const m = resolveMapping(['decision_id', 'applicant.age', 'applicant.purpose', 'person.sex'], manifest);
  assert.deepEqual(m.features, { age: 'applicant.age', purpose: 'applicant.purpose' });
  assert.deepEqual(m.protected, { sex: 'person.sex' });
  const ambiguous = resolveMapping(['decision_id', 'a.age', 'b.age', 'purpose'], manifest);
  assert.equal(ambiguous.features.age, null);
});

test('--map wins, takes its column away from the automatic mapping, and may unmap a field with an empty column', () => {
  const m = resolveMapping(['id', 'score', 'prob', 'age', 'purpose', 'y'], manifest, { score: 'prob', decision_id: 'id', outcome: '' });
  assert.equal(m.canonical.score, 'prob');
  assert.equal(m.canonical.outcome, null);
  assert.deepEqual(mappingRecord(m), {
    decision_id: 'id', timestamp: null, model_id: null, model_version: null, score: 'prob', decision: null, outcome: null,
    age: 'age', purpose: 'purpose', sex: null,
  });
});

test('a --map of an unknown field or an absent column is a BAD_ARGUMENT naming it', () => {
  assert.throws(() => resolveMapping(['a'], manifest, { colour: 'a' }), (e: unknown) => e instanceof AssayError && e.code === 'BAD_ARGUMENT' && e.message.includes('"colour"'));
  assert.throws(() => resolveMapping(['a'], manifest, { score: 'b' }), (e: unknown) => e instanceof AssayError && e.code === 'BAD_ARGUMENT' && e.message.includes('"b"') && e.message.includes('"a"'));
});

test('requireColumns names missing features first, then a missing decision id', () => {
  const noFeatures = resolveMapping(['decision_id', 'x'], manifest);
  assert.throws(() => requireColumns(noFeatures, ['decision_id', 'x'], 'log.csv', 'p@1'), (e: unknown) =>
    e instanceof AssayError && e.code === 'LOG_MISMATCH' && e.message.includes('"age", "purpose"') && e.message.includes('p@1') && e.message.includes('"x"'));
  const noId = resolveMapping(['age', 'purpose'], manifest);
  assert.throws(() => requireColumns(noId, ['age', 'purpose'], 'log.csv', 'p@1'), (e: unknown) =>
    e instanceof AssayError && e.code === 'LOG_MISMATCH' && e.message.includes('decision id'));
});
