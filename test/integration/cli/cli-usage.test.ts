import { test } from 'node:test';
import { CURRENT_SCHEMA_VERSION } from '../../../src/case/index.ts';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp.ts';
import { COMMANDS } from '../../../src/host/cli/run-cli.ts';

const dir = tempDir();

test('assay --help lists every command', async () => {
  const r = await cli('--help');
  assert.equal(r.code, 0);
  for (const c of COMMANDS) assert.ok(r.stdout.includes(c.name), c.name);
});

test('every command answers --help with its usage', async () => {
  for (const c of COMMANDS) {
    const r = await cli(...c.name.split(' '), '--help');
    assert.equal(r.code, 0, c.name);
    assert.ok(r.stdout.startsWith(`Usage: ${c.usage}`), c.name);
  }
});

test('an unknown command is a usage error (exit 2) naming it', async () => {
  const r = await cli('case', 'frobnicate');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error BAD_ARGUMENT: "case frobnicate" is not an assay command/);
});

test('an unknown option is a usage error that shows the usage', async () => {
  const r = await cli('case', 'create', join(dir, 'x.assay'), '--colour', 'red');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--colour/);
  assert.match(r.stderr, /Usage: assay case create/);
});

test('missing positionals are a usage error', async () => {
  const r = await cli('package', 'import', join(dir, 'x.assay'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /takes CASE PATH/);
});

test('an unknown role is refused', async () => {
  const r = await cli('case', 'create', join(dir, 'role.assay'), '--role', 'king');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--role takes one of owner, auditor, risk_officer, regulator, not "king"/);
});

test('case create answers in JSON, and a second create is refused with a JSON error', async () => {
  const path = join(dir, 'c.assay');
  const r = await cli('case', 'create', path, '--title', 'Loan audit', '--json');
  assert.equal(r.code, 0);
  const info = r.json();
  assert.equal(info.path, path);
  assert.equal(info.title, 'Loan audit');
  assert.equal(info.schemaVersion, CURRENT_SCHEMA_VERSION);
  const again = await cli('case', 'create', path, '--json');
  assert.equal(again.code, 2);
  assert.equal(again.json().error.code, 'ALREADY_EXISTS');
  assert.ok(again.json().error.message.includes(path));
});

test('case create appends the first audit entry, with the acting user and role', async () => {
  const path = join(dir, 'audited.assay');
  await cli('case', 'create', path, '--user', 'alice', '--role', 'owner');
  const r = await cli('audit', path, '--json');
  assert.equal(r.code, 0);
  const [entry] = r.json();
  assert.equal(entry.method, 'case.create');
  assert.equal(entry.user, 'alice');
  assert.equal(entry.role, 'owner');
  assert.equal(entry.seq, 1);
});

test('opening a file that is not a case is refused with CASE_INVALID', async () => {
  const path = join(dir, 'notes.assay');
  writeFileSync(path, 'these are my notes, not a case file at all');
  const r = await cli('case', 'info', path);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error CASE_INVALID: .*notes\.assay is not an Assay case file/);
});

test('the installed bin runs from the project root, with the exit codes of DESIGN.md §3', () => {
  assert.match(execFileSync(process.execPath, ['bin/assay.js', '--version'], { encoding: 'utf8' }), /^assay \d+\.\d+\.\d+/);
  const bad = spawnSync(process.execPath, ['bin/assay.js', 'case', 'info', join(dir, 'nope.assay')], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^error NOT_FOUND: There is no case file at/);
});
