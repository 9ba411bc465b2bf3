import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CaseDb } from '../../../src/case/index.ts';
import { appendAudit, entryHash, listAudit, verifyAudit } from '../../../src/audit/index.ts';
import { canonicalJson } from '../../../src/util/canonical-json.ts';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir();
const pristine = join(dir, 'pristine.assay');
const ENTRIES = 6;

/** A case whose trail holds six entries, written through the real append. */
async function buildPristine(): Promise<void> {
  const db = await CaseDb.create(pristine, 'tamper', 'olga');
  for (let i = 1; i <= ENTRIES; i++) {
    await appendAudit(db, {
      user: i % 2 ? 'olga' : 'alex', role: i % 2 ? 'owner' : 'auditor', method: `step.${i}`, arguments: { n: i, path: `/data/${i}.csv` },
      inputHashes: { [`log:${i}`]: 'ab'.repeat(32) }, resultSha256: 'cd'.repeat(32), outcome: 'ok',
    });
  }
  await db.close();
}
const ready = buildPristine();

let copies = 0;
/** A copy of the pristine case, edited with DuckDB directly (as anyone with the file could). */
async function tampered(edit: (sql: (q: string) => Promise<void>, rows: () => Promise<Record<string, unknown>[]>) => Promise<void>): Promise<string> {
  await ready;
  const path = join(dir, `t${++copies}.assay`);
  copyFileSync(pristine, path);
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  await edit(
    async (q) => { await conn.run(q); },
    async () => (await conn.runAndReadAll('SELECT * FROM audit ORDER BY seq')).getRowObjectsJS() as Record<string, unknown>[],
  );
  await conn.run('CHECKPOINT');
  conn.closeSync();
  instance.closeSync();
  return path;
}

async function verify(path: string, expectHead?: string) {
  const db = await CaseDb.open(path);
  try {
    return await verifyAudit(db, expectHead);
  } finally {
    await db.close();
  }
}

/** Re-hashes entry `seq` from its stored fields as Assay would (what a careful forger does after an edit). */
async function rehash(path: string, seq: number): Promise<string> {
  const db = await CaseDb.open(path);
  const entry = (await listAudit(db)).find((e) => e.seq === seq)!;
  const { hash: _old, ...body } = entry;
  const hash = entryHash(body);
  await db.exec('UPDATE audit SET hash = $1 WHERE seq = $2', [hash, seq]);
  await db.close();
  return hash;
}

test('an untouched trail verifies, and its head is the last entry', async () => {
  await ready;
  const v = await verify(pristine);
  assert.equal(v.ok, true);
  assert.equal(v.entries, ENTRIES);
  assert.equal(v.head?.seq, ENTRIES);
  assert.deepEqual(v.storedHead, v.head);
  assert.equal(v.firstBroken, null);
});

test('a changed field is detected at that entry', async () => {
  const path = await tampered(async (sql) => sql(`UPDATE audit SET "user" = 'mallory' WHERE seq = 3`));
  const v = await verify(path);
  assert.equal(v.ok, false);
  assert.deepEqual([v.firstBroken?.seq, v.firstBroken?.problem], [3, 'hash']);
});

test('a changed argument (inside the JSON) is detected at that entry', async () => {
  const path = await tampered(async (sql) => sql(`UPDATE audit SET arguments = '{"n":5,"path":"/data/other.csv"}' WHERE seq = 5`));
  const v = await verify(path);
  assert.deepEqual([v.firstBroken?.seq, v.firstBroken?.problem], [5, 'hash']);
});

test('a deleted entry is detected where it is missing', async () => {
  const path = await tampered(async (sql) => sql('DELETE FROM audit WHERE seq = 4'));
  const v = await verify(path);
  assert.deepEqual([v.firstBroken?.seq, v.firstBroken?.problem], [4, 'missing']);
  assert.match(v.firstBroken!.message, /Entry 4 is missing/);
});

test('two swapped entries are detected at the first of them', async () => {
  const path = await tampered(async (sql) => {
    await sql('UPDATE audit SET seq = 100 WHERE seq = 2');
    await sql('UPDATE audit SET seq = 2 WHERE seq = 5');
    await sql('UPDATE audit SET seq = 5 WHERE seq = 100');
  });
  const v = await verify(path);
  assert.deepEqual([v.firstBroken?.seq, v.firstBroken?.problem], [2, 'hash']);
});

