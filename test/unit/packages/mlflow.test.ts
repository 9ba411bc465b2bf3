import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { loadPackage } from '../../../src/packages/index.ts';
import { sha256Hex } from '../../../src/util/hash.ts';
import { assertFails } from './helpers/assert-error.ts';
import { bytesOf, creditModel, LEVELS, matrixModel } from './helpers/onnx-models.ts';
import { baseManifest, tempDir, writeFiles } from './helpers/package-dir.ts';

const RUN_ID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

function mlmodel(signature: string | null, flavors = 'onnx:\n    onnx_version: 1.16.0\n    data: model.onnx\n    providers: [CPUExecutionProvider]\n'): string {
  return [
    'artifact_path: model',
    'flavors:',
    `  ${flavors}`,
    '  python_function:\n    data: model.onnx\n    loader_module: mlflow.onnx',
    'mlflow_version: 2.14.1',
    'model_uuid: 5f0c3e2d9a8b4c7d',
    `run_id: ${RUN_ID}`,
    ...(signature === null ? [] : ['signature:', `  inputs: '${signature}'`, '  outputs: null']),
    "utc_time_created: '2024-05-02 10:11:12.000000'",
    '',
  ].join('\n');
}

const COLUMNS = '[{"type": "float", "name": "age", "required": true}, {"type": "float", "name": "income", "required": true}, {"type": "string", "name": "purpose", "required": true}]';

let root = '';
let dir = '';
let cleanup = (): void => {};
beforeEach(() => {
  ({ dir: root, cleanup } = tempDir());
  dir = join(root, 'credit-model');
});
afterEach(() => cleanup());

