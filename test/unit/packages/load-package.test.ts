import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { loadPackage, summariseGraph } from '../../../src/packages/index.ts';
import { sha256Hex } from '../../../src/util/hash.ts';
import { assertFails } from './helpers/assert-error.ts';
import { bytesOf, creditModel, DOUBLE, FLOAT, matrixModel, STRING, valueInfo } from './helpers/onnx-models.ts';
import { baseManifest, tempDir, writeFiles, writePackage } from './helpers/package-dir.ts';

let dir = '';
let cleanup = (): void => {};
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const withModel = (model: Uint8Array, manifest: Record<string, unknown> = baseManifest()): string =>
  writePackage(dir, { manifest, files: { 'model.onnx': model, 'reference.csv': 'age\n1\n', 'MODEL_CARD.md': '# Card\n' } });

describe('loadPackage: an assay-package folder', () => {
  it('loads a valid package with its files, graph, reference data, card and ZipMap rewrite', async () => {
    writePackage(dir);
    const pkg = await loadPackage(dir);
    assert.equal(pkg.sourceKind, 'assay-package');
    assert.equal(pkg.ref, 'credit-logreg@1.0.0');
    assert.equal(pkg.sourcePath, dir);
    assert.deepEqual(pkg.files.map((f) => f.path), ['MODEL_CARD.md', 'assay-package.json', 'model.onnx', 'reference.csv']);
    const model = pkg.files.find((f) => f.path === 'model.onnx')!;
    assert.equal(pkg.modelSha256, sha256Hex(model.bytes));
    assert.equal(model.sha256, pkg.modelSha256);
    assert.ok(!Buffer.from(pkg.runtimeModel).equals(Buffer.from(model.bytes)));
    assert.equal(pkg.graph.hasZipMap, false);
    assert.equal(pkg.graph.outputs.find((o) => o.name === 'output_probability')?.typeText, 'tensor(float)[?,2]');
    assert.equal(pkg.referenceData?.format, 'csv');
    assert.equal(pkg.referenceData?.path, 'reference.csv');
    assert.equal(pkg.card, '# Credit model\n');
    assert.equal(pkg.verification.ok, true);
    assert.deepEqual(pkg.verification.signature, { present: false, status: 'absent', keyId: null, algorithm: null, trusted: null, problems: [] });
    assert.ok(pkg.verification.files.every((f) => f.status === 'ok'));
    const assayImport = pkg.lineage.assay_import as { source_kind: string; rewrites: unknown[]; imported_from: string };
    assert.equal(pkg.lineage.created_by, 'test');
    assert.equal(assayImport.source_kind, 'assay-package');
    assert.equal(assayImport.imported_from, dir);
    assert.deepEqual(assayImport.rewrites, [{ kind: 'zipmap-removed', output: 'output_probability', probabilityTensor: 'probabilities', classLabels: [0, 1], method: 'renamed' }]);
    assert.ok(pkg.warnings.some((w) => w.includes('ZipMap')));
  });

  it('keeps the submitted bytes as the runtime model when there is no ZipMap', async () => {
    const model = bytesOf(creditModel({ zipMap: false }));
    withModel(model, { ...baseManifest(), output: { name: 'probabilities', index: 1 } });
    const pkg = await loadPackage(dir);
    assert.ok(Buffer.from(pkg.runtimeModel).equals(Buffer.from(model)));
    assert.deepEqual((pkg.lineage.assay_import as { rewrites: unknown[] }).rewrites, []);
  });

  it('accepts the path of the manifest itself', async () => {
    writePackage(dir);
    assert.equal((await loadPackage(join(dir, 'assay-package.json'))).sourcePath, dir);
  });

  it('refuses a folder without a manifest, naming what it holds', async () => {
    writeFiles(dir, { 'model.onnx': bytesOf(creditModel()), 'notes.txt': 'x' });
    await assertFails(() => loadPackage(dir), 'PACKAGE_INVALID', dir, 'assay-package.json', 'model.onnx, notes.txt');
  });

  it('refuses a path that does not exist with NOT_FOUND', async () => {
    await assertFails(() => loadPackage(join(dir, 'nope')), 'NOT_FOUND', join(dir, 'nope'));
  });

  it('refuses a hash mismatch naming the file, the expected and the actual hash', async () => {
    writePackage(dir);
    writeFileSync(join(dir, 'reference.csv'), 'age\n99\n');
    const actual = sha256Hex('age\n99\n');
    const expected = sha256Hex('age,income,purpose,sex\n30,2000,car,male\n45,3500,education,female\n');
    await assertFails(() => loadPackage(dir), 'HASH_MISMATCH', '"reference.csv"', expected, actual, 'changed after it was hashed');
  });

  it('refuses a listed file that is missing', async () => {
    writePackage(dir, { extraHashes: { 'extra.bin': 'a'.repeat(64) } });
    await assertFails(() => loadPackage(dir), 'HASH_MISMATCH', '"extra.bin"', 'no such file');
  });

  it('refuses a model file that is not listed in files', async () => {
    writePackage(dir, { unhashed: ['model.onnx'] });
    await assertFails(() => loadPackage(dir), 'PACKAGE_INVALID', '"model.onnx"', 'model.file', 'not listed');
  });

  it('refuses a manifest naming a card the package does not hold', async () => {
    writePackage(dir, { manifest: { ...baseManifest(), card: 'CARD.md' } });
    await assertFails(() => loadPackage(dir), 'PACKAGE_INVALID', '"CARD.md"', 'card', 'no such file');
  });

  it('warns about an unlisted extra file and reports it as unlisted', async () => {
    writePackage(dir);
    writeFiles(dir, { 'notes/extra.txt': 'hello' });
    const pkg = await loadPackage(dir);
    assert.ok(pkg.warnings.some((w) => w.includes('"notes/extra.txt"') && w.includes('not listed')));
    assert.deepEqual(pkg.verification.files.find((f) => f.path === 'notes/extra.txt'), { path: 'notes/extra.txt', expected: null, actual: sha256Hex('hello'), status: 'unlisted' });
    assert.ok(pkg.files.some((f) => f.path === 'notes/extra.txt'));
  });

  it('refuses a package whose signature does not verify: it is evidence of tampering (signing: test/unit/packages/signing)', async () => {
    writePackage(dir);
    writeFiles(dir, { 'signature.json': '{}' });
    await assertFails(() => loadPackage(dir), 'HASH_MISMATCH', 'signature.json');
  });

  it('refuses malformed JSON and wrong field types in the manifest', async () => {
    writePackage(dir);
    writeFileSync(join(dir, 'assay-package.json'), '{"format": ');
    await assertFails(() => loadPackage(dir), 'PACKAGE_INVALID', join(dir, 'assay-package.json'), 'not valid JSON');
    writePackage(dir, { manifest: { ...baseManifest(), features: 'age' } });
    await assertFails(() => loadPackage(dir), 'PACKAGE_INVALID', 'features: ', '"age"');
  });

  it('refuses --manifest and ignores the synthesis options (with a warning) for an assay package', async () => {
    writePackage(dir);
    await assertFails(() => loadPackage(dir, { manifestPath: 'x.json' }), 'BAD_ARGUMENT', '--manifest');
    const pkg = await loadPackage(dir, { threshold: 0.7, id: 'other' });
    assert.equal(pkg.manifest.threshold, 0.5);
    assert.ok(pkg.warnings.some((w) => w.includes('--id, --threshold were ignored')));
  });

  it('refuses a reference data file that is neither CSV nor Parquet', async () => {
    writePackage(dir, { manifest: { ...baseManifest(), reference_data: { file: 'ref.xlsx' } }, files: { 'model.onnx': bytesOf(creditModel()), 'ref.xlsx': 'x', 'MODEL_CARD.md': '#' } });
    await assertFails(() => loadPackage(dir), 'PACKAGE_INVALID', '"ref.xlsx"', 'CSV or Parquet');
  });
});

