import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { AssayService } from '../../../src/api/service.ts';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp.ts';
import { copyPackage, demoPackage } from '../../helpers/demo-paths.ts';
import { ortScores, ortSpecOf, parseReferenceCsv } from '../../../fixtures/lib/index.ts';

const dir = tempDir();
const owner = { user: 'olga', role: 'owner' as const };

async function newCase(name: string): Promise<string> {
  const path = join(dir, `${name}.assay`);
  assert.equal((await cli('case', 'create', path)).code, 0);
  return path;
}

function zipFolder(folder: string, out: string, prefix = ''): string {
  const entries: Record<string, Uint8Array> = {};
  for (const f of readdirSync(folder)) entries[`${prefix}${f}`] = readFileSync(join(folder, f));
  writeFileSync(out, zipSync(entries, { mtime: new Date('2025-01-01T00:00:00Z') }));
  return out;
}

test('package import of an assay-package folder prints its ref, stores every file, and records a smoke test', async () => {
  const c = await newCase('folder');
  const text = await cli('package', 'import', c, demoPackage('credit-logreg'));
  assert.equal(text.code, 0, text.stderr);
  assert.equal(text.stdout.split('\n')[0], 'credit-logreg@1.0.0');
  const show = (await cli('package', 'show', c, 'credit-logreg@1.0.0', '--json')).json();
  const manifest = JSON.parse(readFileSync(join(demoPackage('credit-logreg'), 'assay-package.json'), 'utf8'));
  for (const [file, sha] of Object.entries(manifest.files)) {
    assert.equal(show.files.find((f: { path: string }) => f.path === file)?.sha256, sha, file);
  }
  assert.equal(show.modelSha256, manifest.files['model.onnx']);
  assert.equal(show.smokeTest.rows, 200);
  assert.equal(show.graphSummary.producerName, 'assay-fixtures');
  assert.ok(show.graphSummary.operators.some((o: { opType: string }) => o.opType === 'LinearClassifier'));
  assert.match(show.card, /^# /);
});

test('package import of a zip, with and without a top-level folder', async () => {
  const c = await newCase('zip');
  const flat = await cli('package', 'import', c, zipFolder(demoPackage('credit-gbm'), join(dir, 'gbm.zip')), '--json');
  assert.equal(flat.code, 0, flat.stdout);
  assert.equal(flat.json().ref, 'credit-gbm@1.0.0');
  assert.equal(flat.json().sourceKind, 'assay-package-zip');
  const nested = await cli('package', 'import', c, zipFolder(demoPackage('credit-mlp'), join(dir, 'mlp.zip'), 'credit-mlp/'), '--json');
  assert.equal(nested.code, 0, nested.stdout);
  assert.equal(nested.json().ref, 'credit-mlp@1.0.0');
});

test('a ZipMap model is rewritten on import, the rewrite is in the lineage, and it scores as the plain model does', async () => {
  const c = await newCase('zipmap');
  const r = (await cli('package', 'import', c, demoPackage('credit-logreg-zipmap'), '--json')).json();
  assert.equal(r.rewrites.length, 1);
  assert.equal(r.rewrites[0].kind, 'zipmap-removed');
  assert.equal((await cli('package', 'import', c, demoPackage('credit-logreg'))).code, 0);
  const show = (await cli('package', 'show', c, 'credit-logreg-zipmap@1.0.0', '--json')).json();
  assert.equal(show.lineage.assay_import.rewrites[0].output, 'output_probability');
  const s = new AssayService(c);
  const zipmap = await s.call('package.scoreReference', { ref: 'credit-logreg-zipmap@1.0.0' }, owner);
  const plain = await s.call('package.scoreReference', { ref: 'credit-logreg@1.0.0' }, owner);
  await s.close();
  assert.deepEqual(zipmap.scores, plain.scores);
});

test('scoring the reference data through the case equals scoring it with onnxruntime-node directly', async () => {
  const c = await newCase('equal');
  const s = new AssayService(c);
  for (const id of ['credit-logreg', 'credit-gbm', 'credit-mlp']) {
    const ref = `${id}@1.0.0`;
    await s.call('package.import', { path: demoPackage(id) }, owner);
    const ours = await s.call('package.scoreReference', { ref }, owner);
    const manifest = JSON.parse(readFileSync(join(demoPackage(id), 'assay-package.json'), 'utf8'));
    const rows = parseReferenceCsv(readFileSync(join(demoPackage(id), 'reference.csv'), 'utf8')).map((r) => r.applicant);
    const direct = await ortScores(readFileSync(join(demoPackage(id), 'model.onnx')), ortSpecOf(manifest), rows);
    assert.equal(ours.rows, rows.length, id);
    assert.deepEqual(ours.scores, Array.from(direct), `${id}: identical to the last bit`);
  }
  await s.close();
});

test('an MLflow model folder (onnx flavor with a column signature) imports with its run recorded in the lineage', async () => {
  const folder = join(dir, 'mlflow-model');
  mkdirSync(folder);
  writeFileSync(join(folder, 'model.onnx'), readFileSync(join(demoPackage('credit-logreg'), 'model.onnx')));
  const manifest = JSON.parse(readFileSync(join(demoPackage('credit-logreg'), 'assay-package.json'), 'utf8'));
  const inputs = manifest.features.map((f: { name: string; type: string }) => ({ name: f.name, type: f.type === 'numeric' ? 'double' : 'string' }));
  writeFileSync(join(folder, 'MLmodel'), [
    'artifact_path: model',
    'flavors:',
    '  onnx:',
    '    onnx_model: model.onnx',
    '    onnx_version: 1.17.0',
    'model_uuid: 5a1f0e0c7d2b4c5e9f1a2b3c4d5e6f70',
    'run_id: 0123456789abcdef0123456789abcdef',
    'utc_time_created: "2025-06-01 12:00:00.000000"',
    'signature:',
    `  inputs: '${JSON.stringify(inputs)}'`,
    `  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 2]}}]'`,
    '',
  ].join('\n'));
  const c = await newCase('mlflow');
  const r = await cli('package', 'import', c, folder, '--id', 'credit-mlflow', '--version', '3', '--protected', 'sex=male', '--json');
  assert.equal(r.code, 0, r.stdout);
  assert.equal(r.json().ref, 'credit-mlflow@3');
  assert.equal(r.json().sourceKind, 'mlflow');
  const show = (await cli('package', 'show', c, 'credit-mlflow@3', '--json')).json();
  assert.equal(show.lineage.mlflow.run_id, '0123456789abcdef0123456789abcdef');
  assert.deepEqual(show.manifest.features.map((f: { name: string }) => f.name), manifest.features.map((f: { name: string }) => f.name));
  const levels = show.manifest.features.find((f: { name: string }) => f.name === 'purpose').levels;
  assert.deepEqual([...levels].sort(), [...manifest.features.find((f: { name: string }) => f.name === 'purpose').levels].sort(), 'levels traced from the OneHotEncoder');
});

test('a bare .onnx imports with ids from its metadata, or from --id/--version', async () => {
  const c = await newCase('bare');
  const file = join(dir, 'model.onnx');
  writeFileSync(file, readFileSync(join(demoPackage('credit-logreg'), 'model.onnx')));
  const r = await cli('package', 'import', c, file, '--json');
  assert.equal(r.code, 0, r.stdout);
  assert.equal(r.json().ref, 'credit-logreg@1.0.0');
  assert.equal(r.json().sourceKind, 'onnx');
  const again = await cli('package', 'import', c, file, '--id', 'credit-bare', '--version', '2', '--threshold', '0.6', '--json');
  assert.equal(again.code, 0, again.stdout);
  assert.equal(again.json().ref, 'credit-bare@2');
  assert.equal(again.json().smokeTest, null, 'no reference data, no smoke test');
  const show = (await cli('package', 'show', c, 'credit-bare@2', '--json')).json();
  assert.equal(show.manifest.threshold, 0.6);
});

test('package verify exits 0 on the demo packages and 1 on a changed file, naming it', async () => {
  assert.equal((await cli('package', 'verify', demoPackage('credit-gbm'))).code, 0);
  const copy = copyPackage('credit-gbm', dir, 'verify-copy');
  writeFileSync(join(copy, 'reference.csv'), `${readFileSync(join(copy, 'reference.csv'), 'utf8')}\n`);
  const r = await cli('package', 'verify', copy, '--json');
  assert.equal(r.code, 1);
  const v = r.json();
  assert.equal(v.ok, false);
  assert.equal(v.files.find((f: { path: string }) => f.path === 'reference.csv').status, 'mismatch');
});
