import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import { exactShapley, matrixEncoder, treePredict, TreeShapExplainer, type Row, type TreeData, type TreeEnsemble, type TreeNodeMode } from '../../../src/explain/index.ts';
import { Random } from '../../../src/util/random.ts';
import { assertClose } from './helpers.ts';

const MODES: TreeNodeMode[] = ['BRANCH_LEQ', 'BRANCH_LT', 'BRANCH_GTE', 'BRANCH_GT', 'BRANCH_EQ', 'BRANCH_NEQ'];
const GRID = [0, 1, 2, 3];
const WIDTH = 4;

/** A random tree of depth ≤ `depth` with every node mode, thresholds on a grid (so EQ/NEQ hit), and missing tracks. */
function randomTree(rng: Random, depth: number): TreeData {
  const t: TreeData = { modes: [], features: [], thresholds: [], trueChildren: [], falseChildren: [], missingTracksTrue: [], values: [] };
  const add = (d: number): number => {
    const i = t.modes.length;
    const leaf = d === depth || (d > 0 && rng.next() < 0.2);
    t.modes.push(leaf ? 'LEAF' : MODES[rng.int(MODES.length)]!);
    t.features.push(leaf ? 0 : rng.int(WIDTH));
    t.thresholds.push(leaf ? 0 : GRID[rng.int(GRID.length)]! + (rng.next() < 0.3 ? 0.5 : 0));
    t.missingTracksTrue.push(!leaf && rng.next() < 0.5);
    t.values.push(leaf ? Math.round((rng.next() - 0.5) * 200) / 100 : 0);
    t.trueChildren.push(0);
    t.falseChildren.push(0);
    if (!leaf) {
      t.trueChildren[i] = add(d + 1);
      t.falseChildren[i] = add(d + 1);
    }
    return i;
  };
  add(0);
  return t;
}

function randomEnsemble(seed: number, trees: number, transform: TreeEnsemble['transform']): TreeEnsemble {
  const rng = new Random(seed);
  return { featureCount: WIDTH, float32Inputs: false, base: 0.1, transform, trees: Array.from({ length: trees }, () => randomTree(rng, 4)) };
}

const NAMES = Array.from({ length: WIDTH }, (_, j) => `c${j}`);
const encode = matrixEncoder({ features: NAMES.map((name) => ({ name, type: 'numeric' })), unknownValue: -1 });

function randomVector(rng: Random): number[] {
  return NAMES.map(() => (rng.next() < 0.15 ? Number.NaN : GRID[rng.int(GRID.length)]! + (rng.next() < 0.5 ? 0 : 0.5)));
}

const asRow = (v: number[]): Row => Object.fromEntries(NAMES.map((n, j) => [n, v[j]!]));

for (const transform of ['identity', 'logistic'] as const) {
  test(`TreeSHAP equals exact interventional Shapley on random trees with every node mode and NaN (${transform} margin)`, async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const ensemble = randomEnsemble(seed, 5, transform);
      const rng = new Random(100 + seed);
      const background = Array.from({ length: 12 }, () => randomVector(rng));
      const explainer = new TreeShapExplainer(ensemble, background);
      const output = transform === 'logistic' ? 'logodds' : 'probability';
      const predict = treePredict(ensemble, encode);
      for (let i = 0; i < 4; i++) {
        const x = randomVector(rng);
        const tree = explainer.explain(x);
        const exact = await exactShapley({ features: NAMES, x: asRow(x), background: background.map(asRow), predict, output });
        NAMES.forEach((name, j) => assertClose(tree.phi[j]!, exact.values[name]!, 1e-9, `seed ${seed} row ${i} ${name}`));
        assertClose(tree.baseValue, exact.baseValue, 1e-9, 'base');
        assertClose(tree.fx, exact.fx, 1e-9, 'f(x)');
        assert.ok(tree.additivityError < 1e-9);
      }
    }
  });
}

test('a feature tested twice on one path, and a leaf no hybrid row can reach, are handled exactly', async () => {
  // x0 <= 1 ? (x0 > 2 ? unreachable 5 : 1) : (x1 == 0 ? -1 : 2)
  const tree: TreeData = {
    modes: ['BRANCH_LEQ', 'BRANCH_GT', 'LEAF', 'LEAF', 'BRANCH_EQ', 'LEAF', 'LEAF'],
    features: [0, 0, 0, 0, 1, 0, 0], thresholds: [1, 2, 0, 0, 0, 0, 0],
    trueChildren: [1, 2, 0, 0, 5, 0, 0], falseChildren: [4, 3, 0, 0, 6, 0, 0],
    missingTracksTrue: [true, false, false, false, false, false, false], values: [0, 0, 5, 1, 0, -1, 2],
  };
  const ensemble: TreeEnsemble = { featureCount: 2, float32Inputs: false, base: 0, transform: 'identity', trees: [tree] };
  const background = [[0, 0], [3, 1], [Number.NaN, 0], [1.5, 0]];
  const features = ['c0', 'c1'];
  const enc = matrixEncoder({ features: features.map((name) => ({ name, type: 'numeric' })), unknownValue: -1 });
  const explainer = new TreeShapExplainer(ensemble, background);
  for (const x of [[0.5, 1], [5, 0], [Number.NaN, 1]]) {
    const r = explainer.explain(x);
    const row = (v: number[]) => ({ c0: v[0]!, c1: v[1]! });
    const exact = await exactShapley({ features, x: row(x), background: background.map(row), predict: treePredict(ensemble, enc), output: 'probability' });
    assertClose(r.phi[0]!, exact.values.c0!, 1e-12, 'c0');
    assertClose(r.phi[1]!, exact.values.c1!, 1e-12, 'c1');
  }
});

test('float32 inputs are rounded before the comparison, as ONNX Runtime compares them', () => {
  const tree: TreeData = { modes: ['BRANCH_LEQ', 'LEAF', 'LEAF'], features: [0, 0, 0], thresholds: [Math.fround(0.1), 0, 0], trueChildren: [1, 0, 0], falseChildren: [2, 0, 0], missingTracksTrue: [false, false, false], values: [0, 1, 2] };
  const e = (float32Inputs: boolean): TreeEnsemble => ({ featureCount: 1, float32Inputs, base: 0, transform: 'identity', trees: [tree] });
  const x = [0];
  const above = [Math.fround(0.1) + 1e-10]; // above the threshold in doubles, equal to it in float32
  assert.equal(new TreeShapExplainer(e(true), [x]).margin(above), 1);
  assert.equal(new TreeShapExplainer(e(false), [x]).margin(above), 2);
});

test('malformed trees are refused with a sentence', () => {
  const bad: TreeEnsemble = { featureCount: 1, float32Inputs: false, base: 0, transform: 'identity', trees: [{ modes: ['BRANCH_LEQ', 'LEAF'], features: [3, 0], thresholds: [0, 0], trueChildren: [1, 0], falseChildren: [1, 0], missingTracksTrue: [false, false], values: [0, 1] }] };
  assert.throws(() => new TreeShapExplainer(bad, [[0]]), (e: unknown) => e instanceof AssayError && e.code === 'MODEL_INVALID' && e.message.includes('column 3'));
  assert.throws(() => new TreeShapExplainer({ ...bad, trees: [] }, []), (e: unknown) => e instanceof AssayError && e.message.includes('background'));
});
