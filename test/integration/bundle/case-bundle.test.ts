import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { cli } from '../../helpers/cli.ts';
import { demoPackage } from '../../helpers/demo-paths.ts';
import { tempDir } from '../../helpers/temp.ts';

const PASS = 'a long and secret passphrase 7';
process.env.ASSAY_TEST_BUNDLE_PASS = PASS;
process.env.ASSAY_TEST_BUNDLE_WRONG = 'not the passphrase at all';
const dir = tempDir();
const casePath = join(dir, 'case.assay');
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

let snapshot = '';
let exported: { path: string; caseSha256: string; caseBytes: number; sha256: string; scrypt: unknown; chunks: number };

before(async () => {
  assert.equal((await cli('case', 'create', casePath, '--role', 'owner', '--title', 'bundle test')).code, 0);
  const imp = await cli('package', 'import', casePath, demoPackage('credit-logreg'), '--role', 'owner');
  assert.equal(imp.code, 0, imp.stderr);
  snapshot = sha(casePath);
  const r = await cli('case', 'export', casePath, '--out', join(dir, 'case.bundle'), '--passphrase-env', 'ASSAY_TEST_BUNDLE_PASS', '--role', 'owner', '--json');
  assert.equal(r.code, 0, r.stdout);
  exported = r.json();
});

describe('assay case export / import-bundle', () => {
  test('the bundle holds the case byte for byte, and import-bundle gives those bytes back', async () => {
    assert.equal(exported.caseSha256, snapshot, 'the closed case file as it was before the export');
    assert.deepEqual(exported.scrypt, { log2N: 17, r: 8, p: 1 });
    assert.equal(exported.chunks, Math.floor(exported.caseBytes / 65536) + 1);
    assert.equal(exported.sha256, sha(exported.path));
    const out = join(dir, 'restored.assay');
    const r = await cli('case', 'import-bundle', exported.path, '--out', out, '--passphrase-env', 'ASSAY_TEST_BUNDLE_PASS', '--json');
    assert.equal(r.code, 0, r.stdout);
    assert.equal(sha(out), snapshot, 'byte for byte');
    assert.equal(r.json().caseSha256, snapshot);
    const info = await cli('case', 'info', out, '--json');
    assert.equal(info.code, 0);
    assert.equal(info.json().title, 'bundle test');
    assert.deepEqual(info.json().packages.map((p: { ref: string }) => p.ref), ['credit-logreg@1.0.0']);
  });

  test('the export is audited without its passphrase, which appears nowhere in the case file', async () => {
    const trail = (await cli('audit', casePath, '--role', 'owner', '--json')).json();
    const entries = Array.isArray(trail) ? trail : trail.entries;
    const entry = entries.find((e: { method: string }) => e.method === 'case.export');
    assert.ok(entry, 'an audit entry for the export');
    assert.equal(entry.arguments.passphrase, '[redacted]');
    assert.equal(entry.inputHashes.case, snapshot);
    assert.equal(readFileSync(casePath).includes(Buffer.from(PASS)), false);
    assert.equal(JSON.stringify(trail).includes(PASS), false);
  });

  test('a wrong passphrase, a changed byte, a truncated bundle: refused with a sentence, nothing written', async () => {
    const bytes = readFileSync(exported.path);
    const changed = join(dir, 'changed.bundle');
    const b = Buffer.from(bytes);
    b[Math.floor(b.length / 2)]! ^= 0x20;
    writeFileSync(changed, b);
    const cut = join(dir, 'cut.bundle');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 1000));
    const cases: [string, string, number, RegExp][] = [
      [exported.path, 'ASSAY_TEST_BUNDLE_WRONG', 2, /PASSPHRASE_WRONG: The passphrase does not open/],
      [changed, 'ASSAY_TEST_BUNDLE_PASS', 1, /VERIFICATION_FAILED: The bundle .* was changed or damaged: chunk \d+ of \d+ does not authenticate/],
      [cut, 'ASSAY_TEST_BUNDLE_PASS', 1, /VERIFICATION_FAILED: .*cut short/],
    ];
    for (const [file, env, code, words] of cases) {
      const before = readdirSync(dir).sort();
      const out = join(dir, 'never.assay');
      const r = await cli('case', 'import-bundle', file, '--out', out, '--passphrase-env', env);
      assert.equal(r.code, code, r.stderr);
      assert.match(r.stderr, words);
      assert.equal(existsSync(out), false);
      assert.deepEqual(readdirSync(dir).sort(), before, 'no file left behind');
    }
  });

  test('passphrases only from the environment: a missing flag, an unset variable, a short passphrase', async () => {
    const out = join(dir, 'x.bundle');
    const noFlag = await cli('case', 'export', casePath, '--out', out, '--role', 'owner');
    assert.equal(noFlag.code, 2);
    assert.match(noFlag.stderr, /name that variable with --passphrase-env VAR \(passphrases are never taken on the command line\)/);
    const unset = await cli('case', 'export', casePath, '--out', out, '--passphrase-env', 'ASSAY_TEST_UNSET_VARIABLE', '--role', 'owner');
    assert.equal(unset.code, 2);
    assert.match(unset.stderr, /ASSAY_TEST_UNSET_VARIABLE .* is not set/);
    process.env.ASSAY_TEST_SHORT = 'short';
    const short = await cli('case', 'export', casePath, '--out', out, '--passphrase-env', 'ASSAY_TEST_SHORT', '--role', 'owner');
    assert.equal(short.code, 2);
    assert.match(short.stderr, /at least 8 characters/);
    const noDir = await cli('case', 'export', casePath, '--out', join(dir, 'no-such-folder', 'x.bundle'), '--passphrase-env', 'ASSAY_TEST_BUNDLE_PASS', '--role', 'owner');
    assert.equal(noDir.code, 2);
    assert.match(noDir.stderr, /There is no folder .*no-such-folder/);
    const exists = await cli('case', 'export', casePath, '--out', exported.path, '--passphrase-env', 'ASSAY_TEST_BUNDLE_PASS', '--role', 'owner');
    assert.equal(exists.code, 2);
    assert.match(exists.stderr, /exists already/);
    assert.equal(existsSync(out), false);
  });

  test('a regulator may not export; the refusal is audited without the passphrase', async () => {
    const r = await cli('case', 'export', casePath, '--out', join(dir, 'reg.bundle'), '--passphrase-env', 'ASSAY_TEST_BUNDLE_PASS', '--role', 'regulator');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /PERMISSION_DENIED/);
    assert.equal(existsSync(join(dir, 'reg.bundle')), false);
    const trail = (await cli('audit', casePath, '--role', 'owner', '--json')).json();
    const entries = Array.isArray(trail) ? trail : trail.entries;
    const denied = entries.filter((e: { method: string; outcome: string }) => e.method === 'case.export' && e.outcome === 'denied');
    assert.equal(denied.length, 1);
    assert.equal(denied[0].arguments.passphrase, '[redacted]');
    assert.equal(readFileSync(casePath).includes(Buffer.from(PASS)), false);
  });
});
