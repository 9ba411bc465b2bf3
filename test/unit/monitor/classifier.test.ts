import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aucOf, encode, expectedCalibrationError, fitLogistic, rocAuc } from '../../../src/monitor/index.ts';
import { Random } from '../../../src/util/random.ts';

function bruteAuc(scores: number[], labels: number[]): number {
  let wins = 0, pairs = 0;
  for (let i = 0; i < scores.length; i++) for (let j = 0; j < scores.length; j++) {
    if (labels[i] !== 1 || labels[j] !== 0) continue;
    pairs++;
    wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
  }
  return wins / pairs;
}

test('ROC AUC by ranks equals the pair count, ties as halves', () => {
  const rng = new Random(7);
  for (let t = 0; t < 20; t++) {
    const n = 5 + rng.int(60);
    const scores = Array.from({ length: n }, () => Math.round(rng.next() * 10) / 10);
    const labels = Array.from({ length: n }, (_, i) => (i < 2 ? i : rng.int(2)));
    assert.ok(Math.abs(rocAuc(scores, labels)! - bruteAuc(scores, labels)) < 1e-12);
  }
  assert.equal(rocAuc([0.1, 0.2], [1, 1]), null);
  assert.equal(aucOf(0, 5, 0), null);
  assert.equal(aucOf(2, 2, 3), 0.75);
});

test('ECE: Σ n_b/N |mean score − observed rate| (hand value)', () => {
  // bins: 10 rows at mean 0.15 with rate 0.1; 30 rows at 0.75 with rate 0.9 → 0.25·0.05 + 0.75·0.15 = 0.125
  assert.ok(Math.abs(expectedCalibrationError([{ n: 10, meanScore: 0.15, meanOutcome: 0.1 }, { n: 30, meanScore: 0.75, meanOutcome: 0.9 }])! - 0.125) < 1e-15);
  assert.equal(expectedCalibrationError([]), null);
});

test('logistic regression: recovers a known model and its AUC tracks the separation', () => {
  // y ~ Bernoulli(sigmoid(−0.5 + 2·x1 − 1·x2)) on 4000 rows; with a tiny penalty the fit is close to the truth
  const rng = new Random(3);
  const n = 4000;
  const x = new Float64Array(n * 2);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = rng.normal();
    x[2 * i + 1] = rng.normal();
    const p = 1 / (1 + Math.exp(-(-0.5 + 2 * x[2 * i]! - x[2 * i + 1]!)));
    y[i] = rng.next() < p ? 1 : 0;
  }
  const m = fitLogistic(x, 2, y, Array.from({ length: n }, (_, i) => i), 1e-6);
  const [b0, b1, b2] = m.weights;
  assert.ok(Math.abs(b0! + 0.5) < 0.15 && Math.abs(b1! - 2) < 0.2 && Math.abs(b2! + 1) < 0.15, `weights ${[...m.weights]}`);
  assert.ok(m.iterations < 20);
});

test('encoding: numeric columns standardised, categorical one-hot, missing values neutral', () => {
  const rows = [{ c0: 1, c1: 'a' }, { c0: 3, c1: 'b' }, { c0: null, c1: 'a' }, { c0: 2, c1: null }];
  const { x, width, blocks } = encode(rows, [{ name: 'n', type: 'numeric', role: 'feature' }, { name: 'c', type: 'categorical', role: 'feature' }]);
  assert.equal(width, 3);
  assert.deepEqual(blocks, [{ column: 'n', start: 0, end: 1 }, { column: 'c', start: 1, end: 3 }]);
  const sd = Math.sqrt(2 / 3);
  assert.deepEqual(Array.from(x).map((v) => Math.round(v * 1e12) / 1e12), [-1 / sd, 1, 0, 1 / sd, 0, 1, 0, 1, 0, 0, 0, 0].map((v) => Math.round(v * 1e12) / 1e12));
});
