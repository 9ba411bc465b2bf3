import { test } from 'node:test';
import assert from 'node:assert/strict';
import { METHOD_NAMES, METHODS, ROLE_SEES_PERSONAL_DATA, ROLES } from '../../../src/api/contract.ts';
import { MASKING } from '../../../src/api/masking.ts';
import { scrub } from '../../../src/governance/index.ts';

test('every method of the contract declares how its result is masked (a new method cannot forget)', () => {
  const missing = METHOD_NAMES.filter((m) => !(m in MASKING));
  assert.deepEqual(missing, [], `add an entry to MASKING in src/api/masking.ts for ${missing.join(', ')}`);
  const stale = Object.keys(MASKING).filter((m) => !(METHOD_NAMES as string[]).includes(m));
  assert.deepEqual(stale, [], 'no entry for a method the contract no longer has');
  for (const m of METHOD_NAMES) assert.ok(MASKING[m]!.note.length > 5, `${m} says why`);
});

test('the permission table: every role is stated, owners and auditors see personal data, risk officers and regulators do not', () => {
  assert.deepEqual(Object.keys(ROLE_SEES_PERSONAL_DATA).sort(), [...ROLES].sort());
  assert.deepEqual(ROLES.filter((r) => ROLE_SEES_PERSONAL_DATA[r]), ['owner', 'auditor']);
  // a method that exports everything about a subject is never open to a masked role
  for (const r of ROLES) if (!ROLE_SEES_PERSONAL_DATA[r]) assert.ok(!METHODS['subject.export'].roles.includes(r), r);
  for (const m of ['member.add', 'member.remove', 'subject.erase'] as const) assert.deepEqual(METHODS[m].roles, ['owner'], m);
});

test('scrub masks values under personal keys, beside a personal column or feature, and decision ids only when asked', () => {
  const plan = { keys: new Set(['applicant_id', 'Applicant ID']), columns: new Set(['applicant_id', 'credit_amount']), decisionIds: false };
  const input = {
    rows: [{ decision_id: 'D-1', applicant_id: 'P-1', age: 30, 'Applicant ID': 'P-1' }],
    edits: [{ column: 'credit_amount', from: 1304, to: 1000 }, { column: 'age', from: 30, to: 31 }],
    beeswarm: [{ feature: 'credit_amount', phi: [0.1, 0.2], value: [1304, null] }],
    decisionId: 'D-1',
  };
  assert.deepEqual(scrub(input, plan, 'X'), {
    rows: [{ decision_id: 'D-1', applicant_id: 'X', age: 30, 'Applicant ID': 'X' }],
    edits: [{ column: 'credit_amount', from: 'X', to: 'X' }, { column: 'age', from: 30, to: 31 }],
    beeswarm: [{ feature: 'credit_amount', phi: [0.1, 0.2], value: ['X', null] }],
    decisionId: 'D-1',
  });
  const ids = scrub(input, { ...plan, decisionIds: true }, 'X') as typeof input;
  assert.equal(ids.decisionId, 'X');
  assert.equal(ids.rows[0]!.decision_id, 'X');
});
