import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thresholdSweep } from '../../../src/fairness/threshold-sweep.ts';

test('threshold sweep carries each group’s cells at each threshold, counted by hand', () => {
  // group a: y=0 scores in buckets 0,1,2 (n 2,1,1); y=1 in buckets 0,2 (n 1,3); y unknown in bucket 1 (n 2)
  // thresholds [0.3, 0.6]: bucket b means the score is ≥ the first b thresholds
  const plans = [{ name: 'g', kind: 'categorical' as const }];
  const rows = [
    { k0: 'a', yk: '0', bucket: 0, n: 2 }, { k0: 'a', yk: '0', bucket: 1, n: 1 }, { k0: 'a', yk: '0', bucket: 2, n: 1 },
    { k0: 'a', yk: '1', bucket: 0, n: 1 }, { k0: 'a', yk: '1', bucket: 2, n: 3 }, { k0: 'a', yk: 'N', bucket: 1, n: 2 },
    { k0: 'b', yk: '1', bucket: 2, n: 4 },
  ];
  const [low, high] = thresholdSweep(plans, rows, [0.3, 0.6], 'b', 1);
  // at 0.3: decided 1 when bucket ≥ 1
  assert.deepEqual(low!.cells.a, { y0d0: 2, y0d1: 2, y1d0: 1, y1d1: 3, yNd0: 0, yNd1: 2 });
  assert.deepEqual(low!.cells.b, { y0d0: 0, y0d1: 0, y1d0: 0, y1d1: 4, yNd0: 0, yNd1: 0 });
  // at 0.6: decided 1 when bucket ≥ 2
  assert.deepEqual(high!.cells.a, { y0d0: 3, y0d1: 1, y1d0: 1, y1d1: 3, yNd0: 2, yNd1: 0 });
  // the cells agree with the rates the sweep reports: selection rate of a at 0.6 = 4 / 10
  assert.equal(high!.groups.a!.selectionRate, 4 / 10);
});
