import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { caseFingerprint } from '../../../helpers/case-fingerprint.ts';
import { cli } from '../../../helpers/cli.ts';
import { copyPackage } from '../../../helpers/demo-paths.ts';
import { tempDir } from '../../../helpers/temp.ts';

process.env.ASSAY_TEST_KEY_PASS = 'key passphrase for tests';
process.env.ASSAY_TEST_KEY_WRONG = 'some other passphrase';
const dir = tempDir();
const keys: Record<string, { keyId: string; privateKeyFile: string; publicKeyFile: string }> = {};

before(async () => {
  for (const [name, alg] of [['ed', 'ed25519'], ['p', 'p256'], ['other', 'ed25519']] as const) {
    const r = await cli('keys', 'create', '--out', join(dir, `keys-${name}`), '--algorithm', alg, '--passphrase-env', 'ASSAY_TEST_KEY_PASS', '--json');
    assert.equal(r.code, 0, r.stdout);
    keys[name] = r.json();
    mkdirSync(join(dir, `trusted-${name}`));
    cpSync(keys[name]!.publicKeyFile, join(dir, `trusted-${name}`, 'signer.pub.pem'));
  }
});

describe('assay keys create / package sign / package verify', () => {
  for (const name of ['ed', 'p']) {
    test(`a package signed with ${name === 'ed' ? 'Ed25519' : 'ECDSA P-256'} verifies against its trusted key (exit 0) and not against another (exit 1)`, async () => {
      const pkg = copyPackage('credit-logreg', dir, `pkg-${name}`);
      const s = await cli('package', 'sign', pkg, '--key', keys[name]!.privateKeyFile, '--passphrase-env', 'ASSAY_TEST_KEY_PASS', '--json');
      assert.equal(s.code, 0, s.stdout);
      assert.equal(s.json().keyId, keys[name]!.keyId);
      const ok = await cli('package', 'verify', pkg, '--trusted-keys', join(dir, `trusted-${name}`), '--json');
      assert.equal(ok.code, 0, ok.stdout);
      assert.equal(ok.json().signature.status, 'valid');
      const wrong = await cli('package', 'verify', pkg, '--trusted-keys', join(dir, 'trusted-other'));
      assert.equal(wrong.code, 1);
      assert.match(wrong.stdout, /FAILED[\s\S]*signature: untrusted by key [0-9a-f]{64}[\s\S]*not among the trusted keys/);
    });
  }

  test('a changed file after signing: exit 1 naming the file', async () => {
    const pkg = copyPackage('credit-logreg', dir, 'pkg-added');
    assert.equal((await cli('package', 'sign', pkg, '--key', keys.ed!.privateKeyFile, '--passphrase-env', 'ASSAY_TEST_KEY_PASS')).code, 0);
    writeFileSync(join(pkg, 'notes.txt'), 'added later');
    const r = await cli('package', 'verify', pkg);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /"notes\.txt" of the package .* was added after signing/);
  });

  test('a malformed key, a wrong passphrase, no passphrase for an encrypted key: exit 2 with a sentence, package untouched', async () => {
    const pkg = copyPackage('credit-logreg', dir, 'pkg-bad');
    const before = readdirSync(pkg).sort();
    const junk = join(dir, 'junk.key.pem');
    writeFileSync(junk, '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n');
    const cases: [string[], RegExp][] = [
      [['--key', junk], /BAD_ARGUMENT: The key .*junk\.key\.pem is a malformed private key/],
      [['--key', keys.ed!.privateKeyFile, '--passphrase-env', 'ASSAY_TEST_KEY_WRONG'], /PASSPHRASE_WRONG: The passphrase does not open The key/],
      [['--key', keys.ed!.privateKeyFile], /is encrypted; name the environment variable holding its passphrase with --passphrase-env VAR/],
      [['--key', join(dir, 'missing.pem')], /NOT_FOUND: There is no key file at/],
    ];
    for (const [args, words] of cases) {
      const r = await cli('package', 'sign', pkg, ...args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, words);
    }
    assert.deepEqual(readdirSync(pkg).sort(), before);
  });

  test('keys create refuses a missing passphrase and a short one', async () => {
    const r = await cli('keys', 'create', '--out', join(dir, 'k-none'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--passphrase-env VAR/);
    process.env.ASSAY_TEST_KEY_SHORT = 'abc';
    const s = await cli('keys', 'create', '--out', join(dir, 'k-short'), '--passphrase-env', 'ASSAY_TEST_KEY_SHORT');
    assert.equal(s.code, 2);
    assert.match(s.stderr, /too short; use at least 8 characters/);
    const a = await cli('keys', 'create', '--out', join(dir, 'k-rsa'), '--algorithm', 'rsa', '--passphrase-env', 'ASSAY_TEST_KEY_PASS');
    assert.equal(a.code, 2);
    assert.match(a.stderr, /--algorithm takes ed25519 or p256, not "rsa"/);
  });
});

describe('package import records the signature status', () => {
  test('signed and trusted, signed by an untrusted key, invalid, unsigned', async () => {
    const casePath = join(dir, 'case.assay');
    assert.equal((await cli('case', 'create', casePath, '--role', 'owner')).code, 0);
    const signed = copyPackage('credit-logreg', dir, 'pkg-import');
    assert.equal((await cli('package', 'sign', signed, '--key', keys.p!.privateKeyFile, '--passphrase-env', 'ASSAY_TEST_KEY_PASS')).code, 0);
    const imp = await cli('package', 'import', casePath, signed, '--trusted-keys', join(dir, 'trusted-p'), '--role', 'owner');
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stdout, new RegExp(`signature: valid by key ${keys.p!.keyId} \\(p256\\), a trusted key`));
    const show = (await cli('package', 'show', casePath, 'credit-logreg@1.0.0', '--json')).json();
    assert.deepEqual({ status: show.verification.signature.status, keyId: show.verification.signature.keyId, trusted: show.verification.signature.trusted },
      { status: 'valid', keyId: keys.p!.keyId, trusted: true });

    const gbm = copyPackage('credit-gbm', dir, 'pkg-gbm');
    assert.equal((await cli('package', 'sign', gbm, '--key', keys.other!.privateKeyFile, '--passphrase-env', 'ASSAY_TEST_KEY_PASS')).code, 0);
    const untrusted = await cli('package', 'import', casePath, gbm, '--trusted-keys', join(dir, 'trusted-p'), '--role', 'owner', '--json');
    assert.equal(untrusted.code, 0);
    assert.equal(untrusted.json().verification.signature.status, 'untrusted');
    assert.ok(untrusted.json().warnings.some((w: string) => /not among the trusted keys/.test(w)));

    const mlp = copyPackage('credit-mlp', dir, 'pkg-mlp');
    assert.equal((await cli('package', 'sign', mlp, '--key', keys.ed!.privateKeyFile, '--passphrase-env', 'ASSAY_TEST_KEY_PASS')).code, 0);
    writeFileSync(join(mlp, 'extra.txt'), 'added after signing');
    const before = await caseFingerprint(casePath);
    const invalid = await cli('package', 'import', casePath, mlp, '--role', 'owner', '--json');
    assert.equal(invalid.code, 1, 'a signature that does not verify refuses the import');
    assert.equal(invalid.json().error.code, 'HASH_MISMATCH');
    assert.match(invalid.json().error.message, /signature/);
    assert.equal(await caseFingerprint(casePath), before);

    const plain = await cli('package', 'import', casePath, copyPackage('credit-logreg-zipmap', dir, 'pkg-plain'), '--role', 'owner');
    assert.match(plain.stdout, /signature: unsigned/);
  });
});