describe('loadPackage: ONNX checks', () => {
  it('refuses a truncated model (its first 100 bytes)', async () => {
    withModel(bytesOf(creditModel()).subarray(0, 100));
    await assertFails(() => loadPackage(dir), 'MODEL_INVALID', 'model.onnx', 'truncated');
  });

  it('refuses bytes that are not ONNX', async () => {
    withModel(new TextEncoder().encode('this is plainly not an ONNX model, just some text in a file'));
    await assertFails(() => loadPackage(dir), 'MODEL_INVALID', 'model.onnx');
  });

  it('refuses an unsupported opset naming domain and version', async () => {
    withModel(bytesOf(creditModel({ opsets: [{ domain: '', version: 6 }, { domain: 'ai.onnx.ml', version: 1 }] })));
    await assertFails(() => loadPackage(dir), 'MODEL_UNSUPPORTED', 'model.onnx', 'ai.onnx opset 6', '7 to 23');
  });

  it('refuses external tensor data inside the package as unsupported', async () => {
    const model = creditModel();
    model.graph!.initializer = [{ name: 'oh_shape', dataType: 7, dims: [2], dataLocation: 1, externalData: [{ key: 'location', value: 'weights.bin' }] }];
    withModel(bytesOf(model));
    await assertFails(() => loadPackage(dir), 'MODEL_UNSUPPORTED', '"oh_shape"', '"weights.bin"', 'external tensor data is not supported');
  });

  it('refuses external tensor data outside the package as an unsafe path', async () => {
    const model = creditModel();
    model.graph!.initializer = [{ name: 'oh_shape', dataType: 7, dims: [2], dataLocation: 1, externalData: [{ key: 'location', value: '../../etc/weights.bin' }] }];
    withModel(bytesOf(model));
    await assertFails(() => loadPackage(dir), 'UNSAFE_PATH', '"oh_shape"', '"../../etc/weights.bin"');
  });
});

