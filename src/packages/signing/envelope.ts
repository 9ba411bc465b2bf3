import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../util/canonical-json.ts';
import { algorithmOf, keyIdOf, type KeyAlgorithm } from './keys.ts';
import { pae } from './pae.ts';
import { PAYLOAD_TYPE, type Statement } from './statement.ts';

/** signature.json: a DSSE envelope (DSSE envelope.md) with one signature; `publicKey` is Assay's addition. */
export interface Envelope {
  payloadType: string;
  payload: string;
  signatures: { keyid: string; sig: string; publicKey: string }[];
}

/** Ed25519 signs the message itself; ECDSA P-256 signs its SHA-256, DER-encoded (as Sigstore does). */
const digestOf = (algorithm: KeyAlgorithm): string | null => (algorithm === 'ed25519' ? null : 'sha256');

export function signStatement(statement: Statement, key: KeyObject): Envelope {
  const body = Buffer.from(canonicalJson(statement), 'utf8');
  const algorithm = algorithmOf(key)!;
  const sig = sign(digestOf(algorithm), pae(PAYLOAD_TYPE, body), key);
  return {
    payloadType: PAYLOAD_TYPE,
    payload: body.toString('base64'),
    signatures: [{ keyid: keyIdOf(key), sig: sig.toString('base64'), publicKey: createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string }],
  };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function strictBase64(text: unknown): Buffer | null {
  if (typeof text !== 'string' || !BASE64.test(text) || text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

export interface OpenedEnvelope {
  keyId: string;
  algorithm: KeyAlgorithm;
  publicKey: KeyObject;
  /** The exact bytes the signature covers (never re-read from the envelope). */
  payload: Buffer;
}

/** Parses and checks an envelope's signature; returns the verified payload, or a sentence saying what is wrong. */
export function openEnvelope(text: string): OpenedEnvelope | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return `it is not valid JSON (${(e as Error).message}); it may be truncated`;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'it is not a DSSE envelope (not a JSON object)';
  const env = raw as Record<string, unknown>;
  const extra = Object.keys(env).filter((k) => !['payloadType', 'payload', 'signatures'].includes(k));
  if (extra.length) return `it is not a DSSE envelope (unexpected field ${extra.map((k) => JSON.stringify(k)).join(', ')})`;
  const missing = ['payloadType', 'payload', 'signatures'].filter((k) => !(k in env));
  if (missing.length) return `it is not a DSSE envelope (no ${missing.join(', ')})`;
  if (env.payloadType !== PAYLOAD_TYPE) return `its payloadType is ${JSON.stringify(env.payloadType)}, not ${PAYLOAD_TYPE}`;
  const payload = strictBase64(env.payload);
  if (!payload || payload.length === 0) return 'its payload is missing or not valid base64';
  if (!Array.isArray(env.signatures) || env.signatures.length !== 1) {
    return `it must hold exactly one signature, not ${Array.isArray(env.signatures) ? env.signatures.length : 'none'}`;
  }
  const entry = env.signatures[0] as Record<string, unknown> | null;
  const sig = strictBase64(entry?.sig);
  if (!sig || sig.length === 0) return 'its signature is missing or not valid base64';
  if (typeof entry?.keyid !== 'string' || typeof entry.publicKey !== 'string') return 'its signature names no keyid or public key';
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: entry.publicKey, format: 'pem' });
  } catch {
    return 'its public key is not a readable PEM key';
  }
  const algorithm = algorithmOf(publicKey);
  if (!algorithm) return `its key is ${publicKey.asymmetricKeyType ?? 'unknown'}, not Ed25519 or ECDSA P-256`;
  const keyId = keyIdOf(publicKey);
  if (keyId !== entry.keyid) return `its keyid ${String(entry.keyid).slice(0, 16)}… is not the id of the public key it carries (${keyId.slice(0, 16)}…)`;
  let ok = false;
  try {
    ok = verify(digestOf(algorithm), pae(PAYLOAD_TYPE, payload), publicKey, sig);
  } catch {
    ok = false;
  }
  if (!ok) return `its signature does not verify with the key ${keyId.slice(0, 16)}… (the statement or the signature was changed)`;
  return { keyId, algorithm, publicKey, payload };
}
