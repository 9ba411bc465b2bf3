import assert from 'node:assert/strict';
import { createDecipheriv, createHash, createHmac, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isAssayError } from '../../../src/api/errors.ts';
import { decryptFile, encryptFile } from '../../../src/case/index.ts';
import { tempDir } from '../../helpers/temp.ts';

const PASS = 'correct horse battery';
/** The cheapest scrypt the format accepts, so that hundreds of decryptions stay fast. */
const FAST = { log2N: 10, r: 8, p: 1 };
const CHUNK = 64;
const dir = tempDir();
let n = 0;
const fresh = (stem: string): string => join(dir, `${stem}-${n++}`);

async function bundleOf(plain: Buffer, chunkSize = CHUNK): Promise<{ src: string; bundle: string }> {
  const src = fresh('plain');
  writeFileSync(src, plain);
  const bundle = fresh('bundle');
  await encryptFile(src, bundle, PASS, { scrypt: FAST, chunkSize });
  return { src, bundle };
}

/** Decrypting must fail with an Assay error whose message is a sentence, and leave no file behind. */
async function refused(bundle: string, passphrase = PASS): Promise<string> {
  const out = fresh('out');
  const before = readdirSync(dir).length;
  let error: unknown = null;
  try {
    await decryptFile(bundle, out, passphrase);
  } catch (e) {
    error = e;
  }
  assert.ok(isAssayError(error), `expected a refusal, got ${String(error)}`);
  assert.ok(['VERIFICATION_FAILED', 'PASSPHRASE_WRONG', 'CASE_TOO_NEW', 'BAD_ARGUMENT'].includes(error.code), error.code);
  assert.match(error.message, /\.$/);
  assert.equal(existsSync(out), false, 'nothing written');
  assert.equal(readdirSync(dir).length, before, 'no temporary file left');
  return error.code;
}

describe('round trip', () => {
  for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5]) {
    test(`${size} bytes come back byte for byte`, async () => {
      const plain = randomBytes(size);
      const { bundle } = await bundleOf(plain);
      const out = fresh('out');
      const stats = await decryptFile(bundle, out, PASS);
      assert.ok(readFileSync(out).equals(plain));
      assert.equal(stats.caseSha256, createHash('sha256').update(plain).digest('hex'));
      assert.equal(stats.chunks, Math.floor(size / CHUNK) + 1, 'full chunks, then one shorter (possibly empty) final chunk');
      assert.equal(readFileSync(bundle).length, 72 + size + 16 * stats.chunks);
    });
  }

  test('the format is what docs/formats.md says: chunk 0 opens with scrypt, the nonce layout and the header as AAD', async () => {
    const plain = randomBytes(100);
    const { bundle } = await bundleOf(plain);
    const b = readFileSync(bundle);
    assert.equal(b.subarray(0, 8).toString('latin1'), 'ASSAYBDL');
    assert.deepEqual([b[8], b[9], b[10], b[11], b[12], b.readUInt32BE(13)], [1, 1, 10, 8, 1, CHUNK]);
    const keys = scryptSync(Buffer.from(PASS), b.subarray(17, 33), 64, { N: 1024, r: 8, p: 1 });
    assert.ok(createHmac('sha256', keys.subarray(32)).update(b.subarray(0, 40)).digest().equals(b.subarray(40, 72)));
    const nonce = Buffer.concat([b.subarray(33, 40), Buffer.from([0, 0, 0, 0, 0])]);
    const d = createDecipheriv('aes-256-gcm', keys.subarray(0, 32), nonce);
    d.setAAD(b.subarray(0, 72));
    d.setAuthTag(b.subarray(72 + CHUNK, 72 + CHUNK + 16));
    assert.ok(Buffer.concat([d.update(b.subarray(72, 72 + CHUNK)), d.final()]).equals(plain.subarray(0, CHUNK)));
  });
});

describe('refused, writing nothing', () => {
  test('every single-byte change of a small bundle, at every position', async () => {
    const { bundle } = await bundleOf(randomBytes(150));
    const bytes = readFileSync(bundle);
    assert.equal(bytes.length, 72 + 64 + 16 + 64 + 16 + 22 + 16);
    const codes = new Map<string, number>();
    const changed = fresh('changed');
    for (let i = 0; i < bytes.length; i++) {
      for (const flip of [0x01, 0xff]) {
        const copy = Buffer.from(bytes);
        copy[i]! ^= flip;
        writeFileSync(changed, copy);
        const code = await refused(changed);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
    }
    assert.ok((codes.get('VERIFICATION_FAILED') ?? 0) > 0 && (codes.get('PASSPHRASE_WRONG') ?? 0) > 0);
  });

  test('every truncation, an appended byte, two swapped chunks', async () => {
    const { bundle } = await bundleOf(randomBytes(150));
    const bytes = readFileSync(bundle);
    const cut = fresh('cut');
    for (let len = 0; len < bytes.length; len++) {
      writeFileSync(cut, bytes.subarray(0, len));
      await refused(cut);
    }
    writeFileSync(cut, Buffer.concat([bytes, Buffer.from([0])]));
    await refused(cut);
    const swapped = Buffer.concat([bytes.subarray(0, 72), bytes.subarray(152, 232), bytes.subarray(72, 152), bytes.subarray(232)]);
    writeFileSync(cut, swapped);
    await refused(cut);
  });

  test('a bundle whose last full chunk ends it (final chunk removed) is called truncated', async () => {
    const { bundle } = await bundleOf(randomBytes(2 * CHUNK));
    const bytes = readFileSync(bundle);
    const cut = fresh('cut');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 16));
    const out = fresh('out');
    await assert.rejects(decryptFile(cut, out, PASS), (e: unknown) => isAssayError(e) && /without its final chunk \(truncated\)/.test(e.message));
  });

  test('a wrong passphrase', async () => {
    const { bundle } = await bundleOf(randomBytes(10));
    assert.equal(await refused(bundle, 'correct horse battery!'), 'PASSPHRASE_WRONG');
  });

  test('a bundle from a newer version, and a file that is no bundle', async () => {
    const { bundle } = await bundleOf(randomBytes(10));
    const b = readFileSync(bundle);
    b[8] = 2;
    const newer = fresh('newer');
    writeFileSync(newer, b);
    await assert.rejects(decryptFile(newer, fresh('out'), PASS), (e: unknown) => isAssayError(e) && e.code === 'CASE_TOO_NEW' && /version 2, written by a newer Assay/.test(e.message));
    const other = fresh('other');
    writeFileSync(other, 'just text');
    await assert.rejects(decryptFile(other, fresh('out'), PASS), (e: unknown) => isAssayError(e) && e.code === 'BAD_ARGUMENT' && /not an Assay case bundle/.test(e.message));
  });

  test('an existing target is never overwritten', async () => {
    const { bundle, src } = await bundleOf(randomBytes(10));
    await assert.rejects(decryptFile(bundle, src, PASS), (e: unknown) => isAssayError(e) && e.code === 'ALREADY_EXISTS');
    await assert.rejects(encryptFile(src, bundle, PASS, { scrypt: FAST }), (e: unknown) => isAssayError(e) && e.code === 'ALREADY_EXISTS');
  });
});
