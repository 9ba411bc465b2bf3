import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AssayError } from '../../api/errors.ts';
import type { SourceKind } from '../types.ts';
import { readFolder } from './read-folder.ts';
import { looksLikeZip, readZip } from './zip-archive.ts';

export const MANIFEST_FILE = 'assay-package.json';
export const SIGNATURE_FILE = 'signature.json';
export const MLMODEL_FILE = 'MLmodel';

export interface PackageSource {
  kind: SourceKind;
  /** Absolute path of the folder, zip or .onnx file. */
  path: string;
  /** Every file of the package by its path inside it ('/'-separated); for a bare .onnx, the file under its own name. */
  files: Map<string, Uint8Array>;
}

const MACOS_METADATA = /^__MACOSX(\/|$)|(^|\/)\.DS_Store$/;

function describeContents(files: Map<string, Uint8Array>): string {
  const names = [...files.keys()];
  if (names.length === 0) return 'it is empty';
  const shown = names.slice(0, 10).join(', ');
  return `it holds ${shown}${names.length > 10 ? ` and ${names.length - 10} more` : ''}`;
}

/** A zip made from a folder holds that folder: use it as the root when it is the only top-level entry. */
function stripSingleTopFolder(files: Map<string, Uint8Array>): Map<string, Uint8Array> {
  if (files.has(MANIFEST_FILE) || files.has(MLMODEL_FILE)) return files;
  const tops = new Set([...files.keys()].map((p) => p.split('/')[0]));
  if (tops.size !== 1 || [...files.keys()].some((p) => !p.includes('/'))) return files;
  const [top] = tops;
  const stripped = new Map<string, Uint8Array>();
  for (const [p, b] of files) stripped.set(p.slice(top.length + 1), b);
  return stripped;
}

function classify(files: Map<string, Uint8Array>, path: string, zip: boolean): SourceKind {
  if (files.has(MANIFEST_FILE)) return zip ? 'assay-package-zip' : 'assay-package';
  if (files.has(MLMODEL_FILE)) return 'mlflow';
  throw new AssayError(
    'PACKAGE_INVALID',
    `${zip ? 'The zip file' : 'The folder'} ${path} holds no ${MANIFEST_FILE} at its root and is not an MLflow model folder (no ${MLMODEL_FILE}); ${describeContents(files)}. Point Assay at an assay package, an MLflow model folder or a .onnx file.`,
    { path, found: [...files.keys()].slice(0, 50) },
  );
}

/** How messages name a package's manifest: its path, or its name inside the zip. */
export function manifestLocation(source: PackageSource): string {
  return source.kind === 'assay-package-zip' ? `${MANIFEST_FILE} in ${source.path}` : join(source.path, MANIFEST_FILE);
}

/** Reads a package folder, a zip of one, an MLflow model folder or a bare .onnx file into memory. */
export async function readSource(rawPath: string): Promise<PackageSource> {
  let path = resolve(rawPath);
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new AssayError('NOT_FOUND', `There is no file or folder at ${path}. Check the path.`, { path });
  }
  if (info.isFile() && (basename(path) === MANIFEST_FILE || basename(path) === MLMODEL_FILE)) {
    path = dirname(path);
    info = await stat(path);
  }
  if (info.isDirectory()) {
    const files = await readFolder(path);
    return { kind: classify(files, path, false), path, files };
  }
  const bytes = new Uint8Array(await readFile(path));
  if (looksLikeZip(bytes) || path.toLowerCase().endsWith('.zip')) {
    const all = readZip(bytes, path);
    for (const p of [...all.keys()]) if (MACOS_METADATA.test(p)) all.delete(p);
    const files = stripSingleTopFolder(all);
    return { kind: classify(files, path, true), path, files };
  }
  return { kind: 'onnx', path, files: new Map([[basename(path), bytes]]) };
}
