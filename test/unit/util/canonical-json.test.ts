import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../../src/util/canonical-json.ts';
import { Random } from '../../../src/util/random.ts';

test('canonical JSON sorts keys at every depth and drops undefined', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } }), '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}');
});

test('canonical JSON is independent of insertion order', () => {
  assert.equal(canonicalJson({ x: 1, y: 2 }), canonicalJson({ y: 2, x: 1 }));
});

test('non-finite numbers become null, as JSON.stringify does', () => {
  assert.equal(canonicalJson([Number.NaN, Infinity, 1.5]), '[null,null,1.5]');
});

test('Random is reproducible for a seed and differs between seeds', () => {
  const a = new Random(7), b = new Random(7), c = new Random(8);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => b.next()));
  assert.notDeepEqual(xs, Array.from({ length: 5 }, () => c.next()));
  for (const x of xs) assert.ok(x >= 0 && x < 1);
});

test('Random.normal has mean ≈ 0 and variance ≈ 1 over 20,000 draws', () => {
  const r = new Random(42);
  const n = 20_000;
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = r.normal();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  // standard error of the mean is 1/sqrt(n) ≈ 0.007; allow 4 of them
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(s2 / n - mean * mean - 1) < 0.05);
});
