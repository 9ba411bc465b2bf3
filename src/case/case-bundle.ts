import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AssayError, isAssayError } from '../api/errors.ts';
import { decryptFile, encryptFile, type BundleStats } from './bundle-crypto.ts';
import type { ScryptParams } from './bundle-format.ts';
import { CaseDb } from './case-db.ts';

/**
 * Encrypts a closed case file into a bundle. The caller must have checkpointed and closed the case, so that the
 * file holds everything and DuckDB writes nothing while it is read.
 */
export async function exportCaseBundle(casePath: string, out: string, passphrase: string, scrypt?: ScryptParams): Promise<BundleStats> {
  const abs = resolve(casePath);
  if (existsSync(`${abs}.wal`)) {
    throw new AssayError('INTERNAL', `The case ${casePath} still has a write-ahead log after closing; it cannot be exported consistently.`, { path: casePath });
  }
  if (resolve(out) === abs) throw new AssayError('BAD_ARGUMENT', `The bundle must not replace the case itself; choose another --out than ${out}.`, { out });
  return encryptFile(abs, out, passphrase, { scrypt });
}

/** Decrypts a bundle into a new case file, checked to open as an Assay case before it is given its name. */
export async function importCaseBundle(bundle: string, out: string, passphrase: string): Promise<BundleStats & { meta: Record<string, string> }> {
  let meta: Record<string, string> = {};
  const stats = await decryptFile(resolve(bundle), out, passphrase, async (temp) => {
    let db: CaseDb;
    try {
      db = await CaseDb.open(temp, { readOnly: true });
    } catch (e) {
      if (isAssayError(e) && e.code === 'CASE_READ_ONLY') return; // an older schema: a case, migrated when opened for writing
      throw new AssayError('CASE_INVALID', `The bundle ${bundle} decrypts, but what it holds is not an Assay case (${isAssayError(e) ? e.message : String(e)}). Nothing was written.`, { path: bundle });
    } finally {
      await rm(`${temp}.wal`, { force: true });
    }
    try {
      meta = await db.meta();
    } finally {
      await db.close();
    }
  });
  return { ...stats, meta };
}
