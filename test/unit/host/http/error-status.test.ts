import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES, VERIFICATION_CODES } from '../../../../src/api/errors.ts';
import { ERROR_STATUS, statusOf } from '../../../../src/host/http/error-status.ts';

test('every error code has an HTTP error status', () => {
  assert.deepEqual(Object.keys(ERROR_STATUS).sort(), [...ERROR_CODES].sort());
  for (const code of ERROR_CODES) assert.ok(statusOf(code) >= 400 && statusOf(code) < 600, code);
});

test('the statuses of the codes clients branch on', () => {
  assert.equal(statusOf('BAD_ARGUMENT'), 400);
  assert.equal(statusOf('NOT_FOUND'), 404);
  assert.equal(statusOf('PERMISSION_DENIED'), 403);
  assert.equal(statusOf('CASE_LOCKED'), 409);
  assert.equal(statusOf('ALREADY_EXISTS'), 409);
  assert.equal(statusOf('CANCELLED'), 499);
  assert.equal(statusOf('INTERNAL'), 500);
  for (const code of VERIFICATION_CODES) assert.equal(statusOf(code), 422, code);
  for (const code of ERROR_CODES) if (code !== 'INTERNAL') assert.ok(statusOf(code) < 500, `${code} is the caller's or the input's, not a server fault`);
});
