import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import { allocatePacked, scoreBisecting, type PackedBatch } from '../../../src/inference/index.ts';
import type { Feature } from '../../../src/packages/index.ts';

/** The batching and bisection of a model that fails at run time, with a scorer that fails on marked rows. */
const FEATURES: Feature[] = [{ name: 'v', type: 'numeric' }];

function batchOf(values: number[]): PackedBatch {
  const b = allocatePacked(FEATURES, values.length);
  b.numeric.v!.set(values);
  return b;
}

/** Scores v/1000, failing any batch that holds a negative v, as ONNX Runtime fails a whole batch. */
function failingScorer(calls: number[]): (b: PackedBatch) => Promise<Float64Array> {
  return async (b) => {
    calls.push(b.length);
    const v = b.numeric.v!;
    const bad = Array.from(v).find((x) => x < 0);
    if (bad !== undefined) throw new AssayError('MODEL_RUNTIME', `The model failed while scoring a batch of ${b.length} rows: bad value ${bad}`);
    return Float64Array.from(v, (x) => x / 1000);
  };
}

test('a batch without failures is scored in one call', async () => {
  const calls: number[] = [];
  const r = await scoreBisecting(batchOf([1, 2, 3]), failingScorer(calls));
  assert.deepEqual(Array.from(r.scores), [0.001, 0.002, 0.003]);
  assert.deepEqual(r.failures, []);
  assert.deepEqual(calls, [3]);
});

test('the failing rows are isolated by bisection; every other row is scored; the message is the row\'s', async () => {
  const values = Array.from({ length: 1024 }, (_, i) => i);
  values[100] = -1;
  values[700] = -2;
  values[701] = -3;
  const calls: number[] = [];
  const r = await scoreBisecting(batchOf(values), failingScorer(calls));
  assert.deepEqual(r.failures.map((f) => f.index), [100, 700, 701]);
  assert.deepEqual(r.failures.map((f) => f.message), ['bad value -1', 'bad value -2', 'bad value -3']);
  values.forEach((v, i) => {
    if (v < 0) assert.ok(Number.isNaN(r.scores[i]!));
    else assert.equal(r.scores[i], v / 1000);
  });
  assert.ok(calls.length <= 1 + 3 * 2 * Math.log2(1024), `${calls.length} calls`);
});

test('more failures than allowed stop the scoring with MODEL_RUNTIME', async () => {
  const values = Array.from({ length: 64 }, (_, i) => (i % 4 === 0 ? -i - 1 : i));
  await assert.rejects(scoreBisecting(batchOf(values), failingScorer([]), 5), (e: unknown) => e instanceof AssayError && e.code === 'MODEL_RUNTIME' && /more than 5 rows/.test(e.message));
});

test('an error that is not about the rows is not bisected', async () => {
  let calls = 0;
  const broken = async () => {
    calls++;
    throw new AssayError('PACKAGE_MISMATCH', 'no such output');
  };
  await assert.rejects(scoreBisecting(batchOf([1, 2, 3, 4]), broken), (e: unknown) => e instanceof AssayError && e.code === 'PACKAGE_MISMATCH');
  assert.equal(calls, 1);
});

test('an empty batch scores to nothing without calling the model', async () => {
  const calls: number[] = [];
  const r = await scoreBisecting(batchOf([]), failingScorer(calls));
  assert.equal(r.scores.length, 0);
  assert.deepEqual(calls, []);
});