describe('loadPackage: manifest against graph', () => {
  const features = (f: Record<string, unknown>[]): Record<string, unknown> => ({ ...baseManifest(), features: f });
  const standard = [{ name: 'age', type: 'numeric' }, { name: 'income', type: 'numeric' }, { name: 'purpose', type: 'categorical', levels: ['car'] }];

  it('refuses a feature that is not a graph input, naming it and the inputs', async () => {
    withModel(bytesOf(creditModel()), features([{ name: 'Age', type: 'numeric' }, ...standard.slice(1)]));
    await assertFails(() => loadPackage(dir), 'PACKAGE_MISMATCH', '"Age"', '"age" tensor(float)[?,1]');
  });

  it('refuses a categorical feature whose input is not a string tensor', async () => {
    withModel(bytesOf(creditModel()), features([{ name: 'age', type: 'categorical', levels: ['a'] }, ...standard.slice(1)]));
    await assertFails(() => loadPackage(dir), 'PACKAGE_MISMATCH', '"age"', 'tensor(string)', 'tensor(float)[?,1]');
  });

  it('refuses a numeric feature whose input is a string tensor', async () => {
    withModel(bytesOf(creditModel()), features([...standard.slice(0, 2), { name: 'purpose', type: 'numeric' }]));
    await assertFails(() => loadPackage(dir), 'PACKAGE_MISMATCH', '"purpose"', 'numeric', 'tensor(string)[?,1]');
  });

  it('accepts a double input for a numeric feature', async () => {
    withModel(bytesOf(creditModel({ ageType: DOUBLE })));
    assert.equal((await loadPackage(dir)).graph.inputs[0].elemType, 'float64');
  });

  it('refuses a column input whose shape is not [N,1]', async () => {
    const model = creditModel();
    model.graph!.input![1] = valueInfo('income', FLOAT, [null, 2]);
    withModel(bytesOf(model));
    await assertFails(() => loadPackage(dir), 'PACKAGE_MISMATCH', '"income"', '[?,2]', '[N,1]');
  });

  it('refuses a graph input that is not a feature', async () => {
    withModel(bytesOf(creditModel()), features(standard.slice(0, 2)));
    await assertFails(() => loadPackage(dir), 'PACKAGE_MISMATCH', '"purpose" tensor(string)[?,1]', 'features');
  });

  it('lets protected attributes be absent from the inputs', async () => {
    withModel(bytesOf(creditModel()), { ...baseManifest(), protected_attributes: [{ name: 'sex' }, { name: 'age_group' }] });
    assert.equal((await loadPackage(dir)).manifest.protected_attributes.length, 2);
  });

  it('refuses an output that does not exist, naming the outputs', async () => {
    withModel(bytesOf(creditModel()), { ...baseManifest(), output: { name: 'probs', index: 1 } });
    await assertFails(() => loadPackage(dir), 'PACKAGE_MISMATCH', '"probs"', '"label" tensor(int64)[?]', '"output_probability" tensor(float)[?,2]');
  });

  it('refuses an output index beyond the output width', async () => {
    withModel(bytesOf(creditModel()), { ...baseManifest(), output: { name: 'output_probability', index: 2 } });
    await assertFails(() => loadPackage(dir), 'PACKAGE_MISMATCH', 'output.index is 2', '"output_probability"', 'below 2');
  });

  it('refuses a label output as the score', async () => {
    withModel(bytesOf(creditModel()), { ...baseManifest(), output: { name: 'label', index: 0 } });
    await assertFails(() => loadPackage(dir), 'PACKAGE_MISMATCH', '"label"', 'tensor(int64)[?]', 'not a probability tensor');
  });

  it('refuses an output that stays a sequence of maps', async () => {
    const model = creditModel();
    model.graph!.node!.push({ opType: 'Identity', domain: '', input: ['output_probability'], output: ['copy'] });
    withModel(bytesOf(model));
    await assertFails(() => loadPackage(dir), 'MODEL_UNSUPPORTED', '"output_probability"', 'seq(map(int64,tensor(float)))');
  });

  const matrix = (width: number, name = 'float_input'): Record<string, unknown> => ({
    ...baseManifest(),
    features: Array.from({ length: width }, (_, i) => ({ name: `f${i}`, type: 'numeric' })),
    input: { layout: 'matrix', name },
    output: { name: 'probabilities', index: 1 },
  });

  it('loads a matrix-layout package', async () => {
    withModel(bytesOf(matrixModel()), matrix(3));
    const pkg = await loadPackage(dir);
    assert.deepEqual(pkg.manifest.input, { layout: 'matrix', name: 'float_input', unknown_value: -1 });
  });

  it('refuses a matrix whose width differs from the number of features', async () => {
    withModel(bytesOf(matrixModel()), matrix(4));
    await assertFails(() => loadPackage(dir), 'PACKAGE_MISMATCH', '"float_input"', '[N,3]', '4 features');
  });

  it('refuses a matrix input name the graph does not have', async () => {
    withModel(bytesOf(matrixModel()), matrix(3, 'X'));
    await assertFails(() => loadPackage(dir), 'PACKAGE_MISMATCH', '"X"', '"float_input" tensor(float)[N,3]');
  });

  it('refuses a string matrix input', async () => {
    const model = matrixModel();
    model.graph!.input = [valueInfo('float_input', STRING, ['N', 3])];
    withModel(bytesOf(model), matrix(3));
    await assertFails(() => loadPackage(dir), 'PACKAGE_MISMATCH', '"float_input"', 'tensor(string)[N,3]', 'numeric');
  });

  it('summarises the runtime graph', async () => {
    withModel(bytesOf(creditModel()));
    const pkg = await loadPackage(dir);
    assert.deepEqual(pkg.graph, summariseGraph(pkg.runtimeModel));
  });
});
