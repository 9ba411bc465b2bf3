import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sha256Hex } from '../../../../src/util/hash.ts';
import { bytesOf, creditModel, LEVELS } from './onnx-models.ts';

export function tempDir(prefix = 'assay-pkg-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFiles(dir: string, files: Record<string, Uint8Array | string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

export function baseManifest(): Record<string, unknown> {
  return {
    format: 'assay-package/1',
    id: 'credit-logreg',
    version: '1.0.0',
    task: 'binary_classification',
    model: { file: 'model.onnx' },
    features: [
      { name: 'age', type: 'numeric' },
      { name: 'income', type: 'numeric' },
      { name: 'purpose', type: 'categorical', levels: LEVELS },
    ],
    input: { layout: 'columns' },
    output: { name: 'output_probability', index: 1 },
    positive_class: 1,
    threshold: 0.5,
    favorable_outcome: 1,
    protected_attributes: [{ name: 'sex', reference: 'male' }],
    reference_data: { file: 'reference.csv' },
    card: 'MODEL_CARD.md',
    lineage: { created_by: 'test' },
  };
}

export interface PackageSpec {
  manifest?: Record<string, unknown>;
  /** Files beside the manifest; hashed into `files` unless listed in `unhashed`. */
  files?: Record<string, Uint8Array | string>;
  unhashed?: string[];
  /** Added to the computed `files` record. */
  extraHashes?: Record<string, string>;
}

/** The file contents and manifest of a valid package, to be tampered with by a test. */
export function packageContents(spec: PackageSpec = {}): Record<string, Uint8Array | string> {
  const files: Record<string, Uint8Array | string> = spec.files ?? {
    'model.onnx': bytesOf(creditModel()),
    'reference.csv': 'age,income,purpose,sex\n30,2000,car,male\n45,3500,education,female\n',
    'MODEL_CARD.md': '# Credit model\n',
  };
  const hashes: Record<string, string> = {};
  for (const [p, c] of Object.entries(files)) if (!(spec.unhashed ?? []).includes(p)) hashes[p] = sha256Hex(c);
  const manifest = { ...(spec.manifest ?? baseManifest()), files: { ...hashes, ...spec.extraHashes } };
  return { ...files, 'assay-package.json': JSON.stringify(manifest, null, 2) };
}

export function writePackage(dir: string, spec: PackageSpec = {}): string {
  writeFiles(dir, packageContents(spec));
  return dir;
}