test('two entries swapped with their numbers kept are detected at the first of them', async () => {
  const path = await tampered(async (sql) => {
    const cols = `"user", role, method, arguments, input_hashes, result_sha256, outcome, prev_hash, hash, recorded_at`;
    await sql(`CREATE TEMP TABLE a2 AS SELECT ${cols} FROM audit WHERE seq = 2`);
    await sql(`CREATE TEMP TABLE a3 AS SELECT ${cols} FROM audit WHERE seq = 3`);
    await sql('DELETE FROM audit WHERE seq IN (2, 3)');
    await sql(`INSERT INTO audit SELECT 2, recorded_at, "user", role, method, arguments, input_hashes, result_sha256, outcome, prev_hash, hash FROM a3`);
    await sql(`INSERT INTO audit SELECT 3, recorded_at, "user", role, method, arguments, input_hashes, result_sha256, outcome, prev_hash, hash FROM a2`);
  });
  const v = await verify(path);
  assert.deepEqual([v.firstBroken?.seq, v.firstBroken?.problem], [2, 'hash']);
});

test('a cut-off tail is detected against the head recorded in the case', async () => {
  const path = await tampered(async (sql) => sql('DELETE FROM audit WHERE seq >= 5'));
  const v = await verify(path);
  assert.deepEqual([v.firstBroken?.seq, v.firstBroken?.problem], [5, 'truncated']);
  assert.match(v.firstBroken!.message, /Entries 5\.\.6 were cut off/);
});

test('a cut-off tail with the recorded head rewritten too passes alone, and is caught by a head kept elsewhere (the documented limit)', async () => {
  const original = (await verify(pristine)).head!.hash;
  const path = await tampered(async (sql, rows) => {
    await sql('DELETE FROM audit WHERE seq >= 5');
    const last = (await rows()).at(-1)!;
    await sql(`UPDATE meta SET value = '${canonicalJson({ seq: Number(last.seq), hash: String(last.hash) })}' WHERE key = 'audit_head'`);
  });
  assert.equal((await verify(path)).ok, true, 'without an outside head the forger wins: docs/security.md says so');
  const v = await verify(path, original);
  assert.deepEqual([v.ok, v.firstBroken?.seq, v.firstBroken?.problem], [false, 5, 'truncated']);
  assert.equal((await verify(pristine, original)).ok, true);
});

test('a removed head record is detected', async () => {
  const path = await tampered(async (sql) => sql(`DELETE FROM meta WHERE key = 'audit_head'`));
  const v = await verify(path);
  assert.deepEqual([v.firstBroken?.seq, v.firstBroken?.problem], [ENTRIES, 'head']);
});

test('an entry edited and re-hashed alone is detected at that entry (the next one chained the old hash)', async () => {
  const path = await tampered(async (sql) => sql(`UPDATE audit SET outcome = 'denied' WHERE seq = 3`));
  assert.equal((await verify(path)).firstBroken?.problem, 'hash');
  await rehash(path, 3);
  const v = await verify(path);
  assert.deepEqual([v.firstBroken?.seq, v.firstBroken?.problem], [3, 'link']);
});

test('the last entry edited and re-hashed is detected against the recorded head', async () => {
  const path = await tampered(async (sql) => sql(`UPDATE audit SET method = 'step.x' WHERE seq = ${ENTRIES}`));
  await rehash(path, ENTRIES);
  const v = await verify(path);
  assert.deepEqual([v.firstBroken?.seq, v.firstBroken?.problem], [ENTRIES, 'link']);
});

test('assay audit --verify exits 1 naming the broken entry, 0 on an intact trail; --expect-head is checked', async () => {
  const path = await tampered(async (sql) => sql(`UPDATE audit SET role = 'owner' WHERE seq = 2`));
  const broken = await cli('audit', path, '--verify');
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, /BROKEN at entry 2 \(hash\)/);
  const json = await cli('audit', path, '--verify', '--json');
  assert.equal(json.code, 1);
  assert.deepEqual([json.json().ok, json.json().firstBroken.seq], [false, 2]);
  const good = await cli('audit', pristine, '--verify', '--json');
  assert.equal(good.code, 0);
  const head = good.json().head.hash as string;
  assert.equal((await cli('audit', pristine, '--verify', '--expect-head', head)).code, 0);
  assert.equal((await cli('audit', pristine, '--verify', '--expect-head', 'f'.repeat(64))).code, 1);
  assert.equal((await cli('audit', pristine, '--verify', '--expect-head', 'nothex')).code, 2);
});
