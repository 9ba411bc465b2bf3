import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { loadPackage } from '../../../src/packages/index.ts';
import { sha256Hex } from '../../../src/util/hash.ts';
import { assertFails } from './helpers/assert-error.ts';
import { attr, bytesOf, creditModel, LEVELS, matrixModel, valueInfo, FLOAT } from './helpers/onnx-models.ts';
import { tempDir } from './helpers/package-dir.ts';

let dir = '';
let cleanup = (): void => {};
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('loadPackage: a bare .onnx file', () => {
  it('names the package from model_id / model_version metadata and reads the features from the graph', async () => {
    const bytes = bytesOf(creditModel({ metadata: { model_id: 'credit', model_version: '2.0' } }));
    const path = write('credit.onnx', bytes);
    const pkg = await loadPackage(path);
    assert.equal(pkg.sourceKind, 'onnx');
    assert.equal(pkg.sourcePath, path);
    assert.equal(pkg.ref, 'credit@2.0');
    assert.deepEqual(pkg.manifest.features, [{ name: 'age', type: 'numeric' }, { name: 'income', type: 'numeric' }, { name: 'purpose', type: 'categorical', levels: LEVELS }]);
    assert.deepEqual(pkg.manifest.output, { name: 'output_probability', index: 1 });
    assert.equal(pkg.manifest.model.file, 'credit.onnx');
    assert.deepEqual(pkg.files.map((f) => f.path), ['assay-package.json', 'credit.onnx']);
    assert.equal(pkg.modelSha256, sha256Hex(bytes));
    assert.deepEqual(pkg.manifest.files, { 'credit.onnx': sha256Hex(bytes) });
    assert.equal(pkg.verification.ok, true);
    assert.deepEqual(pkg.verification.files, [{ path: 'credit.onnx', expected: sha256Hex(bytes), actual: sha256Hex(bytes), status: 'ok' }]);
    assert.equal((pkg.lineage.onnx as { producer_name: string }).producer_name, 'skl2onnx');
    assert.ok(!pkg.warnings.some((w) => w.includes('metadata')));
  });

  it('refuses a model without ids, asking for --id and --version', async () => {
    const path = write('anon.onnx', bytesOf(creditModel()));
    await assertFails(() => loadPackage(path), 'PACKAGE_INVALID', path, 'model_id and model_version', '--id and --version');
  });

  it('takes the ids from the options, which win over the metadata with a warning', async () => {
    const path = write('anon.onnx', bytesOf(creditModel({ metadata: { model_version: '1' } })));
    assert.equal((await loadPackage(path, { id: 'anon', version: '9' })).ref, 'anon@9');
    const pkg = await loadPackage(path, { id: 'anon', version: '9' });
    assert.ok(pkg.warnings.some((w) => w.includes('--version 9 replaces the model_version metadata "1"')));
    assert.equal((await loadPackage(path, { id: 'anon' })).ref, 'anon@1');
    await assertFails(() => loadPackage(path, { version: '9' }), 'PACKAGE_INVALID', 'no model_id in', 'Give --id');
  });

  it('refuses invalid option values with BAD_ARGUMENT', async () => {
    const path = write('m.onnx', bytesOf(creditModel()));
    await assertFails(() => loadPackage(path, { id: 'a b', version: '1' }), 'BAD_ARGUMENT', '--id', '"a b"');
    await assertFails(() => loadPackage(path, { id: 'a', version: '1', threshold: 2 }), 'BAD_ARGUMENT', '--threshold', '2');
    await assertFails(() => loadPackage(path, { id: 'a', version: '1', outputName: 'nope' }), 'BAD_ARGUMENT', '"nope"', '"label"');
    await assertFails(() => loadPackage(path, { id: 'a', version: '1', positiveClass: 'yes' }), 'BAD_ARGUMENT', '"yes"', '0, 1');
  });

  it('names matrix columns from feature_names metadata, else x0..', async () => {
    const named = write('named.onnx', bytesOf(matrixModel({ metadata: { model_id: 'm', model_version: '1', feature_names: '["age","income","debt"]' } })));
    const pkg = await loadPackage(named);
    assert.deepEqual(pkg.manifest.features.map((f) => f.name), ['age', 'income', 'debt']);
    assert.deepEqual(pkg.manifest.input, { layout: 'matrix', name: 'float_input', unknown_value: -1 });
    const anon = write('anon.onnx', bytesOf(matrixModel({ metadata: { model_id: 'm', model_version: '1' } })));
    const pkg2 = await loadPackage(anon);
    assert.deepEqual(pkg2.manifest.features.map((f) => f.name), ['x0', 'x1', 'x2']);
    assert.ok(pkg2.warnings.some((w) => w.includes('x0..x2')));
  });

  it('refuses a matrix input of unknown width, asking for --manifest', async () => {
    const path = write('m.onnx', bytesOf(matrixModel({ width: 'M', metadata: { model_id: 'm', model_version: '1' } })));
    await assertFails(() => loadPackage(path), 'PACKAGE_INVALID', '"float_input"', '--manifest');
  });

  it('refuses an input of a type features cannot have', async () => {
    const model = creditModel({ metadata: { model_id: 'm', model_version: '1' } });
    model.graph!.input![0] = valueInfo('age', 9, [null, 1]);
    const path = write('m.onnx', bytesOf(model));
    await assertFails(() => loadPackage(path), 'PACKAGE_INVALID', '"age"', 'tensor(bool)[?,1]', '--manifest');
  });

  it('picks the positive column from string class labels', async () => {
    const model = creditModel({ metadata: { model_id: 'm', model_version: '1' } });
    model.graph!.node!.find((n) => n.opType === 'ZipMap')!.attribute = [attr.strings('classlabels_strings', ['bad', 'good'])];
    const pkg = await loadPackage(write('m.onnx', bytesOf(model)), { positiveClass: 'bad' });
    assert.deepEqual(pkg.manifest.output, { name: 'output_probability', index: 0 });
    assert.equal(pkg.manifest.positive_class, 'bad');
    const pkg2 = await loadPackage(join(dir, 'm.onnx'));
    assert.equal(pkg2.manifest.positive_class, 'good');
    assert.ok(pkg2.warnings.some((w) => w.includes('"good" is positive')));
  });

  it('uses column 0 of a single-column output', async () => {
    const model = matrixModel({ metadata: { model_id: 'm', model_version: '1' } });
    model.graph!.node!.push({ opType: 'Slice', input: ['probabilities', 's', 'e', 'a'], output: ['p1'] });
    model.graph!.output = [valueInfo('p1', FLOAT, [null, 1])];
    const pkg = await loadPackage(write('m.onnx', bytesOf(model)));
    assert.deepEqual(pkg.manifest.output, { name: 'p1', index: 0 });
  });

  it('refuses a truncated and a non-ONNX file, naming it', async () => {
    const truncated = write('t.onnx', bytesOf(creditModel()).subarray(0, 100));
    await assertFails(() => loadPackage(truncated), 'MODEL_INVALID', 't.onnx');
    const text = write('notes.onnx', new TextEncoder().encode('hello, I am not a model'));
    await assertFails(() => loadPackage(text), 'MODEL_INVALID', 'notes.onnx');
  });

  it('refuses an unsupported opset', async () => {
    const path = write('m.onnx', bytesOf(creditModel({ opsets: [{ domain: '', version: 13 }, { domain: 'ai.onnx.ml', version: 6 }] })));
    await assertFails(() => loadPackage(path), 'MODEL_UNSUPPORTED', 'ai.onnx.ml opset 6');
  });
});
