import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import { accuracy, permutationImportance, rocAuc, type Row } from '../../../src/explain/index.ts';
import { assertClose, batchPredict } from './helpers.ts';

// score = a/10 + 0.3·[b = y]; row 6 has no outcome and is left out
const rows: Row[] = [1, 2, 3, 4, 5, 6].map((a, i) => ({ a, b: i % 2 ? 'y' : 'x' }));
const truth: (0 | 1 | null)[] = [0, 0, 1, 1, 1, null];
const model = batchPredict((r) => Number(r.a) / 10 + (r.b === 'y' ? 0.3 : 0));
const FIXED: Record<string, number[][]> = { a: [[4, 3, 2, 1, 0], [0, 1, 2, 3, 4]], b: [[1, 0, 3, 2, 4], [0, 1, 2, 3, 4]] };

test('AUC is the rank statistic with tied scores sharing their average rank', () => {
  // positives 0.3, 0.7, 0.5 against negatives 0.1, 0.5: 1 + 0 + 1 + 1 + 1 + ½ = 4.5 of 6 pairs
  assertClose(rocAuc([0.1, 0.5, 0.3, 0.7, 0.5], [0, 0, 1, 1, 1]), 0.75, 1e-15, 'AUC');
  assertClose(rocAuc([0.2, 0.2, 0.2, 0.2], [0, 1, 0, 1]), 0.5, 1e-15, 'all tied');
  assert.equal(accuracy([0.1, 0.5, 0.3, 0.7, 0.5], [0, 0, 1, 1, 1], 0.5), 0.6);
  assert.throws(() => rocAuc([0.1, 0.2], [1, 1]), (e: unknown) => e instanceof AssayError && e.message.includes('--metric accuracy'));
});

test('permutation importance with fixed permutations equals the hand computation (AUC)', async () => {
  const r = await permutationImportance({
    rows, truth, features: ['a', 'b'], predict: model, metric: 'auc', threshold: 0.5, repeats: 2, seed: 0,
    permutations: (f, repeat) => FIXED[f]![repeat]!,
  });
  assert.equal(r.rows, 5);
  assert.equal(r.excludedRows, 1);
  assertClose(r.baseline, 0.75, 1e-15, 'baseline');
  // a reversed: scores 0.5, 0.7, 0.3, 0.5, 0.1 → positives {0.3, 0.5, 0.1} vs negatives {0.5, 0.7}: ½ of 6 pairs
  assertClose(r.features.a!.repeats[0]!, 0.75 - 0.5 / 6, 1e-15, 'a, repeat 1');
  assert.equal(r.features.a!.repeats[1], 0);
  assertClose(r.features.a!.mean, (0.75 - 0.5 / 6) / 2, 1e-15, 'a mean');
  assertClose(r.features.a!.std, (0.75 - 0.5 / 6) / 2, 1e-15, 'a std (ddof 0)');
  // b swapped in pairs: scores 0.4, 0.2, 0.6, 0.4, 0.5 → positives {0.6, 0.4, 0.5} vs {0.4, 0.2}: 5.5 of 6 pairs
  assertClose(r.features.b!.repeats[0]!, 0.75 - 5.5 / 6, 1e-15, 'b, repeat 1');
  assertClose(r.features.b!.std, Math.abs(0.75 - 5.5 / 6) / 2, 1e-15, 'b std');
});

test('permutation importance with fixed permutations equals the hand computation (accuracy at the threshold)', async () => {
  const r = await permutationImportance({
    rows, truth, features: ['a'], predict: model, metric: 'accuracy', threshold: 0.5, repeats: 2, seed: 0,
    permutations: (f, repeat) => FIXED[f]![repeat]!,
  });
  assertClose(r.baseline, 3 / 5, 1e-15, 'baseline');
  // decisions 1, 1, 0, 1, 0 against outcomes 0, 0, 1, 1, 1: one right
  assert.deepEqual(r.features.a!.repeats.map((v) => Math.round(v * 1e12) / 1e12), [0.4, 0]);
});

test('seeded permutations repeat exactly with one seed', async () => {
  const base = { rows, truth, features: ['a', 'b'], predict: model, metric: 'auc' as const, threshold: 0.5, repeats: 4 };
  const a = await permutationImportance({ ...base, seed: 9 });
  const b = await permutationImportance({ ...base, seed: 9 });
  assert.deepEqual(a, b);
  assert.equal(a.features.a!.repeats.length, 4);
});

test('no outcomes, or a bad repeat count, is refused with a sentence', async () => {
  const base = { rows, features: ['a'], predict: model, metric: 'auc' as const, threshold: 0.5, seed: 0 };
  await assert.rejects(permutationImportance({ ...base, truth: rows.map(() => null), repeats: 1 }), (e: unknown) => e instanceof AssayError && e.message.includes('observed outcome'));
  await assert.rejects(permutationImportance({ ...base, truth, repeats: 0 }), (e: unknown) => e instanceof AssayError && e.code === 'BAD_ARGUMENT');
});
