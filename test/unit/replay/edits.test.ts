import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import type { Manifest } from '../../../src/packages/index.ts';
import { validateEdits } from '../../../src/replay/edits.ts';

const manifest = {
  features: [
    { name: 'age', type: 'numeric', min: 18, max: 99 },
    { name: 'purpose', type: 'categorical', levels: ['car', 'education'] },
  ],
  protected_attributes: [{ name: 'sex', reference: 'male' }],
} as unknown as Manifest;

const refused = (code: string, ...mentions: string[]) => (e: unknown) =>
  e instanceof AssayError && e.code === code && mentions.every((m) => e.message.includes(m));

test('numeric edits must parse; categorical values outside the levels and numbers outside the declared range are warned about', () => {
  const { edits, warnings } = validateEdits({ age: ' 42 ', purpose: 'boat' }, manifest, 'm@1', { allowProtectedNonInputs: false });
  assert.deepEqual(edits.map((e) => [e.column, e.value]), [['age', 42], ['purpose', 'boat']]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /"boat" was never seen in training/);
  assert.match(validateEdits({ age: 120 }, manifest, 'm@1', { allowProtectedNonInputs: false }).warnings[0]!, /above the maximum 99/);
  assert.throws(() => validateEdits({ age: 'x' }, manifest, 'm@1', { allowProtectedNonInputs: false }), refused('BAD_ARGUMENT', '"x"', 'age', 'numeric'));
  assert.throws(() => validateEdits({ age: '' }, manifest, 'm@1', { allowProtectedNonInputs: false }), refused('BAD_ARGUMENT', 'age'));
});

test('a column that is not an input is refused, listing the inputs; a protected attribute is accepted with a warning where allowed', () => {
  assert.throws(() => validateEdits({ income: 3 }, manifest, 'm@1', { allowProtectedNonInputs: true }), refused('BAD_ARGUMENT', '"income"', 'age, purpose'));
  assert.throws(() => validateEdits({ sex: 'female' }, manifest, 'm@1', { allowProtectedNonInputs: false }), refused('BAD_ARGUMENT', '"sex"', 'protected attribute'));
  const r = validateEdits({ sex: 'female' }, manifest, 'm@1', { allowProtectedNonInputs: true });
  assert.equal(r.edits[0]!.feature, null);
  assert.match(r.warnings[0]!, /changes no score/);
});
