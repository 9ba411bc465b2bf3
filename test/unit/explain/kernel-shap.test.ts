import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { exactShapley, kernelCoalitions, kernelShap, defaultKernelSamples, type Row } from '../../../src/explain/index.ts';
import { Random } from '../../../src/util/random.ts';
import { AssayError } from '../../../src/api/errors.ts';
import { FEATURE_NAMES, loadPackageScorer, parseReferenceCsv } from '../../../fixtures/lib/index.ts';
import { assertClose, batchPredict, featureNames, nonlinearModel, randomRows } from './helpers.ts';

const LOGREG = 'fixtures/demo/packages/credit-logreg';

test("SHAP's sampling scheme: 2M + 2048 coalitions, whole sizes enumerated first, weights summing to 1", () => {
  const m = 12;
  const c = kernelCoalitions(m, defaultKernelSamples(m), new Random(1));
  assert.equal(c.count, 2 * m + 2048);
  const sizes = Array.from({ length: c.count }, (_, k) => c.masks.subarray(k * m, (k + 1) * m).reduce((a, b) => a + b, 0));
  // the budget covers sizes 1..3 and their complements (2·(12 + 66 + 220) = 596 coalitions), drawn beyond
  const enumerated = sizes.slice(0, 596);
  for (const s of [1, 2, 3]) assert.equal(enumerated.filter((x) => x === s).length, [12, 66, 220][s - 1], `size ${s}`);
  assert.equal(enumerated.filter((x) => x >= 9).length, 298);
  assert.equal(sizes.slice(596).filter((s) => s < 4 || s > 8).length, 0);
  assert.equal(new Set(Array.from({ length: c.count }, (_, k) => c.masks.subarray(k * m, (k + 1) * m).join(''))).size, c.count, 'no coalition twice');
  assertClose(c.weights.reduce((a, b) => a + b, 0), 1, 1e-12, 'total kernel weight');
});

test('with a budget that covers every coalition, KernelSHAP equals exact Shapley', async () => {
  const k = 6;
  const f = nonlinearModel(k);
  const game = { features: featureNames(k), x: randomRows(5, k, 1)[0]!, background: randomRows(6, k, 15), predict: batchPredict(f), output: 'probability' as const };
  const exact = await exactShapley(game);
  const kernel = await kernelShap(game, { seed: 3 });
  assert.equal(kernel.nsamples, 2 ** 7 - 2);
  for (const name of game.features) assertClose(kernel.values[name]!, exact.values[name]!, 1e-12, name);
});

test('KernelSHAP is identical across runs with one seed and differs with another', async () => {
  const k = 13;
  const f = nonlinearModel(k);
  const game = { features: featureNames(k), x: randomRows(8, k, 1)[0]!, background: randomRows(9, k, 10), predict: batchPredict(f), output: 'logodds' as const };
  const a = await kernelShap(game, { seed: 42 });
  const b = await kernelShap(game, { seed: 42 });
  const c = await kernelShap(game, { seed: 43 });
  assert.deepEqual(a.values, b.values);
  assert.notDeepEqual(a.values, c.values);
  assert.ok(a.additivityError < 1e-9);
});

test('features equal to x in every background row get φ = 0; one varying feature gets f(x) − base', async () => {
  const f = nonlinearModel(2);
  const background = randomRows(12, 2, 8).map((r) => ({ ...r, n1: 0.5, cat: 'b' }));
  const x: Row = { n0: 1.5, n1: 0.5, cat: 'b' };
  const r = await kernelShap({ features: ['n0', 'n1', 'cat'], x, background, predict: batchPredict(f), output: 'probability' }, { seed: 0 });
  assert.equal(r.values.n1, 0);
  assert.equal(r.values.cat, 0);
  assertClose(r.values.n0!, r.fx - r.baseValue, 1e-15, 'φ of the only varying feature');
});

test('on the demo credit-logreg (12 features, float64 scorer), KernelSHAP at the default sample count is within 0.005 of exact', async () => {
  const scorer = loadPackageScorer(LOGREG);
  const reference = parseReferenceCsv(readFileSync(`${LOGREG}/reference.csv`, 'utf8')).map((r) => r.applicant as Row);
  const background = reference.slice(0, 50);
  const predict = batchPredict((r) => scorer(r as Record<string, string | number>));
  let worst = 0;
  for (const x of [reference[60]!, reference[61]!, reference[62]!]) {
    const game = { features: [...FEATURE_NAMES], x, background, predict, output: 'probability' as const };
    const exact = await exactShapley(game);
    const kernel = await kernelShap(game, { seed: 7 });
    for (const name of FEATURE_NAMES) worst = Math.max(worst, Math.abs(kernel.values[name]! - exact.values[name]!));
    assertClose(kernel.fx, exact.fx, 1e-15, 'f(x)');
    assertClose(kernel.baseValue, exact.baseValue, 1e-15, 'base');
  }
  assert.ok(worst <= 0.005, `largest |kernel − exact| = ${worst}`);
  console.log(`# credit-logreg: largest |kernel − exact| = ${worst.toExponential(2)}`);
});

test('too few coalitions to determine every feature: BAD_ARGUMENT asking for more samples', async () => {
  const k = 5;
  const game = { features: featureNames(k), x: randomRows(30, k, 1)[0]!, background: randomRows(31, k, 6), predict: batchPredict(nonlinearModel(k)), output: 'probability' as const };
  await assert.rejects(kernelShap(game, { seed: 1, nsamples: 3 }), (e: unknown) => e instanceof AssayError && e.code === 'BAD_ARGUMENT' && e.message.includes('--nsamples'));
});
