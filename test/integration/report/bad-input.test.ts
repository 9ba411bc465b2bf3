import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { AssayService } from '../../../src/api/service.ts';
import { createTestCertificate } from '../../../src/report/index.ts';
import { caseFingerprint } from '../../helpers/case-fingerprint.ts';
import { cli } from '../../helpers/cli.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir('assay-report-bad-');
const CASE = join(dir, 'case.assay');
const EMPTY = join(dir, 'empty.assay');
const ctx = { user: 'tester', role: 'auditor' as const };
process.env.ASSAY_BAD_PW = 'the right password';
process.env.ASSAY_WRONG_PW = 'not the password';
const DAY = 86_400_000;

function p12(name: string, notBefore?: Date, notAfter?: Date): string {
  const file = join(dir, `${name}.p12`);
  writeFileSync(file, createTestCertificate({ name, password: 'the right password', notBefore, notAfter }).p12);
  return file;
}

before(async () => {
  const s = new AssayService(CASE);
  await s.call('case.create', { title: 'bad input' }, ctx);
  await s.call('package.import', { path: demoPackage('credit-logreg') }, ctx);
  await s.call('log.import', { path: demoLog('decisions-clean.csv'), package: 'credit-logreg@1.0.0', name: 'clean' }, ctx);
  await s.call('replay.run', { log: 'clean' }, ctx);
  await s.close();
  const e = new AssayService(EMPTY);
  await e.call('case.create', { title: 'no runs' }, ctx);
  await e.call('package.import', { path: demoPackage('credit-logreg') }, ctx);
  await e.close();
});

test('a report asked for with no analysis run is refused and the case is left unchanged', async () => {
  const before = await caseFingerprint(EMPTY);
  const r = await cli('report', EMPTY, '--out', join(dir, 'none.pdf'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error NOT_FOUND: .*no analysis run/);
  assert.equal(existsSync(join(dir, 'none.pdf')), false);
  assert.equal(await caseFingerprint(EMPTY), before);
});

test('a section whose run is missing says so in the report; with --strict it is refused', async () => {
  const out = join(dir, 'sections.pdf');
  const r = await cli('report', CASE, '--out', out, '--sections', 'replay,fairness,drift');
  assert.equal(r.code, 0, r.stderr);
  const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
  assert.match(text, /Not available: No fairness run is recorded in this case/);
  assert.match(text, /Not available: No drift or monitoring run/);
  assert.doesNotMatch(text, /Model package review/);
  const strict = await cli('report', CASE, '--out', join(dir, 'strict.pdf'), '--sections', 'replay,fairness', '--strict');
  assert.equal(strict.code, 2);
  assert.match(strict.stderr, /error NOT_FOUND: .*"fairness"/);
  const bad = await cli('report', CASE, '--out', out, '--sections', 'replay,charts');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /error BAD_ARGUMENT: --sections .*not "charts"/);
});

test('a wrong PKCS#12 password is refused by name; no password variable is refused', async () => {
  const key = p12('pw');
  const before = await caseFingerprint(CASE);
  const r = await cli('report', CASE, '--out', join(dir, 'wrong.pdf'), '--sign', key, '--password-env', 'ASSAY_WRONG_PW');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error PASSPHRASE_WRONG: The password does not open the PKCS#12 file/);
  assert.equal(existsSync(join(dir, 'wrong.pdf')), false);
  assert.equal(await caseFingerprint(CASE), before);
  const none = await cli('report', CASE, '--out', join(dir, 'wrong.pdf'), '--sign', key);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--password-env/);
});

test('a key without a certificate is refused', async () => {
  const keyPem = join(dir, 'bare.key.pem');
  execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyPem], { stdio: 'ignore' });
  const bare = join(dir, 'bare.p12');
  execFileSync('openssl', ['pkcs12', '-export', '-nocerts', '-inkey', keyPem, '-out', bare, '-passout', 'pass:the right password'], { stdio: 'ignore' });
  const r = await cli('report', CASE, '--out', join(dir, 'bare.pdf'), '--sign', bare, '--password-env', 'ASSAY_BAD_PW');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error CERTIFICATE_INVALID: .*holds a key but no certificate/);
});

test('an expired or not-yet-valid certificate: warned when signing and verifying, refused with --strict', async () => {
  const now = Date.now();
  const cases = [
    { name: 'expired', key: p12('expired', new Date(now - 20 * DAY), new Date(now - 10 * DAY)), says: /expired on/ },
    { name: 'future', key: p12('future', new Date(now + 10 * DAY), new Date(now + 20 * DAY)), says: /not valid before/ },
  ];
  for (const c of cases) {
    const out = join(dir, `${c.name}.pdf`);
    const warned = await cli('report', CASE, '--out', out, '--sign', c.key, '--password-env', 'ASSAY_BAD_PW');
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stdout, /warning: Signing with .* although the certificate/);
    assert.match(spawnSync('pdfsig', [out], { encoding: 'utf8' }).stdout, /Signature is Valid\./, 'the signature itself is sound');
    const v = await cli('report', 'verify', out);
    assert.equal(v.code, 0, v.stdout);
    assert.match(v.stdout, c.says);
    const strictVerify = await cli('report', 'verify', out, '--strict', '--json');
    assert.equal(strictVerify.code, 1);
    const cert = strictVerify.json().checks.find((x: { check: string }) => x.check === 'certificate');
    assert.equal(cert.ok, false);
    assert.equal(cert.code, 'VERIFICATION_FAILED');
    const refused = await cli('report', CASE, '--out', join(dir, `${c.name}-strict.pdf`), '--sign', c.key, '--password-env', 'ASSAY_BAD_PW', '--strict');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^error CERTIFICATE_INVALID: Refusing to sign/);
  }
});

test('an unsigned report fails verification naming the missing signature; a file that is no PDF fails too', async () => {
  const out = join(dir, 'unsigned.pdf');
  assert.equal((await cli('report', CASE, '--out', out)).code, 0);
  const v = await cli('report', 'verify', out, '--json');
  assert.equal(v.code, 1);
  const sig = v.json().checks.find((c: { check: string }) => c.check === 'signature');
  assert.equal(sig.code, 'SIGNATURE_INVALID');
  assert.match(sig.detail, /carries no signature/);
  writeFileSync(join(dir, 'junk.pdf'), 'junk');
  assert.equal((await cli('report', 'verify', join(dir, 'junk.pdf'))).code, 1);
  assert.equal((await cli('report', 'verify', join(dir, 'missing.pdf'))).code, 2);
  assert.equal((await cli('report', CASE, '--out', join(dir, 'report.txt'))).code, 2);
});
