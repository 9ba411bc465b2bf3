import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { AssayError } from '../../api/errors.ts';

export const KEY_ALGORITHMS = ['ed25519', 'p256'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export interface GeneratedKey {
  algorithm: KeyAlgorithm;
  keyId: string;
  /** PKCS#8, encrypted with the passphrase (PBES2: PBKDF2 + AES-256-CBC). */
  privatePem: string;
  /** SubjectPublicKeyInfo. */
  publicPem: string;
}

/** A key's id: the SHA-256 (hex) of its SubjectPublicKeyInfo DER. */
export function keyIdOf(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** ed25519 or p256, or null for a key Assay does not sign with. */
export function algorithmOf(key: KeyObject): KeyAlgorithm | null {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'p256';
  return null;
}

function describeKey(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return `${key.asymmetricKeyType ?? 'unknown'}${curve ? ` (${curve})` : ''}`;
}

export const MIN_PASSPHRASE = 8;

export function checkNewPassphrase(passphrase: string, what: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE) {
    throw new AssayError('BAD_ARGUMENT', `The passphrase for ${what} is ${passphrase.length === 0 ? 'empty' : 'too short'}; use at least ${MIN_PASSPHRASE} characters.`);
  }
}

export function generateKey(algorithm: KeyAlgorithm, passphrase: string): GeneratedKey {
  checkNewPassphrase(passphrase, 'the new private key');
  const { privateKey, publicKey } = algorithm === 'ed25519'
    ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    algorithm,
    keyId: keyIdOf(publicKey),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

function isEncryptedPem(text: string): boolean {
  return text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type:\s*4,ENCRYPTED/.test(text);
}

/** Reads a private signing key (PEM); `where` names it in messages. */
export function loadPrivateKey(text: string, passphrase: string | undefined, where: string): KeyObject {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new AssayError('BAD_ARGUMENT', `${where} is not a PEM private key (no "BEGIN PRIVATE KEY" block). Give the .key.pem file made by "assay keys create".`, { key: where });
  }
  if (isEncryptedPem(text) && passphrase === undefined) {
    throw new AssayError('BAD_ARGUMENT', `${where} is encrypted; name the environment variable holding its passphrase with --passphrase-env VAR.`, { key: where });
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem', ...(passphrase !== undefined ? { passphrase } : {}) });
  } catch (e) {
    const message = (e as Error).message;
    if (isEncryptedPem(text) && /bad decrypt|decrypt|unsupported|DECODER/i.test(message)) {
      throw new AssayError('PASSPHRASE_WRONG', `The passphrase does not open ${where} (the key cannot be decrypted with it). Check the passphrase in the environment variable.`, { key: where });
    }
    throw new AssayError('BAD_ARGUMENT', `${where} is a malformed private key (${message}). Give the .key.pem file made by "assay keys create".`, { key: where });
  }
  if (!algorithmOf(key)) {
    throw new AssayError('BAD_ARGUMENT', `${where} is a ${describeKey(key)} key; Assay signs with Ed25519 or ECDSA P-256 keys only. Make one with "assay keys create".`, { key: where });
  }
  return key;
}

/** Reads a public key (SPKI PEM); `where` names it in messages. */
export function loadPublicKey(text: string, where: string): KeyObject {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new AssayError('BAD_ARGUMENT', `${where} holds a private key where a public key belongs; give the .pub.pem file instead, and keep the private key to yourself.`, { key: where });
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: 'pem' });
  } catch (e) {
    throw new AssayError('BAD_ARGUMENT', `${where} is not a readable public key (${(e as Error).message}). Give the .pub.pem file made by "assay keys create".`, { key: where });
  }
  if (!algorithmOf(key)) {
    throw new AssayError('BAD_ARGUMENT', `${where} is a ${describeKey(key)} key; Assay verifies Ed25519 and ECDSA P-256 signatures only.`, { key: where });
  }
  return key;
}
