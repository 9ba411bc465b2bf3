import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { AssayError } from '../../../src/api/errors.ts';
import { chooseMethod, exactShapley, matrixEncoder, treePredict, TreeShapExplainer, type Predict, type Row } from '../../../src/explain/index.ts';
import { parseTreeEnsemble } from '../../../src/packages/index.ts';
import { Random } from '../../../src/util/random.ts';
import { FEATURES, parseReferenceCsv, TensorDataType } from '../../../fixtures/lib/index.ts';
import { ensembleModel, GRID, randomTree, type EnsembleSpec } from './tree-fixtures.ts';

const WIDTH = 4;
const NAMES = Array.from({ length: WIDTH }, (_, j) => `c${j}`);
const encode = matrixEncoder({ features: NAMES.map((name) => ({ name, type: 'numeric' })), unknownValue: -1 });
const asRow = (v: ArrayLike<number>, names = NAMES): Row => Object.fromEntries(names.map((n, j) => [n, v[j]!]));

function vectors(seed: number, count: number, width = WIDTH): number[][] {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => Array.from({ length: width }, () => (rng.next() < 0.15 ? Number.NaN : GRID[rng.int(GRID.length)]! + (rng.next() < 0.5 ? 0 : 0.5))));
}

async function ortScores(bytes: Uint8Array, rows: number[][], output: string, index: number, double = false): Promise<Float64Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const width = rows[0]!.length;
    const data = double ? Float64Array.from(rows.flat()) : Float32Array.from(rows.flat());
    const out = (await session.run({ input: new ort.Tensor(double ? 'float64' : 'float32', data, [rows.length, width]) }, [output]))[output]!;
    const cols = out.dims.length === 2 ? Number(out.dims[1]) : 1;
    return Float64Array.from({ length: rows.length }, (_, i) => Number((out.data as Float32Array)[i * cols + index]));
  } finally {
    await session.release();
  }
}

function trees(seed: number, count: number, positive = false) {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => randomTree(rng, 4, WIDTH, positive));
}

const CASES: { name: string; spec: EnsembleSpec; index: number }[] = [
  { name: 'classifier LOGISTIC, weights on class 0, one base value, column 1', spec: { op: 'TreeEnsembleClassifier', trees: trees(1, 8), width: WIDTH, postTransform: 'LOGISTIC', base: [0.2] }, index: 1 },
  { name: 'classifier LOGISTIC, weights on class 0, column 0', spec: { op: 'TreeEnsembleClassifier', trees: trees(2, 8), width: WIDTH, postTransform: 'LOGISTIC', base: [-0.3] }, index: 0 },
  { name: 'classifier NONE, positive weights on class 0, column 0', spec: { op: 'TreeEnsembleClassifier', trees: trees(3, 6, true), width: WIDTH, base: [0.1] }, index: 0 },
  { name: 'classifier NONE, mixed weights on class 0, column 0', spec: { op: 'TreeEnsembleClassifier', trees: trees(4, 6), width: WIDTH }, index: 0 },
  { name: 'classifier LOGISTIC, weights on both classes, column 1', spec: { op: 'TreeEnsembleClassifier', trees: trees(5, 6), width: WIDTH, postTransform: 'LOGISTIC', classIds: 'both', base: [0.4] }, index: 1 },
  { name: 'classifier NONE, weights on both classes, column 0', spec: { op: 'TreeEnsembleClassifier', trees: trees(6, 6, true), width: WIDTH, classIds: 'both', base: [0.4] }, index: 0 },
  { name: 'classifier LOGISTIC, weights on class 1, column 1', spec: { op: 'TreeEnsembleClassifier', trees: trees(7, 6), width: WIDTH, postTransform: 'LOGISTIC', classIds: 1, base: [0.5] }, index: 1 },
  { name: 'classifier v3 (*_as_tensor doubles, hitrates) on a double input, LOGISTIC', spec: { op: 'TreeEnsembleClassifier', trees: trees(8, 6), width: WIDTH, postTransform: 'LOGISTIC', base: [0.25], asTensor: true, inputType: TensorDataType.DOUBLE }, index: 1 },
  { name: 'classifier on a double input matrix', spec: { op: 'TreeEnsembleClassifier', trees: trees(9, 6), width: WIDTH, postTransform: 'LOGISTIC', inputType: TensorDataType.DOUBLE }, index: 1 },
  { name: 'regressor SUM with a base value (ONNX Runtime ignores LOGISTIC for one target)', spec: { op: 'TreeEnsembleRegressor', trees: trees(10, 6, true), width: WIDTH, base: [0.05], postTransform: 'LOGISTIC' }, index: 0 },
  { name: 'regressor AVERAGE', spec: { op: 'TreeEnsembleRegressor', trees: trees(11, 6, true), width: WIDTH, aggregate: 'AVERAGE' }, index: 0 },
];

