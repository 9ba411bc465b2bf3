import { z } from 'zod';

/**
 * Package signing (keys, sign, verify with trusted keys) and the encrypted case export in the contract: argument
 * schemas and result types. Passphrases travel only as arguments named `passphrase`, which the audit trail redacts.
 */

const filePath = z.string().min(1).max(4096);
const passphrase = z.string().min(1).max(1024);

export const keysCreateArgs = z.object({
  out: filePath,
  algorithm: z.enum(['ed25519', 'p256']).optional(),
  passphrase,
}).strict();

export const packageSignArgs = z.object({
  path: filePath,
  key: filePath,
  passphrase: passphrase.optional(),
}).strict();

/** scrypt cost: N = 2^log2N (default 17), r (default 8), p (default 1). */
export const scryptParams = z.object({
  log2N: z.number().int().min(10).max(20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
}).strict();

export const caseExportArgs = z.object({
  out: filePath,
  passphrase,
  scrypt: scryptParams.optional(),
}).strict();

export const caseImportBundleArgs = z.object({
  path: filePath,
  out: filePath,
  passphrase,
}).strict();

export interface KeysCreateResult {
  keyId: string;
  algorithm: 'ed25519' | 'p256';
  privateKeyFile: string;
  publicKeyFile: string;
}

export interface PackageSignResult {
  path: string;
  signatureFile: string;
  keyId: string;
  algorithm: 'ed25519' | 'p256';
  /** Every signed file with its sha256 (signature.json itself excluded). */
  files: { path: string; sha256: string }[];
  /** Whether an earlier signature.json was replaced. */
  replaced: boolean;
}

export interface BundleInfo {
  /** The bundle file. */
  path: string;
  bundleVersion: number;
  bytes: number;
  /** SHA-256 of the case file's bytes inside the bundle. */
  caseSha256: string;
  caseBytes: number;
  chunkSize: number;
  chunks: number;
  scrypt: { log2N: number; r: number; p: number };
}

export interface CaseExportResult extends BundleInfo {
  sha256: string;
}

export interface CaseImportBundleResult extends BundleInfo {
  /** The case file written. */
  out: string;
  caseId: string;
  schemaVersion: number;
}
