import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { AssayError } from '../api/errors.ts';

/**
 * The encrypted case bundle's header (docs/formats.md §1.1). Big-endian, 72 bytes:
 *   0  magic "ASSAYBDL"      8  version (1)      9  kdf (1 = scrypt)   10 log2 N   11 r   12 p
 *   13 chunk size (u32)      17 salt (16)        33 nonce prefix (7)   40 HMAC-SHA256 of bytes 0..39 (32)
 * scrypt(passphrase NFC, salt) gives 64 bytes: the AES-256-GCM key, then the header's HMAC key.
 */
export const BUNDLE_MAGIC = Buffer.from('ASSAYBDL', 'latin1');
export const BUNDLE_VERSION = 1;
export const HEADER_BYTES = 72;
const SIGNED_BYTES = 40;
const KDF_SCRYPT = 1;
export const TAG_BYTES = 16;
export const DEFAULT_CHUNK = 64 * 1024;

export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { log2N: 17, r: 8, p: 1 };
const LIMITS = { log2N: [10, 20], r: [1, 32], p: [1, 16] } as const;

export interface BundleHeader {
  version: number;
  scrypt: ScryptParams;
  chunkSize: number;
  salt: Buffer;
  noncePrefix: Buffer;
  /** All 72 bytes: the additional authenticated data of every chunk. */
  bytes: Buffer;
}

export interface BundleKeys {
  encryption: Buffer;
  mac: Buffer;
}

function checkParams(s: ScryptParams, where: string): void {
  for (const k of ['log2N', 'r', 'p'] as const) {
    const [lo, hi] = LIMITS[k];
    if (!Number.isInteger(s[k]) || s[k] < lo || s[k] > hi) {
      throw new AssayError('VERIFICATION_FAILED', `${where} asks for scrypt ${k} = ${s[k]}, outside ${lo}..${hi}; the bundle is damaged or was not made by Assay.`, { param: k });
    }
  }
}

export function deriveKeys(passphrase: string, salt: Buffer, s: ScryptParams): BundleKeys {
  const N = 2 ** s.log2N;
  const out = scryptSync(Buffer.from(passphrase.normalize('NFC'), 'utf8'), salt, 64, { N, r: s.r, p: s.p, maxmem: 256 * N * s.r + 16 * 1024 * 1024 });
  return { encryption: out.subarray(0, 32), mac: out.subarray(32) };
}

function headerMac(key: Buffer, signed: Buffer): Buffer {
  return createHmac('sha256', key).update(signed).digest();
}

export function newHeader(passphrase: string, scrypt: ScryptParams, chunkSize: number): { header: BundleHeader; keys: BundleKeys } {
  checkParams(scrypt, 'The export');
  const signed = Buffer.alloc(SIGNED_BYTES);
  BUNDLE_MAGIC.copy(signed, 0);
  signed.writeUInt8(BUNDLE_VERSION, 8);
  signed.writeUInt8(KDF_SCRYPT, 9);
  signed.writeUInt8(scrypt.log2N, 10);
  signed.writeUInt8(scrypt.r, 11);
  signed.writeUInt8(scrypt.p, 12);
  signed.writeUInt32BE(chunkSize, 13);
  const salt = randomBytes(16);
  const noncePrefix = randomBytes(7);
  salt.copy(signed, 17);
  noncePrefix.copy(signed, 33);
  const keys = deriveKeys(passphrase, salt, scrypt);
  const bytes = Buffer.concat([signed, headerMac(keys.mac, signed)]);
  return { header: { version: BUNDLE_VERSION, scrypt, chunkSize, salt, noncePrefix, bytes }, keys };
}

/** Reads and authenticates a header; `where` names the bundle in messages. */
export function openHeader(bytes: Buffer, passphrase: string, where: string): { header: BundleHeader; keys: BundleKeys } {
  if (bytes.length < BUNDLE_MAGIC.length || !bytes.subarray(0, 8).equals(BUNDLE_MAGIC)) {
    throw new AssayError('BAD_ARGUMENT', `${where} is not an Assay case bundle (it does not start with "ASSAYBDL"). Give a file made with "assay case export".`, { path: where });
  }
  const version = bytes.length > 8 ? bytes.readUInt8(8) : 0;
  if (version > BUNDLE_VERSION) {
    throw new AssayError('CASE_TOO_NEW', `${where} is a bundle of version ${version}, written by a newer Assay (this Assay reads version ${BUNDLE_VERSION}). Update Assay to import it.`, { path: where, version });
  }
  if (bytes.length < HEADER_BYTES) {
    throw new AssayError('VERIFICATION_FAILED', `${where} ends inside its header (${bytes.length} of ${HEADER_BYTES} bytes); it is truncated. Copy the bundle again.`, { path: where });
  }
  if (version !== BUNDLE_VERSION || bytes.readUInt8(9) !== KDF_SCRYPT) {
    throw new AssayError('VERIFICATION_FAILED', `${where} has a damaged header (version ${version}, key derivation ${bytes.readUInt8(9)}); it was changed or is not an Assay bundle.`, { path: where });
  }
  const scrypt = { log2N: bytes.readUInt8(10), r: bytes.readUInt8(11), p: bytes.readUInt8(12) };
  checkParams(scrypt, where);
  const chunkSize = bytes.readUInt32BE(13);
  if (chunkSize < 16 || chunkSize > 16 * 1024 * 1024) {
    throw new AssayError('VERIFICATION_FAILED', `${where} declares chunks of ${chunkSize} bytes, which Assay never writes; the header was changed.`, { path: where });
  }
  const salt = Buffer.from(bytes.subarray(17, 33));
  const keys = deriveKeys(passphrase, salt, scrypt);
  const head = Buffer.from(bytes.subarray(0, HEADER_BYTES));
  if (!timingSafeEqual(headerMac(keys.mac, head.subarray(0, SIGNED_BYTES)), head.subarray(SIGNED_BYTES))) {
    throw new AssayError('PASSPHRASE_WRONG', `The passphrase does not open ${where}, or its header was changed (the header's authentication code does not match). Check the passphrase; if it is right, the bundle was altered.`, { path: where });
  }
  return { header: { version, scrypt, chunkSize, salt, noncePrefix: Buffer.from(head.subarray(33, 40)), bytes: head }, keys };
}

/** GCM nonce of chunk `index`: the 7-byte prefix, the index (u32) and 1 for the final chunk, else 0. */
export function chunkNonce(prefix: Buffer, index: number, final: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, 7);
  nonce.writeUInt8(final ? 1 : 0, 11);
  return nonce;
}