for (const c of CASES) {
  test(`the parsed trees reproduce ONNX Runtime, NaN and every node mode included: ${c.name}`, async () => {
    const bytes = ensembleModel(c.spec);
    const output = c.spec.op === 'TreeEnsembleClassifier' ? 'probabilities' : 'variable';
    const ensemble = parseTreeEnsemble(bytes, { name: output, index: c.index });
    assert.ok(ensemble);
    const rows = vectors(50, 400);
    const ours = await treePredict(ensemble, encode)(rows.map((r) => asRow(r)));
    const theirs = await ortScores(bytes, rows, output, c.index, c.spec.inputType === TensorDataType.DOUBLE);
    let worst = 0;
    for (let i = 0; i < rows.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!));
    assert.ok(worst <= 1e-6, `largest difference from ONNX Runtime ${worst}`);
    assert.ok(new Set(Array.from(theirs)).size > 10, 'the fixture must spread its scores');
  });
}

test('TreeSHAP in the margin equals exact interventional Shapley on the ONNX fixtures (to 1e-6), and exact through ONNX Runtime (to 1e-4)', async () => {
  for (const c of [CASES[0]!, CASES[7]!, CASES[9]!]) {
    const bytes = ensembleModel(c.spec);
    const output = c.spec.op === 'TreeEnsembleClassifier' ? 'probabilities' : 'variable';
    const ensemble = parseTreeEnsemble(bytes, { name: output, index: c.index })!;
    const background = vectors(60, 20);
    const explainer = new TreeShapExplainer(ensemble, background);
    const space = explainer.space;
    const ortPredict: Predict = (rows) => ortScores(bytes, rows.map((r) => Array.from(encode(r))), output, c.index, c.spec.inputType === TensorDataType.DOUBLE);
    for (const x of vectors(61, 3)) {
      const tree = explainer.explain(x);
      const game = { features: NAMES, x: asRow(x), background: background.map((b) => asRow(b)), output: space };
      const exact = await exactShapley({ ...game, predict: treePredict(ensemble, encode) });
      const viaOrt = await exactShapley({ ...game, predict: ortPredict });
      NAMES.forEach((name, j) => {
        assert.ok(Math.abs(tree.phi[j]! - exact.values[name]!) <= 1e-6, `${c.name} ${name}: ${tree.phi[j]} vs ${exact.values[name]}`);
        assert.ok(Math.abs(tree.phi[j]! - viaOrt.values[name]!) <= 1e-4, `${c.name} ${name} via ONNX Runtime: ${tree.phi[j]} vs ${viaOrt.values[name]}`);
      });
    }
  }
});

test('the demo credit-gbm: parsed trees reproduce ONNX Runtime, and TreeSHAP in log-odds equals exact Shapley to 1e-6', async () => {
  const dir = 'fixtures/demo/packages/credit-gbm';
  const bytes = new Uint8Array(readFileSync(`${dir}/model.onnx`));
  const ensemble = parseTreeEnsemble(bytes, { name: 'probabilities', index: 1 })!;
  assert.equal(ensemble.trees.length, 100);
  assert.equal(ensemble.transform, 'logistic');
  const features = FEATURES.map((f) => ({ name: f.name, type: f.type, levels: f.type === 'categorical' ? f.levels : undefined }));
  const names = features.map((f) => f.name);
  const enc = matrixEncoder({ features, unknownValue: -1 });
  const reference = parseReferenceCsv(readFileSync(`${dir}/reference.csv`, 'utf8')).map((r) => r.applicant as Row);
  const vectorsOf = (rows: Row[]) => rows.map((r) => Array.from(enc(r)));
  const ours = await treePredict(ensemble, enc)(reference);
  const theirs = await ortScores(bytes, vectorsOf(reference), 'probabilities', 1);
  let worst = 0;
  for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!));
  assert.ok(worst <= 1e-6, `largest difference from ONNX Runtime ${worst}`);

  const background = reference.slice(0, 40);
  const explainer = new TreeShapExplainer(ensemble, vectorsOf(background));
  for (const x of reference.slice(100, 103)) {
    const tree = explainer.explain(enc(x));
    const exact = await exactShapley({ features: names, x, background, predict: treePredict(ensemble, enc), output: 'logodds' });
    names.forEach((name, j) => assert.ok(Math.abs(tree.phi[j]! - exact.values[name]!) <= 1e-6, `${name}: ${tree.phi[j]} vs ${exact.values[name]}`));
    assert.ok(Math.abs(tree.baseValue - exact.baseValue) <= 1e-6);
  }
});

