import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distance, searchCounterfactuals, VALIDITY_MARGIN, type SearchFeature, type Value } from '../../../src/replay/counterfactual-search.ts';

/** A synthetic model: P = sigmoid(Σ w·x over numerics + per-level offsets), known in closed form. */
const FEATURES: SearchFeature[] = [
  { name: 'income', kind: 'numeric', mutable: true, min: 0, max: 10_000, integer: true, scale: 10_000, levels: [] },
  { name: 'debt', kind: 'numeric', mutable: true, min: 0, max: 5_000, integer: false, scale: 5_000, levels: [] },
  { name: 'age', kind: 'numeric', mutable: true, min: 18, max: 90, integer: true, scale: 72, levels: [] },
  { name: 'housing', kind: 'categorical', mutable: true, min: 0, max: 0, integer: false, scale: 1, levels: ['rent', 'own', 'free'] },
  { name: 'sex', kind: 'categorical', mutable: false, min: 0, max: 0, integer: false, scale: 1, levels: ['female', 'male'] },
];
const HOUSING: Record<string, number> = { rent: -0.5, own: 0.8, free: 0.1 };

function p(v: readonly Value[]): number {
  const z = -2 + 0.0004 * Number(v[0]) - 0.0006 * Number(v[1]) + 0.01 * (Number(v[2]) - 40) + HOUSING[String(v[3])]! + (v[4] === 'male' ? 0.3 : 0);
  return 1 / (1 + Math.exp(-z));
}

async function search(original: Value[], seed: number, features = FEATURES, count = 5) {
  const target = p(original) >= 0.5 ? 0 : 1;
  let calls = 0;
  const r = await searchCounterfactuals({
    features, original, threshold: 0.5, target, count, maxChanges: 3, seed,
    score: async (rows) => {
      calls++;
      return Float64Array.from(rows, p);
    },
  });
  return { ...r, target, calls };
}

const DECLINED: Value[] = [2000, 1500, 30, 'rent', 'female'];
const APPROVED: Value[] = [9000, 100, 60, 'own', 'male'];

test('every counterfactual flips the decision with a margin, changes only mutable features within bounds, and is diverse', async () => {
  for (const original of [DECLINED, APPROVED]) {
    for (const seed of [0, 1, 2, 3, 42]) {
      const { found, target } = await search(original, seed);
      assert.equal(found.length, 5, `seed ${seed}`);
      const keys = new Set(found.map((f) => JSON.stringify(f.values)));
      assert.equal(keys.size, 5);
      for (const f of found) {
        const s = p(f.values);
        assert.equal(f.score, s);
        assert.ok(target === 1 ? s >= 0.5 + VALIDITY_MARGIN : s < 0.5 - VALIDITY_MARGIN);
        assert.equal(f.values[4], original[4], 'the immutable feature never changes');
        FEATURES.forEach((feat, j) => {
          if (f.values[j] === original[j]) return;
          if (feat.kind === 'numeric') {
            assert.ok(Number(f.values[j]) >= feat.min && Number(f.values[j]) <= feat.max, `${feat.name}=${f.values[j]}`);
            if (feat.integer) assert.ok(Number.isInteger(f.values[j]));
          } else assert.ok(feat.levels.includes(String(f.values[j])));
        });
        assert.ok(Math.abs(f.distance - distance(FEATURES, original, f.values)) < 1e-12);
      }
    }
  }
});

test('the counterfactuals are minimal: no single change of one can be undone while keeping the flip', async () => {
  const { found, target } = await search(DECLINED, 7);
  for (const f of found) {
    FEATURES.forEach((_, j) => {
      if (f.values[j] === DECLINED[j]) return;
      const reverted = [...f.values];
      reverted[j] = DECLINED[j]!;
      const s = p(reverted);
      assert.ok(target === 1 ? s < 0.5 + VALIDITY_MARGIN : s >= 0.5 - VALIDITY_MARGIN, 'reverting any change loses the flip');
    });
  }
});

test('monotonic bounds: a feature that may only grow never shrinks', async () => {
  const features = FEATURES.map((f) => (f.name === 'debt' ? { ...f, min: Number(APPROVED[1]) } : f.name === 'income' ? { ...f, max: Number(APPROVED[0]) } : f));
  for (const seed of [0, 5, 9]) {
    const { found } = await search(APPROVED, seed, features);
    assert.ok(found.length > 0);
    for (const f of found) {
      assert.ok(Number(f.values[1]) >= Number(APPROVED[1]), 'debt may only grow');
      assert.ok(Number(f.values[0]) <= Number(APPROVED[0]), 'income may only shrink');
    }
  }
});

test('the same seed gives the same counterfactuals; nothing mutable means nothing found', async () => {
  const a = await search(DECLINED, 11);
  const b = await search(DECLINED, 11);
  assert.deepEqual(a.found, b.found);
  const frozen = FEATURES.map((f) => ({ ...f, mutable: false }));
  const none = await search(DECLINED, 0, frozen);
  assert.deepEqual(none.found, []);
  assert.equal(none.calls, 0);
});

test('the distance is range-normalised L1 over numerics plus one per changed categorical', () => {
  assert.equal(distance(FEATURES, DECLINED, [3000, 1500, 30, 'own', 'female']), 1000 / 10_000 + 1);
  assert.equal(distance(FEATURES, DECLINED, DECLINED), 0);
  assert.equal(distance(FEATURES, [null, 0, 30, 'rent', 'male'], [5, 0, 30, 'rent', 'male']), 1, 'a change from a missing value counts 1');
});
