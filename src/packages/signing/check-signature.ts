import { sha256Hex } from '../../util/hash.ts';
import { SIGNATURE_FILE } from '../source/read-source.ts';
import type { SignatureCheck } from '../types.ts';
import { openEnvelope } from './envelope.ts';
import { readStatement } from './statement.ts';
import type { TrustedKey } from './trusted-keys.ts';

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function list(names: string[]): string {
  const shown = names.slice(0, 5).map((n) => `"${n}"`).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

/**
 * Checks a package's signature.json: the DSSE signature, every file against the signed statement (none changed,
 * added or removed) and, when trusted keys are given, the signer. Never throws; a problem is a sentence.
 */
export function checkSignature(files: Map<string, Uint8Array>, where: string, trusted: TrustedKey[] | null, packageRef: string | null): SignatureCheck {
  const bytes = files.get(SIGNATURE_FILE);
  if (!bytes) {
    const problems = trusted ? [`${capital(where)} is not signed (it holds no ${SIGNATURE_FILE}), but trusted keys were given, so a signature is required.`] : [];
    return { present: false, status: 'absent', keyId: null, algorithm: null, trusted: trusted ? false : null, problems };
  }
  const invalid = (keyId: string | null, algorithm: SignatureCheck['algorithm'], problems: string[]): SignatureCheck =>
    ({ present: true, status: 'invalid', keyId, algorithm, trusted: trusted ? false : null, problems });
  const opened = openEnvelope(new TextDecoder().decode(bytes));
  if (typeof opened === 'string') return invalid(null, null, [`The ${SIGNATURE_FILE} of ${where} is refused: ${opened}.`]);
  let statement: unknown;
  try {
    statement = JSON.parse(opened.payload.toString('utf8'));
  } catch {
    statement = null;
  }
  const read = readStatement(statement);
  if (typeof read === 'string') return invalid(opened.keyId, opened.algorithm, [`The ${SIGNATURE_FILE} of ${where} is refused: ${read}.`]);

  const signed = read.files;
  const present = [...files.keys()].filter((n) => n !== SIGNATURE_FILE);
  const changed = present.filter((n) => signed.has(n) && signed.get(n) !== sha256Hex(files.get(n)!));
  const added = present.filter((n) => !signed.has(n));
  const removed = [...signed.keys()].filter((n) => !files.has(n));
  const problems: string[] = [];
  const other = read.packageRef && packageRef && read.packageRef !== packageRef ? read.packageRef : null;
  if (other || (changed.length + removed.length >= signed.size && signed.size > 0)) {
    problems.push(`The ${SIGNATURE_FILE} of ${where} was made for another package${other ? ` (${other})` : ''}: none of its signed files match. Obtain the signature that belongs to this package.`);
  } else {
    if (changed.length) problems.push(`The file${changed.length > 1 ? 's' : ''} ${list(changed)} of ${where} changed after signing (sha256 differs from the signed statement).`);
    if (added.length) problems.push(`The file${added.length > 1 ? 's' : ''} ${list(added)} of ${where} ${added.length > 1 ? 'were' : 'was'} added after signing; the signature does not cover ${added.length > 1 ? 'them' : 'it'}.`);
    if (removed.length) problems.push(`The signed file${removed.length > 1 ? 's' : ''} ${list(removed)} ${removed.length > 1 ? 'are' : 'is'} missing from ${where}.`);
  }
  if (problems.length) return invalid(opened.keyId, opened.algorithm, problems);
  if (trusted && !trusted.some((k) => k.keyId === opened.keyId)) {
    return {
      present: true, status: 'untrusted', keyId: opened.keyId, algorithm: opened.algorithm, trusted: false,
      problems: [`${capital(where)} is signed by the key ${opened.keyId}, which is not among the trusted keys (${trusted.map((k) => k.keyId.slice(0, 16)).join(', ')}). Add the signer's .pub.pem to the trusted keys only if you trust its owner.`],
    };
  }
  return { present: true, status: 'valid', keyId: opened.keyId, algorithm: opened.algorithm, trusted: trusted ? true : null, problems: [] };
}
