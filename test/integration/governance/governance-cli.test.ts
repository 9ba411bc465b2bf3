import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir();

/** Canonical JSON written out here again (sorted keys, no spaces), to recompute hashes independently of src/util. */
function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

test('members, the audit listing with filters and its JSON Lines export, through the CLI', async () => {
  const path = join(dir, 'cli.assay');
  const as = (user: string, role: string) => ['--user', user, '--role', role];
  assert.equal((await cli('case', 'create', path, ...as('olga', 'owner'))).code, 0);
  assert.equal((await cli('member', 'add', path, 'olga', 'owner', ...as('olga', 'owner'))).code, 0);
  const bad = await cli('member', 'add', path, 'alex', 'king', ...as('olga', 'owner'));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /role/);
  assert.equal((await cli('member', 'add', path, 'alex', 'auditor', ...as('olga', 'owner'))).code, 0);
  const denied = await cli('member', 'add', path, 'eve', 'owner', ...as('alex', 'auditor'));
  assert.equal(denied.code, 2);
  assert.match(denied.stderr, /PERMISSION_DENIED/);
  const last = await cli('member', 'remove', path, 'olga', ...as('olga', 'owner'));
  assert.equal(last.code, 2);
  assert.match(last.stderr, /last owner/);
  const list = await cli('member', 'list', path, '--json', ...as('alex', 'auditor'));
  assert.deepEqual(list.json().members.map((m: { user: string; role: string }) => `${m.user}:${m.role}`), ['alex:auditor', 'olga:owner']);
  assert.equal((await cli('member', 'remove', path, 'alex', '--member-role', 'auditor', ...as('olga', 'owner'))).code, 0);

  const jsonl = join(dir, 'trail.jsonl');
  const all = await cli('audit', path, '--json', '--jsonl', jsonl, ...as('olga', 'owner'));
  assert.equal(all.code, 0);
  const entries = all.json() as { seq: number; user: string; outcome: string; hash: string; prevHash: string }[];
  assert.deepEqual(entries.map((e) => e.seq), [1, 2, 3, 4, 5]);
  const fileLines = readFileSync(jsonl, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(fileLines, entries);
  let prev = '0'.repeat(64);
  for (const e of fileLines) {
    const { hash, ...body } = e;
    assert.equal(createHash('sha256').update(canonical(body)).digest('hex'), hash, `entry ${e.seq} recomputes from its JSON line`);
    assert.equal(e.prevHash, prev);
    prev = hash;
  }
  const byAlex = await cli('audit', path, '--by', 'alex', '--json', ...as('olga', 'owner'));
  assert.deepEqual(byAlex.json().map((e: { method: string; outcome: string }) => `${e.method}:${e.outcome}`), ['member.add:denied']);
  const members = await cli('audit', path, '--method', 'member', '--outcome', 'ok', '--json', ...as('olga', 'owner'));
  assert.deepEqual(members.json().map((e: { seq: number }) => e.seq), [2, 3, 5]);
  const future = await cli('audit', path, '--from', '2999-01-01', '--json', ...as('olga', 'owner'));
  assert.deepEqual(future.json(), []);
  assert.equal((await cli('audit', path, '--from', 'soon', ...as('olga', 'owner'))).code, 2);
});
