import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAssayError } from '../../../src/api/errors.ts';
import { buildSignedData, parseSignedData } from '../../../src/report/signing/cms.ts';
import { loadPkcs12 } from '../../../src/report/signing/pkcs12.ts';
import { createTestCertificate, TEST_LABEL } from '../../../src/report/signing/test-certificate.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir('assay-report-signing-');
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

function opensslP12(name: string, keyArgs: string[], withCert = true): string {
  const key = join(dir, `${name}.key.pem`);
  const cert = join(dir, `${name}.crt.pem`);
  openssl(...keyArgs, '-out', key);
  openssl('req', '-x509', '-key', key, '-out', cert, '-days', '10', '-subj', `/CN=${name}`);
  const p12 = join(dir, `${name}.p12`);
  // OpenSSL 3's defaults: PBES2 with PBKDF2 and AES-256-CBC, SHA-256 MAC
  openssl('pkcs12', '-export', '-inkey', key, ...(withCert ? ['-in', cert] : ['-nocerts']), '-out', p12, '-passout', 'pass:open sesame');
  return p12;
}

test('a PKCS#12 file as OpenSSL 3 writes it by default loads (RSA and EC), with the certificate bytes unchanged', () => {
  for (const [name, keyArgs] of [['rsa', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']], ['ec', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']]] as const) {
    const p12 = opensslP12(name, [...keyArgs]);
    const k = loadPkcs12(readFileSync(p12), 'open sesame', p12);
    const pemDer = Buffer.from(readFileSync(join(dir, `${name}.crt.pem`), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
    assert.ok(k.certificateDer.equals(pemDer), `${name}: the certificate DER is the one OpenSSL wrote`);
    assert.equal(k.key.asymmetricKeyType, name);
  }
});

test('a wrong password, a key without a certificate and a file that is no PKCS#12 are refused by code', () => {
  const p12 = opensslP12('pw', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
  assert.throws(() => loadPkcs12(readFileSync(p12), 'wrong', p12), (e) => isAssayError(e) && e.code === 'PASSPHRASE_WRONG');
  const bare = opensslP12('bare', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], false);
  assert.throws(() => loadPkcs12(readFileSync(bare), 'open sesame', bare), (e) => isAssayError(e) && e.code === 'CERTIFICATE_INVALID' && /no certificate/.test(e.message));
  assert.throws(() => loadPkcs12(Buffer.from('not a p12'), 'x', 'junk.p12'), (e) => isAssayError(e) && e.code === 'BAD_ARGUMENT');
});

test('the test certificate is labelled, self-signed, and readable by OpenSSL', () => {
  const t = createTestCertificate({ name: 'Unit', password: 'pass word 1', days: 3 });
  assert.ok(t.subject.includes(TEST_LABEL));
  const file = join(dir, 'test.p12');
  writeFileSync(file, t.p12);
  const pem = openssl('pkcs12', '-in', file, '-nokeys', '-passin', 'pass:pass word 1').toString();
  const text = execFileSync('openssl', ['x509', '-noout', '-subject', '-issuer', '-nameopt', 'utf8,sep_comma_plus'], { input: pem }).toString('utf8');
  assert.match(text, /subject=.*CN=Unit TEST — self-signed/);
  assert.match(text, /issuer=.*CN=Unit TEST — self-signed/);
  const k = loadPkcs12(t.p12, 'pass word 1', file);
  assert.equal(createHash('sha256').update(k.certificateDer).digest('hex'), t.sha256);
});

test('the detached CMS verifies with OpenSSL over the signed content, carries signing-certificate-v2 and no signing-time', () => {
  const t = createTestCertificate({ password: 'pw-123456' });
  const k = loadPkcs12(t.p12, 'pw-123456', 'test');
  const content = Buffer.from('the bytes a PDF signature covers\n');
  const cms = buildSignedData(createHash('sha256').update(content).digest(), k);
  const cmsFile = join(dir, 'sig.der');
  const contentFile = join(dir, 'content.bin');
  writeFileSync(cmsFile, cms);
  writeFileSync(contentFile, content);
  const ok = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cmsFile, '-content', contentFile, '-noverify', '-out', '/dev/null']);
  assert.equal(ok.status, 0, ok.stderr.toString());
  writeFileSync(contentFile, Buffer.from('the bytes a PDF signature covers!\n'));
  const bad = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cmsFile, '-content', contentFile, '-noverify', '-out', '/dev/null']);
  assert.notEqual(bad.status, 0, 'OpenSSL refuses other content');
  const printed = openssl('cms', '-cmsout', '-print', '-inform', 'DER', '-in', cmsFile).toString();
  assert.match(printed, /id-smime-aa-signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/);
  assert.match(printed, /messageDigest/);
  assert.doesNotMatch(printed, /signingTime/);
  const parsed = parseSignedData(cms);
  assert.equal(parsed.signatureValid, true);
  assert.equal(parsed.hasSigningTime, false);
  assert.deepEqual(parsed.signingCertificateV2?.map((h) => h.toString('hex')), [t.sha256]);
});
