import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AssayError } from '../api/errors.ts';
import { chunkNonce, DEFAULT_CHUNK, DEFAULT_SCRYPT, HEADER_BYTES, newHeader, openHeader, TAG_BYTES, type ScryptParams } from './bundle-format.ts';

export interface BundleStats {
  bundleVersion: number;
  bytes: number;
  caseSha256: string;
  caseBytes: number;
  chunkSize: number;
  chunks: number;
  scrypt: ScryptParams;
}

async function readFull(fh: FileHandle, buf: Buffer, position: number): Promise<number> {
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

function refuseExisting(path: string): void {
  if (existsSync(path)) throw new AssayError('ALREADY_EXISTS', `The file ${path} exists already; Assay does not overwrite it. Choose a new file name.`, { path });
}

/** Writes through a temporary file beside `target`, renamed over it only when `write` succeeds. */
async function writeAtomically<T>(target: string, write: (fh: FileHandle) => Promise<T>, validate?: (temp: string) => Promise<void>): Promise<T> {
  if (!existsSync(dirname(target))) {
    throw new AssayError('NOT_FOUND', `There is no folder ${dirname(target)} to write ${basename(target)} into. Create it first or choose another path.`, { path: target });
  }
  const temp = join(dirname(target), `.${basename(target)}.partial-${randomBytes(6).toString('hex')}`);
  const fh = await open(temp, 'wx', 0o600);
  try {
    const result = await write(fh);
    await fh.sync();
    await fh.close();
    if (validate) await validate(temp);
    refuseExisting(target);
    await rename(temp, target);
    return result;
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw e;
  }
}

/**
 * Encrypts a file into a bundle: the header, then AES-256-GCM chunks of `chunkSize` plaintext bytes (the last one
 * shorter, possibly empty), each with the header as additional data and its index and final flag in the nonce.
 */
export async function encryptFile(source: string, target: string, passphrase: string, options: { scrypt?: ScryptParams; chunkSize?: number } = {}): Promise<BundleStats> {
  const out = resolve(target);
  refuseExisting(out);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const scrypt = options.scrypt ?? DEFAULT_SCRYPT;
  const { header, keys } = newHeader(passphrase, scrypt, chunkSize);
  const input = await open(source, 'r');
  try {
    return await writeAtomically(out, async (fh) => {
      let written = 0;
      const put = async (b: Buffer): Promise<void> => {
        await fh.write(b, 0, b.length, written);
        written += b.length;
      };
      await put(header.bytes);
      const hash = createHash('sha256');
      const buf = Buffer.alloc(chunkSize);
      let position = 0;
      for (let index = 0; ; index++) {
        const got = await readFull(input, buf, position);
        position += got;
        const final = got < chunkSize;
        const plain = buf.subarray(0, got);
        hash.update(plain);
        const cipher = createCipheriv('aes-256-gcm', keys.encryption, chunkNonce(header.noncePrefix, index, final));
        cipher.setAAD(header.bytes);
        await put(Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]));
        if (final) {
          return { bundleVersion: header.version, bytes: written, caseSha256: hash.digest('hex'), caseBytes: position, chunkSize, chunks: index + 1, scrypt };
        }
      }
    });
  } finally {
    await input.close();
  }
}

/**
 * Decrypts a bundle into `target` (which must not exist). Every chunk is authenticated before it is written; on a
 * wrong passphrase, a changed byte, a missing or extra chunk, nothing is left behind.
 */
export async function decryptFile(bundle: string, target: string, passphrase: string, validate?: (temp: string) => Promise<void>): Promise<BundleStats> {
  const out = resolve(target);
  refuseExisting(out);
  let input: FileHandle;
  try {
    input = await open(bundle, 'r');
  } catch {
    throw new AssayError('NOT_FOUND', `There is no bundle file at ${bundle}. Check the path.`, { path: bundle });
  }
  try {
    const size = (await stat(bundle)).size;
    const headBuf = Buffer.alloc(Math.min(HEADER_BYTES, size));
    await readFull(input, headBuf, 0);
    const { header, keys } = openHeader(headBuf, passphrase, bundle);
    const damaged = (detail: string): AssayError =>
      new AssayError('VERIFICATION_FAILED', `The bundle ${bundle} was changed or damaged: ${detail}. Nothing was written; obtain an intact copy.`, { path: bundle });
    return await writeAtomically(out, async (fh) => {
      const hash = createHash('sha256');
      const full = header.chunkSize + TAG_BYTES;
      const buf = Buffer.alloc(full);
      let position = HEADER_BYTES;
      let written = 0;
      for (let index = 0; ; index++) {
        const remaining = size - position;
        if (remaining < TAG_BYTES) {
          throw damaged(remaining === 0 ? `it ends after chunk ${index} without its final chunk (truncated)` : `it ends inside chunk ${index + 1} (truncated)`);
        }
        const final = remaining < full;
        const length = final ? remaining : full;
        const got = await readFull(input, buf.subarray(0, length), position);
        if (got !== length) throw damaged(`chunk ${index + 1} could not be read whole`);
        position += length;
        const decipher = createDecipheriv('aes-256-gcm', keys.encryption, chunkNonce(header.noncePrefix, index, final));
        decipher.setAAD(header.bytes);
        decipher.setAuthTag(buf.subarray(length - TAG_BYTES, length));
        let plain: Buffer;
        try {
          plain = Buffer.concat([decipher.update(buf.subarray(0, length - TAG_BYTES)), decipher.final()]);
        } catch {
          throw damaged(`chunk ${index + 1} of ${Math.ceil((size - HEADER_BYTES) / full)} does not authenticate${final ? ' as the final chunk (changed, or the bundle was cut short)' : ''}`);
        }
        hash.update(plain);
        await fh.write(plain, 0, plain.length, written);
        written += plain.length;
        if (final) {
          return { bundleVersion: header.version, bytes: size, caseSha256: hash.digest('hex'), caseBytes: written, chunkSize: header.chunkSize, chunks: index + 1, scrypt: header.scrypt };
        }
      }
    }, validate);
  } finally {
    await input.close();
  }
}
