import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { AssayError } from '../../api/errors.ts';
import { sha256Hex } from '../../util/hash.ts';
import { checkFiles } from '../manifest/check-files.ts';
import { parseManifest } from '../manifest/parse-manifest.ts';
import { MANIFEST_FILE, SIGNATURE_FILE, manifestLocation, readSource } from '../source/read-source.ts';
import { readZip } from '../source/zip-archive.ts';
import { signStatement, type Envelope } from './envelope.ts';
import { keyIdOf, loadPrivateKey, algorithmOf, type KeyAlgorithm } from './keys.ts';
import { buildStatement } from './statement.ts';

export interface SignResult {
  path: string;
  signatureFile: string;
  keyId: string;
  algorithm: KeyAlgorithm;
  files: { path: string; sha256: string }[];
  replaced: boolean;
}

/** Writes a new zip beside the old one and renames it over, adding (or replacing) signature.json at the package root. */
async function writeIntoZip(zipPath: string, envelopeText: string): Promise<void> {
  const raw = readZip(new Uint8Array(await readFile(zipPath)), zipPath);
  const nested = [...raw.keys()].find((k) => k.endsWith(`/${MANIFEST_FILE}`) && k.split('/').length === 2 && !k.startsWith('__MACOSX/'));
  const prefix = raw.has(MANIFEST_FILE) || !nested ? '' : nested.slice(0, -MANIFEST_FILE.length);
  const entries: Record<string, Uint8Array> = {};
  for (const [name, bytes] of raw) if (name !== `${prefix}${SIGNATURE_FILE}`) entries[name] = bytes;
  entries[`${prefix}${SIGNATURE_FILE}`] = new TextEncoder().encode(envelopeText);
  const temp = `${zipPath}.signing-${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(temp, zipSync(entries, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') }));
    await rename(temp, zipPath);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

/** Signs every file of an assay package (folder or zip) and writes signature.json into it. */
export async function signPackage(path: string, keyText: string, keyWhere: string, passphrase: string | undefined): Promise<SignResult> {
  const key = loadPrivateKey(keyText, passphrase, keyWhere);
  const source = await readSource(path);
  if (source.kind !== 'assay-package' && source.kind !== 'assay-package-zip') {
    throw new AssayError('PACKAGE_INVALID', `${source.path} is not an assay package (folder or zip holding ${MANIFEST_FILE}); Assay signs assay packages only. Import it into a case, or make an assay package of it first.`, { path: source.path });
  }
  const { manifest } = parseManifest(source.files.get(MANIFEST_FILE)!, manifestLocation(source));
  const problem = checkFiles(manifest, source.files, `the package ${source.path}`).issues[0];
  if (problem) throw new AssayError(problem.code, `${problem.message} Assay signs only a package whose files match its manifest.`, { file: problem.path });
  const hashes = new Map([...source.files].map(([name, bytes]) => [name, sha256Hex(bytes)] as const));
  const statement = buildStatement(hashes, [SIGNATURE_FILE], `${manifest.id}@${manifest.version}`);
  const envelope: Envelope = signStatement(statement, key);
  const text = `${JSON.stringify(envelope, null, 2)}\n`;
  const replaced = source.files.has(SIGNATURE_FILE);
  const target = source.kind === 'assay-package' ? join(source.path, SIGNATURE_FILE) : source.path;
  if (source.kind === 'assay-package') {
    const temp = `${target}.signing-${randomBytes(6).toString('hex')}`;
    await writeFile(temp, text);
    await rename(temp, target);
  } else {
    await writeIntoZip(source.path, text);
  }
  return {
    path: source.path, signatureFile: source.kind === 'assay-package' ? target : `${source.path}!${SIGNATURE_FILE}`,
    keyId: keyIdOf(key), algorithm: algorithmOf(key)!, files: statement.subject.map((s) => ({ path: s.name, sha256: s.digest.sha256 })), replaced,
  };
}