const UNSUPPORTED: { name: string; spec: EnsembleSpec; mentions: string }[] = [
  { name: 'PROBIT', spec: { op: 'TreeEnsembleClassifier', trees: trees(20, 2), width: WIDTH, postTransform: 'PROBIT' }, mentions: 'PROBIT' },
  { name: 'SOFTMAX', spec: { op: 'TreeEnsembleClassifier', trees: trees(21, 2), width: WIDTH, postTransform: 'SOFTMAX' }, mentions: 'SOFTMAX' },
  { name: 'two base values', spec: { op: 'TreeEnsembleClassifier', trees: trees(22, 2), width: WIDTH, base: [0.1, 0.2] }, mentions: 'base_values' },
  { name: 'three classes', spec: { op: 'TreeEnsembleClassifier', trees: trees(23, 2), width: WIDTH, classes: 3 }, mentions: '3 classes' },
  { name: 'a Sigmoid after the ensemble', spec: { op: 'TreeEnsembleRegressor', trees: trees(24, 2), width: WIDTH, sigmoidAfter: true }, mentions: 'Sigmoid' },
  { name: 'MIN aggregation', spec: { op: 'TreeEnsembleRegressor', trees: trees(25, 2), width: WIDTH, aggregate: 'MIN' }, mentions: 'MIN' },
];

for (const u of UNSUPPORTED) {
  test(`an ensemble TreeSHAP cannot read is reported, not guessed: ${u.name}`, () => {
    const bytes = ensembleModel(u.spec);
    const output = u.spec.op === 'TreeEnsembleClassifier' ? 'probabilities' : 'variable';
    assert.throws(
      () => parseTreeEnsemble(bytes, { name: output, index: u.spec.op === 'TreeEnsembleClassifier' ? 1 : 0 }),
      (e: unknown) => e instanceof AssayError && e.code === 'MODEL_UNSUPPORTED' && e.message.includes(u.mentions) && typeof e.details?.reason === 'string',
    );
  });
}

test('a model without trees is not a tree model; an unreadable one fails --method tree and makes auto fall back with a warning', () => {
  assert.equal(parseTreeEnsemble(new Uint8Array(readFileSync('fixtures/demo/packages/credit-logreg/model.onnx')), { name: 'probabilities', index: 1 }), null);
  const reason = 'its post_transform is PROBIT (TreeSHAP handles NONE and LOGISTIC)';
  assert.throws(() => chooseMethod('tree', 'logodds', 12, { available: false, reason }), (e: unknown) => e instanceof AssayError && e.code === 'MODEL_UNSUPPORTED' && e.message.includes('PROBIT') && e.message.includes('--method exact'));
  const auto = chooseMethod('auto', 'logodds', 12, { available: false, reason });
  assert.equal(auto.method, 'exact');
  assert.ok(auto.warnings[0]!.includes('PROBIT'));
  assert.equal(chooseMethod('auto', 'logodds', 20, { available: false, reason: null }).method, 'kernel');
  assert.deepEqual(chooseMethod('auto', 'logodds', 12, { available: true, reason: null, marginSpace: 'logodds' }), { method: 'tree', algorithm: 'tree-shap', warnings: [] });
  assert.equal(chooseMethod('auto', 'probability', 12, { available: true, reason: null, marginSpace: 'logodds' }).algorithm, 'exact');
  assert.equal(chooseMethod('tree', 'probability', 12, { available: true, reason: null, marginSpace: 'logodds' }).algorithm, 'exact-trees');
  assert.throws(() => chooseMethod('tree', 'probability', 15, { available: true, reason: null, marginSpace: 'logodds' }), (e: unknown) => e instanceof AssayError && e.message.includes('--output logodds'));
});
