import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseDb, CURRENT_SCHEMA_VERSION } from '../../../src/case/index.ts';
import { AssayError } from '../../../src/api/errors.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir();

async function rejectsWith(p: Promise<unknown>, code: string, mentions?: string): Promise<AssayError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AssayError, `expected AssayError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (mentions) assert.ok(e.message.includes(mentions), `"${e.message}" should mention ${mentions}`);
    return e;
  }
  assert.fail(`expected ${code}`);
}

test('create writes a case with metadata and the current schema version', async () => {
  const path = join(dir, 'a.assay');
  const db = await CaseDb.create(path, 'Title', 'alice');
  const meta = await db.meta();
  assert.equal(meta.format, 'assay-case');
  assert.equal(Number(meta.schema_version), CURRENT_SCHEMA_VERSION);
  assert.equal(meta.title, 'Title');
  assert.equal(meta.created_by, 'alice');
  const tables = (await db.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables ORDER BY 1')).map((r) => r.name);
  for (const t of ['audit', 'findings', 'logs', 'meta', 'package_files', 'packages', 'quarantine', 'runs']) assert.ok(tables.includes(t), t);
  await db.close();
});

test('create refuses an existing file', async () => {
  const path = join(dir, 'exists.assay');
  writeFileSync(path, 'x');
  await rejectsWith(CaseDb.create(path, '', 'a'), 'ALREADY_EXISTS', path);
  assert.equal(readFileSync(path, 'utf8'), 'x');
});

test('open refuses a missing file, a non-case file and a DuckDB file that is not a case, leaving them unchanged', async () => {
  await rejectsWith(CaseDb.open(join(dir, 'missing.assay')), 'NOT_FOUND', 'missing.assay');
  const text = join(dir, 'text.assay');
  writeFileSync(text, 'just some text that is long enough to read a header from');
  await rejectsWith(CaseDb.open(text), 'CASE_INVALID', 'text.assay');
  assert.equal(readFileSync(text, 'utf8'), 'just some text that is long enough to read a header from');
  const empty = join(dir, 'empty.assay');
  writeFileSync(empty, '');
  await rejectsWith(CaseDb.open(empty), 'CASE_INVALID');
  assert.equal(readFileSync(empty).length, 0);
});

test('a plain DuckDB database is not a case', async () => {
  const path = join(dir, 'plain.duckdb');
  const db = await CaseDb.create(path, '', 'a');
  await db.exec('DROP TABLE meta');
  await db.close();
  await rejectsWith(CaseDb.open(path), 'CASE_INVALID', 'not an Assay case');
});

test('a case from a newer schema version is refused', async () => {
  const path = join(dir, 'newer.assay');
  const db = await CaseDb.create(path, '', 'a');
  await db.exec("UPDATE meta SET value = $1 WHERE key = 'schema_version'", [String(CURRENT_SCHEMA_VERSION + 1)]);
  await db.close();
  await rejectsWith(CaseDb.open(path), 'CASE_TOO_NEW', `schema version ${CURRENT_SCHEMA_VERSION + 1}`);
});

test('a second writer in this process gets CASE_LOCKED', async () => {
  const path = join(dir, 'locked.assay');
  const db = await CaseDb.create(path, '', 'a');
  await rejectsWith(CaseDb.open(path), 'CASE_LOCKED', 'already open');
  await db.close();
  const again = await CaseDb.open(path);
  await again.close();
});

test('a second writer in another process gets CASE_LOCKED, not a corrupted file', async () => {
  const path = join(dir, 'locked2.assay');
  const db = await CaseDb.create(path, '', 'a');
  const script = `import { CaseDb } from ${JSON.stringify(new URL('../../../src/case/index.ts', import.meta.url).pathname)};
    try { await CaseDb.open(${JSON.stringify(path)}); console.log('opened'); } catch (e) { console.log(e.code); }`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(out.trim(), 'CASE_LOCKED');
  assert.equal((await db.meta()).format, 'assay-case');
  await db.close();
});

test('SQL may read only the files named at open', async () => {
  const path = join(dir, 'access.assay');
  await (await CaseDb.create(path, '', 'a')).close();
  const allowed = join(dir, 'allowed.csv');
  const other = join(dir, 'other.csv');
  writeFileSync(allowed, 'x\n1\n2\n');
  writeFileSync(other, 'x\n3\n');
  const db = await CaseDb.open(path, { allowedFiles: [allowed] });
  assert.deepEqual(await db.query('SELECT sum(x)::INTEGER AS s FROM read_csv($1)', [allowed]), [{ s: 3 }]);
  await assert.rejects(db.query('SELECT * FROM read_csv($1)', [other]), /disabled by configuration|Permission/);
  await assert.rejects(db.exec('SET enable_external_access = true'), /Cannot enable/);
  await assert.rejects(db.exec(`COPY meta TO '${join(dir, 'leak.csv')}'`), /disabled by configuration|Permission/);
  await db.close();
});

test('a failed transaction leaves nothing behind', async () => {
  const path = join(dir, 'tx.assay');
  const db = await CaseDb.create(path, '', 'a');
  await assert.rejects(
    db.transaction(async () => {
      await db.exec('CREATE TABLE scratch (x INTEGER)');
      await db.exec("INSERT INTO meta VALUES ('k', 'v')");
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.equal((await db.meta()).k, undefined);
  assert.equal((await db.query("SELECT * FROM information_schema.tables WHERE table_name = 'scratch'")).length, 0);
  await db.close();
});
