import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AssayError } from '../api/errors.ts';
import { sha256Hex } from '../util/hash.ts';
import type { Manifest } from './manifest-schema.ts';
import { checkFiles, type FileCheckResult } from './manifest/check-files.ts';
import { matchManifestToGraph } from './manifest/match-graph.ts';
import { parseManifest } from './manifest/parse-manifest.ts';
import { prepareModel, type PreparedModel } from './prepare-model.ts';
import { MANIFEST_FILE, SIGNATURE_FILE, manifestLocation, readSource, type PackageSource } from './source/read-source.ts';
import { readTrustedKeys, type TrustedKey } from './signing/trusted-keys.ts';
import { readMlflow } from './synth/mlflow-model.ts';
import { checkOptions, synthesisOptionsGiven } from './synth/options.ts';
import { synthesiseMlflowManifest, synthesiseOnnxManifest, type SynthesisInput } from './synth/synthesise-manifest.ts';
import type { LoadedPackage, LoadOptions, PackageFile } from './types.ts';

/** Throws the first file problem, mentioning how many more there are. */
function refuseFileProblems(check: FileCheckResult): void {
  const [first, ...rest] = check.issues;
  if (!first) return;
  const more = rest.length ? ` (${rest.length} more problem${rest.length > 1 ? 's' : ''}: ${rest.map((r) => r.path).join(', ')}; "assay package verify" lists them all)` : '';
  throw new AssayError(first.code, `${first.message}${more}`, { file: first.path, problems: check.verification.problems });
}

function referenceFormat(path: string): 'csv' | 'parquet' {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.parquet')) return 'parquet';
  throw new AssayError('PACKAGE_INVALID', `The reference data "${path}" is neither a .csv nor a .parquet file. Provide the reference data as CSV or Parquet.`, { file: path });
}

function finish(source: PackageSource, manifest: Manifest, check: FileCheckResult, prepared: PreparedModel, warnings: string[]): LoadedPackage {
  const mismatchWarnings = matchManifestToGraph(manifest, prepared.graph, manifest.model.file);
  const files: PackageFile[] = [...source.files].map(([path, bytes]) => ({ path, sha256: check.hashes.get(path) ?? sha256Hex(bytes), bytes }));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const ref = manifest.reference_data;
  const card = manifest.card ? source.files.get(manifest.card) : undefined;
  return {
    sourceKind: source.kind,
    sourcePath: source.path,
    ref: `${manifest.id}@${manifest.version}`,
    manifest,
    files,
    modelSha256: check.hashes.get(manifest.model.file)!,
    runtimeModel: prepared.runtimeModel,
    graph: prepared.graph,
    lineage: { ...manifest.lineage, assay_import: { source_kind: source.kind, rewrites: prepared.rewrites, imported_from: source.path } },
    verification: check.verification,
    ...(ref ? { referenceData: { path: ref.file, format: referenceFormat(ref.file), bytes: source.files.get(ref.file)! } } : {}),
    ...(card ? { card: new TextDecoder().decode(card) } : {}),
    warnings: [...warnings, ...check.warnings, ...prepared.warnings, ...mismatchWarnings],
  };
}

function loadAssayPackage(source: PackageSource, options: LoadOptions, trusted: TrustedKey[] | null): LoadedPackage {
  if (options.manifestPath !== undefined) {
    throw new AssayError('BAD_ARGUMENT', `${source.path} is an assay package with its own ${MANIFEST_FILE}; --manifest applies only to MLflow folders and bare .onnx files. Edit the package's manifest (and its hashes) instead.`, { path: source.path });
  }
  const warnings: string[] = [];
  const ignored = synthesisOptionsGiven(options);
  if (ignored.length) warnings.push(`${ignored.join(', ')} ${ignored.length > 1 ? 'were' : 'was'} ignored: ${source.path} is an assay package whose manifest says all of it.`);
  const parsed = parseManifest(source.files.get(MANIFEST_FILE)!, manifestLocation(source));
  const manifest = parsed.manifest;
  const check = checkFiles(manifest, source.files, `the package ${source.path}`, trusted);
  refuseFileProblems(check);
  const prepared = prepareModel(source.files.get(manifest.model.file)!, manifest.model.file);
  return finish(source, manifest, check, prepared, [...warnings, ...parsed.warnings]);
}

async function readGivenManifest(path: string, modelFile: string, warnings: string[]): Promise<Manifest> {
  const full = resolve(path);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(full));
  } catch {
    throw new AssayError('NOT_FOUND', `There is no manifest file at ${full} (given with --manifest). Check the path.`, { path: full });
  }
  const parsed = parseManifest(bytes, full);
  warnings.push(...parsed.warnings);
  if (parsed.manifest.model.file !== modelFile) {
    warnings.push(`The manifest ${full} names the model file "${parsed.manifest.model.file}"; Assay uses the imported model "${modelFile}" in its place.`);
  }
  return { ...parsed.manifest, model: { file: modelFile } };
}

async function loadSynthesised(source: PackageSource, options: LoadOptions, trusted: TrustedKey[] | null): Promise<LoadedPackage> {
  const ml = source.kind === 'mlflow' ? readMlflow(source.files, source.path) : null;
  const modelFile = ml ? ml.modelFile : [...source.files.keys()][0];
  const prepared = prepareModel(source.files.get(modelFile)!, modelFile);
  const warnings: string[] = [];
  let manifest: Manifest;
  if (options.manifestPath !== undefined) {
    manifest = await readGivenManifest(options.manifestPath, modelFile, warnings);
    const ignored = synthesisOptionsGiven(options);
    if (ignored.length) warnings.push(`${ignored.join(', ')} ${ignored.length > 1 ? 'were' : 'was'} ignored: the manifest given with --manifest says all of it.`);
  } else {
    const input: SynthesisInput = { sourcePath: source.path, modelFile, runtimeGraph: prepared.runtimeGraph, graph: prepared.graph, rewrites: prepared.rewrites, options };
    const synthesised = ml ? synthesiseMlflowManifest(ml, input) : synthesiseOnnxManifest(input);
    manifest = synthesised.manifest;
    warnings.push(...synthesised.warnings);
  }
  const listed: Record<string, string> = { ...manifest.files };
  for (const [path, bytes] of source.files) {
    if (path !== MANIFEST_FILE && path !== SIGNATURE_FILE && !(path in listed)) listed[path] = sha256Hex(bytes);
  }
  manifest = { ...manifest, files: listed };
  const check = checkFiles(manifest, source.files, source.path, trusted);
  refuseFileProblems(check);
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  const withManifest: PackageSource = { ...source, files: new Map([...source.files, [MANIFEST_FILE, manifestBytes]]) };
  check.hashes.set(MANIFEST_FILE, sha256Hex(manifestBytes));
  return finish(withManifest, manifest, check, prepared, warnings);
}

/** Reads, checks and (for MLflow and bare ONNX) completes a model package; see docs/formats.md. */
export async function loadPackage(path: string, options: LoadOptions = {}): Promise<LoadedPackage> {
  checkOptions(options);
  const source = await readSource(path);
  const trusted = options.trustedKeys === undefined ? null : await readTrustedKeys(resolve(options.trustedKeys));
  if (source.kind === 'assay-package' || source.kind === 'assay-package-zip') return loadAssayPackage(source, options, trusted);
  return loadSynthesised(source, options, trusted);
}
