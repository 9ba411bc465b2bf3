import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { zipSync } from 'fflate';
import { isAssayError } from '../../../../src/api/errors.ts';
import { createKeyFiles, loadPackage, signPackage, verifyPackage, type KeyFiles } from '../../../../src/packages/index.ts';
import { readZip } from '../../../../src/packages/source/zip-archive.ts';
import { demoPackage } from '../../../helpers/demo-paths.ts';
import { tempDir } from '../../../helpers/temp.ts';

const PASS = 'correct horse battery';
const dir = tempDir();
const keys: Record<'ed25519' | 'p256' | 'other', KeyFiles> = {} as never;
const trustedDir = (k: KeyFiles): string => {
  const d = join(dir, `trusted-${k.keyId.slice(0, 8)}`);
  mkdirSync(d, { recursive: true });
  cpSync(k.publicKeyFile, join(d, 'signer.pub.pem'));
  return d;
};

let n = 0;
function copy(id = 'credit-logreg'): string {
  const target = join(dir, `pkg-${n++}`);
  cpSync(demoPackage(id), target, { recursive: true });
  rmSync(join(target, 'signature.json'), { force: true });
  return target;
}

async function sign(path: string, k: KeyFiles): Promise<void> {
  await signPackage(path, readFileSync(k.privateKeyFile, 'utf8'), 'the key', PASS);
}

/** Asserts the package is refused, with every problem a sentence and one of them matching `words`. */
async function refused(path: string, words: RegExp, trusted?: string): Promise<void> {
  const v = await verifyPackage(path, trusted);
  assert.equal(v.ok, false, 'verification must fail');
  assert.notEqual(v.signature.status, 'valid');
  assert.ok(v.problems.some((p) => words.test(p)), `no problem matches ${words}: ${JSON.stringify(v.problems)}`);
  for (const p of v.problems) assert.match(p, /^[A-Z].*\.$/s, 'each problem is a sentence');
}

function editEnvelope(path: string, edit: (env: Record<string, unknown>) => void): void {
  const file = join(path, 'signature.json');
  const env = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(env);
  writeFileSync(file, JSON.stringify(env));
}

before(async () => {
  keys.ed25519 = await createKeyFiles(join(dir, 'k1'), 'ed25519', PASS);
  keys.p256 = await createKeyFiles(join(dir, 'k2'), 'p256', PASS);
  keys.other = await createKeyFiles(join(dir, 'k3'), 'ed25519', PASS);
});

describe('a valid signature', () => {
  for (const alg of ['ed25519', 'p256'] as const) {
    test(`verifies (${alg}), against the trusted keys, and checks with node:crypto on a hand-built PAE`, async () => {
      const path = copy();
      await sign(path, keys[alg]);
      const v = await verifyPackage(path, trustedDir(keys[alg]));
      assert.equal(v.ok, true, JSON.stringify(v.problems));
      assert.deepEqual({ status: v.signature.status, keyId: v.signature.keyId, algorithm: v.signature.algorithm, trusted: v.signature.trusted },
        { status: 'valid', keyId: keys[alg].keyId, algorithm: alg, trusted: true });

      const env = JSON.parse(readFileSync(join(path, 'signature.json'), 'utf8'));
      assert.deepEqual(Object.keys(env).sort(), ['payload', 'payloadType', 'signatures']);
      assert.equal(env.payloadType, 'application/vnd.in-toto+json');
      const body = Buffer.from(env.payload, 'base64');
      const preimage = Buffer.concat([Buffer.from(`DSSEv1 28 application/vnd.in-toto+json ${body.length} `), body]);
      const pub = createPublicKey(readFileSync(keys[alg].publicKeyFile));
      assert.ok(verify(alg === 'ed25519' ? null : 'sha256', preimage, pub, Buffer.from(env.signatures[0].sig, 'base64')));
      assert.equal(env.signatures[0].keyid, keys[alg].keyId);

      const statement = JSON.parse(body.toString('utf8'));
      assert.equal(statement._type, 'https://in-toto.io/Statement/v1');
      assert.equal(statement.predicateType, 'https://model_signing/signature/v1.0');
      const names = ['MODEL_CARD.md', 'assay-package.json', 'model.onnx', 'reference.csv'];
      assert.deepEqual(statement.subject.map((s: { name: string }) => s.name), names);
      for (const s of statement.subject) {
        assert.equal(s.digest.sha256, createHash('sha256').update(readFileSync(join(path, s.name))).digest('hex'));
      }
      assert.deepEqual(statement.predicate.resources.map((r: { name: string }) => r.name), names);
      assert.deepEqual(statement.predicate.serialization.ignore_paths, ['signature.json']);
    });
  }

  test('without trusted keys: the signature and the files are checked, the signer is not', async () => {
    const path = copy();
    await sign(path, keys.ed25519);
    const v = await verifyPackage(path);
    assert.equal(v.ok, true);
    assert.equal(v.signature.trusted, null);
  });

  test('a zip package is signed inside the zip (top folder kept) and verifies', async () => {
    const src = copy();
    const entries: Record<string, Uint8Array> = {};
    for (const f of ['MODEL_CARD.md', 'assay-package.json', 'model.onnx', 'reference.csv']) entries[`credit/${f}`] = readFileSync(join(src, f));
    const zip = join(dir, 'pkg.zip');
    writeFileSync(zip, zipSync(entries));
    await sign(zip, keys.p256);
    assert.ok(readZip(readFileSync(zip), zip).has('credit/signature.json'));
    const v = await verifyPackage(zip, trustedDir(keys.p256));
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    const loaded = await loadPackage(zip);
    assert.equal(loaded.verification.signature.status, 'valid');
  });

  test('an unsigned package is fine without trusted keys, refused with them', async () => {
    const path = copy();
    assert.equal((await verifyPackage(path)).ok, true);
    await refused(path, /is not signed/, trustedDir(keys.ed25519));
  });
});

