import { test } from 'node:test';
import assert from 'node:assert/strict';
import { personalSuggestions } from '../../../src/logs/personal-hints.ts';

test('names of identifiers and contact details are suggested as personal; the decision id and model inputs are not', () => {
  const columns = ['decision_id', 'applicant_id', 'First Name', 'email', 'home_address', 'date_of_birth', 'dob', 'credit_amount', 'age', 'sex', 'purpose', 'username_hash', 'zipcode'];
  assert.deepEqual(personalSuggestions(columns, 'decision_id'), ['applicant_id', 'First Name', 'email', 'home_address', 'date_of_birth', 'dob']);
});

test('a column is only suggested on a whole word: "rename_count" and "purpose_name" differ', () => {
  assert.deepEqual(personalSuggestions(['rename_count', 'purpose_name', 'namespace'], null), ['purpose_name']);
});
