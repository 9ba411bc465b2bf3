import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import { prepareExplainer, treePredict, matrixEncoder, type ExplainerConfig, type TreeData, type TreeEnsemble } from '../../../src/explain/index.ts';
import { batchPredict, sigmoid } from './helpers.ts';

// one tree on two features: a <= 1 ? (b <= 0 ? -1 : 0.5) : 1.2
const tree: TreeData = {
  modes: ['BRANCH_LEQ', 'BRANCH_LEQ', 'LEAF', 'LEAF', 'LEAF'], features: [0, 1, 0, 0, 0], thresholds: [1, 0, 0, 0, 0],
  trueChildren: [1, 2, 0, 0, 0], falseChildren: [4, 3, 0, 0, 0], missingTracksTrue: [false, false, false, false, false], values: [0, 0, -1, 0.5, 1.2],
};
const ensemble: TreeEnsemble = { featureCount: 2, float32Inputs: false, base: 0.1, transform: 'logistic', trees: [tree] };
const features = [{ name: 'a', type: 'numeric' as const }, { name: 'b', type: 'numeric' as const }];
const layout = { features, unknownValue: -1 };
const background = [{ a: 0, b: -1 }, { a: 2, b: 1 }, { a: 0.5, b: 3 }];
const x = { a: 0.2, b: 5 };

function config(extra: Partial<ExplainerConfig>): ExplainerConfig {
  return { features, background, predict: treePredict(ensemble, matrixEncoder(layout)), output: 'logodds', method: 'auto', seed: 0, trees: { ensemble, layout }, ...extra };
}

test('auto uses TreeSHAP when the trees reproduce the model, and agrees with exact', async () => {
  const tree = await (await prepareExplainer(config({}))).explain(x);
  const exact = await (await prepareExplainer(config({ method: 'exact' }))).explain(x);
  assert.equal(tree.algorithm, 'tree-shap');
  assert.equal(exact.algorithm, 'exact');
  assert.ok(Math.abs(tree.values.a! - exact.values.a!) < 1e-9 && Math.abs(tree.values.b! - exact.values.b!) < 1e-9);
  assert.ok(Math.abs(tree.score - sigmoid(0.1 + 0.5)) < 1e-15);
});

test('trees that do not reproduce the model are not used: auto falls back with the reason, --method tree fails', async () => {
  const other = batchPredict(() => 0.5);
  const auto = await prepareExplainer(config({ predict: other }));
  assert.equal(auto.algorithm, 'exact');
  assert.ok(auto.warnings[0]?.includes("differ from ONNX Runtime's scores"));
  await assert.rejects(prepareExplainer(config({ predict: other, method: 'tree' })), (e: unknown) => e instanceof AssayError && e.code === 'MODEL_UNSUPPORTED');
});

test('an unreadable ensemble is reported: a warning under auto, an error under --method tree', async () => {
  const reason = 'its post_transform is PROBIT (TreeSHAP handles NONE and LOGISTIC)';
  const auto = await prepareExplainer(config({ trees: { unsupported: reason } }));
  assert.equal(auto.method, 'exact');
  assert.deepEqual(auto.warnings, [`TreeSHAP was not used: ${reason}.`]);
  await assert.rejects(prepareExplainer(config({ trees: { unsupported: reason }, method: 'tree' })), (e: unknown) => e instanceof AssayError && e.message.includes('PROBIT'));
  const wide = await prepareExplainer(config({ trees: { ensemble: { ...ensemble, featureCount: 3 }, layout } }));
  assert.ok(wide.warnings[0]?.includes('3 input columns'));
});

test('KernelSHAP through the prepared explainer takes its sample count and seed', async () => {
  const r = await (await prepareExplainer(config({ method: 'kernel', nsamples: 2 }))).explain(x);
  assert.equal(r.method, 'kernel');
  assert.equal(r.nsamples, 2);
  assert.ok(r.additivityError < 1e-12);
});
