import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAssayError } from '../../../../src/api/errors.ts';
import { createKeyFiles } from '../../../../src/packages/index.ts';
import { loadPrivateKey, loadPublicKey } from '../../../../src/packages/signing/keys.ts';
import { readTrustedKeys } from '../../../../src/packages/signing/trusted-keys.ts';
import { tempDir } from '../../../helpers/temp.ts';

const PASS = 'correct horse battery';

function refused(fn: () => unknown, code: string, words: RegExp): void {
  assert.throws(fn, (e: unknown) => isAssayError(e) && e.code === code && words.test(e.message) && /\.$/.test(e.message.trim()));
}

for (const algorithm of ['ed25519', 'p256'] as const) {
  test(`keys create (${algorithm}): encrypted PKCS#8, SPKI public key, id = sha256 of the SPKI DER`, async () => {
    const dir = tempDir();
    const k = await createKeyFiles(join(dir, 'keys'), algorithm, PASS);
    const privateText = readFileSync(k.privateKeyFile, 'utf8');
    const publicText = readFileSync(k.publicKeyFile, 'utf8');
    assert.match(privateText, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    assert.match(publicText, /^-----BEGIN PUBLIC KEY-----/);
    assert.equal(statSync(k.privateKeyFile).mode & 0o077, 0, 'the private key is readable by its owner only');
    const der = createPublicKey(publicText).export({ type: 'spki', format: 'der' });
    assert.equal(k.keyId, createHash('sha256').update(der).digest('hex'));
    assert.equal(join(dir, 'keys', `${k.keyId.slice(0, 16)}.key.pem`), k.privateKeyFile);
    const key = loadPrivateKey(privateText, PASS, 'the key');
    assert.equal(key.asymmetricKeyType, algorithm === 'ed25519' ? 'ed25519' : 'ec');
    refused(() => loadPrivateKey(privateText, 'not the passphrase', 'the key'), 'PASSPHRASE_WRONG', /passphrase does not open the key/);
    refused(() => loadPrivateKey(privateText, undefined, 'the key'), 'BAD_ARGUMENT', /--passphrase-env/);
    assert.deepEqual((await readTrustedKeys(join(dir, 'keys'))).map((t) => t.keyId), [k.keyId], 'the private key file is skipped');
  });
}

test('a short passphrase, a malformed key, an RSA key and a private key given as public are refused with a sentence', async () => {
  const dir = tempDir();
  await assert.rejects(createKeyFiles(dir, 'ed25519', 'short'), (e: unknown) => isAssayError(e) && e.code === 'BAD_ARGUMENT' && /at least 8 characters/.test(e.message));
  refused(() => loadPrivateKey('hello', PASS, 'The key k.pem'), 'BAD_ARGUMENT', /not a PEM private key/);
  refused(() => loadPrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', undefined, 'The key k.pem'), 'BAD_ARGUMENT', /malformed private key/);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  refused(() => loadPrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, undefined, 'The key k.pem'), 'BAD_ARGUMENT', /Ed25519 or ECDSA P-256/);
  const ed = generateKeyPairSync('ed25519');
  refused(() => loadPublicKey(ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'The key k.pem'), 'BAD_ARGUMENT', /private key where a public key belongs/);
  writeFileSync(join(dir, 'junk.pem'), 'nothing here');
  await assert.rejects(readTrustedKeys(dir), (e: unknown) => isAssayError(e) && e.code === 'NOT_FOUND' && /no public key/.test(e.message));
});