describe('loadPackage: an MLflow model folder', () => {
  it('synthesises the manifest from the signature and the graph', async () => {
    writeFiles(dir, { MLmodel: mlmodel(COLUMNS), 'model.onnx': bytesOf(creditModel()), 'requirements.txt': 'onnx\n' });
    const pkg = await loadPackage(dir);
    assert.equal(pkg.sourceKind, 'mlflow');
    assert.equal(pkg.ref, `credit-model@${RUN_ID}`);
    const m = pkg.manifest;
    assert.deepEqual(m.features, [{ name: 'age', type: 'numeric' }, { name: 'income', type: 'numeric' }, { name: 'purpose', type: 'categorical', levels: LEVELS }]);
    assert.deepEqual(m.input, { layout: 'columns' });
    assert.deepEqual(m.output, { name: 'output_probability', index: 1 });
    assert.equal(m.positive_class, 1);
    assert.equal(m.threshold, 0.5);
    assert.equal(m.favorable_outcome, 1);
    assert.equal(m.model.file, 'model.onnx');
    assert.deepEqual(Object.keys(m.files).sort(), ['MLmodel', 'model.onnx', 'requirements.txt']);
    assert.equal(m.files['model.onnx'], pkg.modelSha256);
    for (const w of ['positive class', 'threshold', 'favorable outcome', 'folder name', 'run_id', '"output_probability"']) {
      assert.ok(pkg.warnings.some((x) => x.includes(w)), `a warning should mention ${w}: ${pkg.warnings.join(' | ')}`);
    }
    const mlflow = pkg.lineage.mlflow as Record<string, unknown>;
    assert.equal(mlflow.run_id, RUN_ID);
    assert.equal(mlflow.model_uuid, '5f0c3e2d9a8b4c7d');
    assert.equal(mlflow.utc_time_created, '2024-05-02 10:11:12.000000');
    assert.deepEqual(Object.keys(mlflow.flavors as object), ['onnx', 'python_function']);
    assert.ok(pkg.lineage.assay_import);
    const manifestFile = pkg.files.find((f) => f.path === 'assay-package.json')!;
    assert.deepEqual(JSON.parse(new TextDecoder().decode(manifestFile.bytes)), m);
    assert.equal(manifestFile.sha256, sha256Hex(manifestFile.bytes));
  });

  it('takes id, version and decision settings from the options without warnings for them', async () => {
    writeFiles(dir, { MLmodel: mlmodel(COLUMNS), 'model.onnx': bytesOf(creditModel()) });
    const pkg = await loadPackage(dir, { id: 'credit', version: '3.1', positiveClass: 0, threshold: 0.4, favorable: 0, protected: ['sex=female', 'age_group'] });
    assert.equal(pkg.ref, 'credit@3.1');
    assert.deepEqual(pkg.manifest.output, { name: 'output_probability', index: 0 });
    assert.equal(pkg.manifest.positive_class, 0);
    assert.equal(pkg.manifest.threshold, 0.4);
    assert.equal(pkg.manifest.favorable_outcome, 0);
    assert.deepEqual(pkg.manifest.protected_attributes, [{ name: 'sex', reference: 'female' }, { name: 'age_group' }]);
    assert.ok(!pkg.warnings.some((w) => /positive class|threshold|favorable|folder name/.test(w)), pkg.warnings.join(' | '));
  });

  it('prefers the registered model name and version', async () => {
    writeFiles(dir, { MLmodel: mlmodel(COLUMNS), 'model.onnx': bytesOf(creditModel()), registered_model_meta: 'model_name: Credit Scorer\nmodel_version: "7"\n' });
    assert.equal((await loadPackage(dir)).ref, 'Credit-Scorer@7');
  });

  it('uses the matrix layout when the columns feed a single matrix input', async () => {
    const sig = '[{"type": "double", "name": "a"}, {"type": "double", "name": "b"}, {"type": "long", "name": "c"}]';
    writeFiles(dir, { MLmodel: mlmodel(sig), 'model.onnx': bytesOf(matrixModel({ zipMap: true })) });
    const pkg = await loadPackage(dir);
    assert.deepEqual(pkg.manifest.input, { layout: 'matrix', name: 'float_input', unknown_value: -1 });
    assert.deepEqual(pkg.manifest.features.map((f) => f.name), ['a', 'b', 'c']);
  });

  it('reads the features from the graph for a tensor-spec signature', async () => {
    const sig = '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}}]';
    writeFiles(dir, { MLmodel: mlmodel(sig), 'model.onnx': bytesOf(matrixModel()) });
    const pkg = await loadPackage(dir);
    assert.deepEqual(pkg.manifest.features.map((f) => f.name), ['x0', 'x1', 'x2']);
    assert.deepEqual(pkg.manifest.output, { name: 'probabilities', index: 1 });
    assert.ok(pkg.warnings.some((w) => w.includes('tensor spec')));
  });

  it('refuses an MLflow model without the onnx flavor, naming its flavors', async () => {
    writeFiles(dir, { MLmodel: mlmodel(COLUMNS, 'sklearn:\n    pickled_model: model.pkl\n'), 'model.pkl': 'x' });
    await assertFails(() => loadPackage(dir), 'PACKAGE_INVALID', dir, 'no onnx flavor', 'sklearn, python_function');
  });

  it('refuses an onnx flavor whose model file is missing', async () => {
    writeFiles(dir, { MLmodel: mlmodel(COLUMNS) });
    await assertFails(() => loadPackage(dir), 'PACKAGE_INVALID', '"model.onnx"', 'no such file');
  });

  it('refuses a string column whose categories the graph does not list, asking for --manifest', async () => {
    const model = creditModel();
    model.graph!.node![0].attribute = [];
    writeFiles(dir, { MLmodel: mlmodel(COLUMNS), 'model.onnx': bytesOf(model) });
    await assertFails(() => loadPackage(dir), 'PACKAGE_INVALID', '"purpose"', '--manifest');
  });

  it('refuses a signature column that is not a graph input', async () => {
    writeFiles(dir, { MLmodel: mlmodel(COLUMNS.replace('"income"', '"salary"')), 'model.onnx': bytesOf(creditModel()) });
    await assertFails(() => loadPackage(dir), 'PACKAGE_MISMATCH', '"salary"', '"income"');
  });

  it('refuses an unsupported column type and malformed YAML', async () => {
    writeFiles(dir, { MLmodel: mlmodel('[{"type": "datetime", "name": "age"}]'), 'model.onnx': bytesOf(creditModel()) });
    await assertFails(() => loadPackage(dir), 'PACKAGE_INVALID', '"age"', '"datetime"');
    writeFileSync(join(dir, 'MLmodel'), 'flavors: [unclosed\n');
    await assertFails(() => loadPackage(dir), 'PACKAGE_INVALID', 'MLmodel', 'YAML');
  });

  it('uses the manifest given with --manifest instead of synthesising one', async () => {
    writeFiles(dir, { MLmodel: mlmodel(COLUMNS), 'model.onnx': bytesOf(creditModel()) });
    const manifest = { ...baseManifest(), model: { file: 'credit.onnx' }, reference_data: undefined, card: undefined, threshold: 0.3 };
    writeFileSync(join(root, 'm.json'), JSON.stringify(manifest));
    const pkg = await loadPackage(dir, { manifestPath: join(root, 'm.json'), threshold: 0.9 });
    assert.equal(pkg.ref, 'credit-logreg@1.0.0');
    assert.equal(pkg.manifest.threshold, 0.3);
    assert.equal(pkg.manifest.model.file, 'model.onnx');
    assert.ok(pkg.warnings.some((w) => w.includes('"credit.onnx"')));
    assert.ok(pkg.warnings.some((w) => w.includes('--threshold was ignored')));
  });

  it('checks the hashes a --manifest lists', async () => {
    writeFiles(dir, { MLmodel: mlmodel(COLUMNS), 'model.onnx': bytesOf(creditModel()) });
    const manifest = { ...baseManifest(), reference_data: undefined, card: undefined, files: { 'model.onnx': 'b'.repeat(64) } };
    writeFileSync(join(root, 'm.json'), JSON.stringify(manifest));
    await assertFails(() => loadPackage(dir, { manifestPath: join(root, 'm.json') }), 'HASH_MISMATCH', '"model.onnx"', 'b'.repeat(64));
    await assertFails(() => loadPackage(dir, { manifestPath: join(root, 'nope.json') }), 'NOT_FOUND', 'nope.json');
  });
});
