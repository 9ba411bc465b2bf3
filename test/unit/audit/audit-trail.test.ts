import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CaseDb } from '../../../src/case/index.ts';
import { appendAudit, entryHash, GENESIS_HASH, listAudit, redactArguments } from '../../../src/audit/index.ts';
import { tempDir } from '../../helpers/temp.ts';

test('entries are numbered and chained by hash', async () => {
  const db = await CaseDb.create(join(tempDir(), 'a.assay'), '', 'alice');
  await appendAudit(db, { user: 'alice', role: 'auditor', method: 'case.create', arguments: {}, inputHashes: {}, resultSha256: 'r1', outcome: 'ok' });
  await appendAudit(db, { user: 'bob', role: 'regulator', method: 'package.import', arguments: { path: 'p' }, inputHashes: { x: 'h' }, resultSha256: null, outcome: 'denied' });
  const entries = await listAudit(db);
  assert.equal(entries.length, 2);
  assert.deepEqual(entries.map((e) => e.seq), [1, 2]);
  assert.equal(entries[0]!.prevHash, GENESIS_HASH);
  assert.equal(entries[1]!.prevHash, entries[0]!.hash);
  for (const e of entries) {
    const { hash, ...body } = e;
    assert.equal(entryHash(body), hash, `entry ${e.seq} hash recomputes from what the case holds`);
  }
  await db.close();
});

test('secrets never reach the trail', () => {
  assert.deepEqual(redactArguments({ path: 'k.p12', password: 'x', nested: { passphraseEnv: 'VAR', token: 't' } }), {
    path: 'k.p12', password: '[redacted]', nested: { passphraseEnv: '[redacted]', token: '[redacted]' },
  });
});