describe('refused', () => {
  test('a wrong key: signed by a key that is not trusted', async () => {
    const path = copy();
    await sign(path, keys.ed25519);
    await refused(path, new RegExp(`signed by the key ${keys.ed25519.keyId}, which is not among the trusted keys`), trustedDir(keys.other));
  });

  test('a changed file (even with the manifest hash updated to match)', async () => {
    const path = copy();
    await sign(path, keys.ed25519);
    const card = join(path, 'MODEL_CARD.md');
    writeFileSync(card, `${readFileSync(card, 'utf8')}\nEdited.\n`);
    const manifestFile = join(path, 'assay-package.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.files['MODEL_CARD.md'] = createHash('sha256').update(readFileSync(card)).digest('hex');
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    const v = await verifyPackage(path);
    assert.equal(v.files.every((f) => f.status === 'ok'), true, 'the manifest hashes alone no longer catch it');
    await refused(path, /"MODEL_CARD\.md", "assay-package\.json" of the package .* changed after signing/);
  });

  test('an added file', async () => {
    const path = copy();
    await sign(path, keys.p256);
    writeFileSync(join(path, 'extra.txt'), 'hello');
    await refused(path, /"extra\.txt" of the package .* was added after signing/);
  });

  test('a removed file', async () => {
    const path = copy();
    await sign(path, keys.ed25519);
    rmSync(join(path, 'reference.csv'));
    await refused(path, /signed file "reference\.csv" is missing/);
  });

  test('a truncated envelope', async () => {
    const path = copy();
    await sign(path, keys.ed25519);
    const file = join(path, 'signature.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    await refused(path, /is not valid JSON .* truncated/);
  });

  test('a re-ordered statement (subjects reversed, re-encoded) and a re-ordered signature list', async () => {
    const path = copy();
    await sign(path, keys.p256);
    editEnvelope(path, (env) => {
      const st = JSON.parse(Buffer.from(env.payload as string, 'base64').toString('utf8'));
      st.subject.reverse();
      env.payload = Buffer.from(JSON.stringify(st)).toString('base64');
    });
    await refused(path, /signature does not verify with the key/);
    const other = copy();
    await sign(other, keys.p256);
    editEnvelope(other, (env) => {
      const sigs = env.signatures as unknown[];
      env.signatures = [sigs[0], sigs[0]];
    });
    await refused(other, /exactly one signature/);
  });

  test('a changed payloadType, a swapped public key, a swapped keyid, a flipped signature bit', async () => {
    const cases: [(env: Record<string, any>) => void, RegExp][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      [(env) => { env.payloadType = 'application/json'; }, /payloadType is "application\/json"/],
      [(env) => { env.signatures[0].publicKey = readFileSync(keys.other.publicKeyFile, 'utf8'); }, /is not the id of the public key it carries/],
      [(env) => { env.signatures[0].publicKey = readFileSync(keys.other.publicKeyFile, 'utf8'); env.signatures[0].keyid = keys.other.keyId; }, /signature does not verify/],
      [(env) => { const s = Buffer.from(env.signatures[0].sig, 'base64'); s[5]! ^= 1; env.signatures[0].sig = s.toString('base64'); }, /signature does not verify/],
      [(env) => { env.extra = 1; }, /unexpected field "extra"/],
    ];
    for (const [edit, words] of cases) {
      const path = copy();
      await sign(path, keys.ed25519);
      editEnvelope(path, edit);
      await refused(path, words);
    }
  });

  test('a signature over another package', async () => {
    const gbm = copy('credit-gbm');
    await sign(gbm, keys.ed25519);
    const path = copy();
    cpSync(join(gbm, 'signature.json'), join(path, 'signature.json'));
    await refused(path, /was made for another package \(credit-gbm@/);
  });

  test('signing with a malformed key or a wrong passphrase writes nothing', async () => {
    const path = copy();
    await assert.rejects(signPackage(path, 'garbage', 'The key k.pem', PASS), (e: unknown) => isAssayError(e) && e.code === 'BAD_ARGUMENT' && /not a PEM private key/.test(e.message));
    await assert.rejects(signPackage(path, readFileSync(keys.ed25519.privateKeyFile, 'utf8'), 'The key k.pem', 'wrong passphrase'),
      (e: unknown) => isAssayError(e) && e.code === 'PASSPHRASE_WRONG' && /passphrase does not open The key k\.pem/.test(e.message));
    assert.equal((await verifyPackage(path)).signature.status, 'absent');
  });
});

test('a package whose files do not match its manifest is not signed', async () => {
  const path = copy();
  writeFileSync(join(path, 'reference.csv'), 'changed\n');
  await assert.rejects(signPackage(path, readFileSync(keys.ed25519.privateKeyFile, 'utf8'), 'the key', PASS),
    (e: unknown) => isAssayError(e) && e.code === 'HASH_MISMATCH' && /"reference\.csv" does not match the manifest.*Assay signs only a package whose files match its manifest\./.test(e.message));
  assert.equal((await verifyPackage(path)).signature.status, 'absent');
});
