import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import { exactShapley, EXACT_MAX_FEATURES, type Row } from '../../../src/explain/index.ts';
import { assertClose, batchPredict, bruteForceShapley, featureNames, nonlinearModel, randomRows, sigmoid } from './helpers.ts';

for (const output of ['probability', 'logodds'] as const) {
  for (const k of [3, 5]) {
    test(`exact Shapley equals the permutation formula over all ${k + 1}! orderings (${output})`, async () => {
      const f = nonlinearModel(k);
      const features = featureNames(k);
      const background = randomRows(7 + k, k, 9);
      const x = randomRows(100 + k, k, 1)[0]!;
      const r = await exactShapley({ features, x, background, predict: batchPredict(f), output });
      const brute = await bruteForceShapley(f, x, background, features, output);
      features.forEach((name, j) => assertClose(r.values[name]!, brute[j]!, 1e-12, name));
      const sum = Object.values(r.values).reduce((a, b) => a + b, 0);
      assertClose(sum, r.fx - r.baseValue, 1e-9, 'additivity');
      assert.ok(r.additivityError <= 1e-9);
      const p = f(x);
      assertClose(r.fx, output === 'logodds' ? Math.log(p / (1 - p)) : p, 1e-12, 'f(x)');
    });
  }
}

test('symmetry: two features that enter the model alike, with equal values, get equal φ', async () => {
  const f = (r: Row) => sigmoid(Number(r.a) + Number(r.b) + 0.5 * Number(r.a) * Number(r.b) - Number(r.c));
  const background = randomRows(3, 3, 12).map((r) => ({ a: r.n0, b: r.n0, c: r.n1 }));
  const x: Row = { a: 1.3, b: 1.3, c: -0.2 };
  const r = await exactShapley({ features: ['a', 'b', 'c'], x, background, predict: batchPredict(f), output: 'probability' });
  assertClose(r.values.a!, r.values.b!, 1e-15, 'φa vs φb');
  assert.notEqual(r.values.a, 0);
});

test('dummy: a feature the model ignores gets φ = 0 exactly', async () => {
  const f = (r: Row) => sigmoid(Number(r.a) * Number(r.b));
  const background = randomRows(4, 3, 10).map((r) => ({ a: r.n0, b: r.n1, ignored: r.n2 }));
  const r = await exactShapley({ features: ['a', 'ignored', 'b'], x: { a: 2, b: -1, ignored: 9 }, background, predict: batchPredict(f), output: 'logodds' });
  assert.equal(r.values.ignored, 0);
});

test('a logistic model in log-odds: φ_j = β_j (x_j − mean b_j), and coef[x level] − mean coef[b level] for a one-hot categorical', async () => {
  const beta = { u: 0.7, v: -1.2, w: 0.05 };
  const coef: Record<string, number> = { red: 0.4, green: -0.9, blue: 0 };
  const f = (r: Row) => sigmoid(-0.3 + beta.u * Number(r.u) + beta.v * Number(r.v) + beta.w * Number(r.w) + (coef[String(r.colour)] ?? 0));
  const rows = randomRows(11, 3, 25);
  const colours = Object.keys(coef);
  const background = rows.map((r, i) => ({ u: r.n0, v: r.n1, w: Number(r.n2) * 100, colour: colours[i % 3]! }));
  const x: Row = { u: 0.9, v: -0.4, w: 37, colour: 'green' };
  const r = await exactShapley({ features: ['u', 'v', 'w', 'colour'], x, background, predict: batchPredict(f), output: 'logodds' });
  const mean = (name: string) => background.reduce((s, b) => s + Number(b[name as keyof typeof b]), 0) / background.length;
  for (const name of ['u', 'v', 'w'] as const) assertClose(r.values[name]!, beta[name] * (Number(x[name]) - mean(name)), 1e-9, name);
  const meanCoef = background.reduce((s, b) => s + coef[b.colour]!, 0) / background.length;
  assertClose(r.values.colour!, coef.green! - meanCoef, 1e-9, 'colour');
});

test('too many features for exact: BAD_ARGUMENT naming the limit and suggesting kernel', async () => {
  const features = Array.from({ length: EXACT_MAX_FEATURES + 1 }, (_, i) => `f${i}`);
  const row = Object.fromEntries(features.map((f) => [f, 0]));
  await assert.rejects(
    exactShapley({ features, x: row, background: [row], predict: batchPredict(() => 0.5), output: 'probability' }),
    (e: unknown) => e instanceof AssayError && e.code === 'BAD_ARGUMENT' && e.message.includes(String(EXACT_MAX_FEATURES)) && e.message.includes('--method kernel'),
  );
});

test('an empty background is refused', async () => {
  await assert.rejects(
    exactShapley({ features: ['a'], x: { a: 1 }, background: [], predict: batchPredict(() => 0.5), output: 'probability' }),
    (e: unknown) => e instanceof AssayError && e.code === 'BAD_ARGUMENT' && e.message.includes('background'),
  );
});

test('rows that equal the background on some features are scored once; batching does not change the values', async () => {
  const k = 4;
  const f = nonlinearModel(k);
  const features = featureNames(k);
  const background = randomRows(21, k, 6);
  const x = { ...background[2]!, n0: 5, cat: 'a' };
  const big = batchPredict(f);
  const small = batchPredict(f);
  const a = await exactShapley({ features, x, background, predict: big, output: 'logodds' });
  const b = await exactShapley({ features, x, background, predict: small, output: 'logodds' }, { batchRows: 7 });
  assert.deepEqual(a.values, b.values);
  assert.ok(small.calls > big.calls);
  assert.ok(a.diagnostics.modelRows < 2 ** features.length * background.length, `${a.diagnostics.modelRows} rows`);
  assert.equal(a.diagnostics.modelRows, big.rows);
});

test('a cancelled explanation stops with CANCELLED', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    exactShapley({ features: ['a'], x: { a: 1 }, background: [{ a: 0 }], predict: batchPredict(() => 0.5), output: 'probability' }, { signal: controller.signal }),
    (e: unknown) => e instanceof AssayError && e.code === 'CANCELLED',
  );
});

test('probabilities of exactly 0 or 1 are clipped before the logit, and counted', async () => {
  const f = (r: Row) => (Number(r.a) > 0 ? 1 : 0.5);
  const r = await exactShapley({ features: ['a'], x: { a: 1 }, background: [{ a: -1 }, { a: 2 }], predict: batchPredict(f), output: 'logodds' });
  assert.ok(Number.isFinite(r.values.a!));
  assert.ok(r.diagnostics.clippedProbabilities >= 2);
});
