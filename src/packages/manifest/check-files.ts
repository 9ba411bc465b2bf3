import type { ErrorCode } from '../../api/errors.ts';
import { sha256Hex } from '../../util/hash.ts';
import type { Manifest } from '../manifest-schema.ts';
import { MANIFEST_FILE, SIGNATURE_FILE } from '../source/read-source.ts';
import { checkSignature } from '../signing/check-signature.ts';
import type { TrustedKey } from '../signing/trusted-keys.ts';
import type { PackageFileCheck, PackageVerification } from '../types.ts';

export interface FileProblem {
  code: ErrorCode;
  message: string;
  path: string;
}

export interface FileCheckResult {
  verification: PackageVerification;
  /** In the order to report: structural problems first, then hash problems. */
  issues: FileProblem[];
  hashes: Map<string, string>;
  warnings: string[];
}

const NOT_HASHED = new Set([MANIFEST_FILE, SIGNATURE_FILE]);

/** The files a manifest refers to, each of which must be in the package and listed in `files`. */
export function referencedFiles(manifest: Manifest): { path: string; role: string }[] {
  const refs = [{ path: manifest.model.file, role: 'model.file' }];
  if (manifest.reference_data) refs.push({ path: manifest.reference_data.file, role: 'reference_data.file' });
  if (manifest.card) refs.push({ path: manifest.card, role: 'card' });
  return refs;
}

/** Compares the package's files with the manifest's `files` digests (DESIGN.md §2.1). Never throws. */
export function checkFiles(manifest: Manifest, files: Map<string, Uint8Array>, where: string, trusted: TrustedKey[] | null = null): FileCheckResult {
  const hashes = new Map<string, string>();
  for (const [path, bytes] of files) hashes.set(path, sha256Hex(bytes));
  const checks: PackageFileCheck[] = [];
  const structural: FileProblem[] = [];
  const hashProblems: FileProblem[] = [];
  const warnings: string[] = [];

  for (const { path, role } of referencedFiles(manifest)) {
    if (!files.has(path)) {
      structural.push({
        code: 'PACKAGE_INVALID', path,
        message: `The manifest names "${path}" as ${role}, but ${where} holds no such file. Add the file or correct ${role}.`,
      });
    } else if (!(path in manifest.files)) {
      structural.push({
        code: 'PACKAGE_INVALID', path,
        message: `The file "${path}" (${role}) is not listed in the manifest's files, so its integrity cannot be checked. Add its sha256 to files.`,
      });
    }
  }
  for (const [path, expected] of Object.entries(manifest.files)) {
    const actual = hashes.get(path) ?? null;
    if (actual === null) {
      checks.push({ path, expected, actual, status: 'missing' });
      hashProblems.push({
        code: 'HASH_MISMATCH', path,
        message: `The manifest lists "${path}" with sha256 ${expected}, but ${where} holds no such file. The package was changed after it was hashed; obtain the complete package from its author.`,
      });
    } else if (actual !== expected) {
      checks.push({ path, expected, actual, status: 'mismatch' });
      hashProblems.push({
        code: 'HASH_MISMATCH', path,
        message: `The file "${path}" does not match the manifest: expected sha256 ${expected}, found ${actual}. The package was changed after it was hashed; obtain an unaltered copy from its author, or have the author hash it again.`,
      });
    } else {
      checks.push({ path, expected, actual, status: 'ok' });
    }
  }
  for (const [path, actual] of hashes) {
    if (path in manifest.files || NOT_HASHED.has(path)) continue;
    checks.push({ path, expected: null, actual, status: 'unlisted' });
    warnings.push(`The file "${path}" is in the package but not listed in the manifest's files, so nothing vouches for it; Assay keeps it but does not use it.`);
  }
  const signature = checkSignature(files, where, trusted, `${manifest.id}@${manifest.version}`);
  // a signature that does not verify is evidence of tampering and refuses the package; an untrusted signer is a warning
  if (signature.status === 'invalid') {
    for (const message of signature.problems) hashProblems.push({ code: 'HASH_MISMATCH', path: 'signature.json', message });
  } else {
    warnings.push(...signature.problems);
  }
  checks.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const issues = [...structural, ...hashProblems];
  return {
    verification: {
      ok: issues.length === 0 && signature.problems.length === 0,
      files: checks,
      signature,
      problems: [...issues.map((i) => i.message), ...(signature.status === 'invalid' ? [] : signature.problems)],
    },
    issues,
    hashes,
    warnings,
  };
}
