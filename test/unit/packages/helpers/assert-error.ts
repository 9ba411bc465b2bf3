import assert from 'node:assert/strict';
import { isAssayError, type ErrorCode } from '../../../../src/api/errors.ts';

function check(e: unknown, code: ErrorCode, mentions: string[]): void {
  assert.ok(isAssayError(e), `expected an AssayError, got ${String(e)}`);
  assert.equal(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`);
  for (const m of mentions) assert.ok(e.message.includes(m), `the message should mention ${JSON.stringify(m)}: ${e.message}`);
}

/** Asserts that `fn` throws (or rejects with) an AssayError of `code` whose message contains every one of `mentions`. */
export async function assertFails(fn: () => unknown, code: ErrorCode, ...mentions: string[]): Promise<void> {
  try {
    await fn();
  } catch (e) {
    check(e, code, mentions);
    return;
  }
  assert.fail(`expected ${code}, but nothing was thrown`);
}
