import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { exportCaseBundle, importCaseBundle, type BundleStats } from '../../case/index.ts';
import { createKeyFiles, signPackage } from '../../packages/index.ts';
import { sha256Hex } from '../../util/hash.ts';
import type { MethodArgs } from '../contract.ts';
import type { BundleInfo, CaseExportResult, CaseImportBundleResult, KeysCreateResult, PackageSignResult } from '../contract-signing.ts';
import { AssayError } from '../errors.ts';
import type { HandlerContext } from '../handler-context.ts';

export async function createKeys(_ctx: HandlerContext, args: MethodArgs<'keys.create'>): Promise<KeysCreateResult> {
  // One branch per output form: a PKCS#12 with a self-signed certificate (--p12) goes beside this one.
  return createKeyFiles(args.out, args.algorithm ?? 'ed25519', args.passphrase);
}

export async function signPackageOnDisk(ctx: HandlerContext, args: MethodArgs<'package.sign'>): Promise<PackageSignResult> {
  const keyPath = resolve(args.key);
  let text: string;
  try {
    text = await readFile(keyPath, 'utf8');
  } catch {
    throw new AssayError('NOT_FOUND', `There is no key file at ${keyPath}. Give the .key.pem file made by "assay keys create".`, { path: keyPath });
  }
  const result = await signPackage(resolve(args.path), text, `The key ${keyPath}`, args.passphrase);
  ctx.inputHashes[`key:${result.keyId}`] = result.keyId;
  return result;
}

function bundleInfo(path: string, s: BundleStats): BundleInfo {
  return { path, bundleVersion: s.bundleVersion, bytes: s.bytes, caseSha256: s.caseSha256, caseBytes: s.caseBytes, chunkSize: s.chunkSize, chunks: s.chunks, scrypt: s.scrypt };
}

export async function exportCase(ctx: HandlerContext, args: MethodArgs<'case.export'>): Promise<CaseExportResult> {
  const db = await ctx.openCase();
  await db.exec('CHECKPOINT');
  if (!ctx.closeCase) throw new AssayError('INTERNAL', 'case.export needs a service that can close the case.');
  await ctx.closeCase();
  const out = resolve(args.out);
  const stats = await exportCaseBundle(ctx.casePath, out, args.passphrase, args.scrypt);
  ctx.inputHashes.case = stats.caseSha256;
  return { ...bundleInfo(out, stats), sha256: sha256Hex(await readFile(out)) };
}

export async function importBundle(_ctx: HandlerContext, args: MethodArgs<'case.importBundle'>): Promise<CaseImportBundleResult> {
  const out = resolve(args.out);
  const stats = await importCaseBundle(resolve(args.path), out, args.passphrase);
  return {
    ...bundleInfo(resolve(args.path), stats), out, caseId: stats.meta.case_id ?? '', schemaVersion: Number(stats.meta.schema_version ?? 0),
  };
}
