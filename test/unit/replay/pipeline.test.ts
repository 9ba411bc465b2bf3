import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pipeline } from '../../../src/replay/pipeline.ts';

test('the pipeline keeps at most `depth` jobs running and waits for all at the end', async () => {
  const p = new Pipeline(2);
  let running = 0, most = 0;
  const done: number[] = [];
  for (let i = 0; i < 6; i++) {
    await p.add((async () => {
      running++;
      most = Math.max(most, running);
      await sleep(5);
      running--;
      done.push(i);
    })());
  }
  await p.drain();
  assert.ok(most <= 2);
  assert.deepEqual(done.sort(), [0, 1, 2, 3, 4, 5]);
});

test('a failed job is thrown by the next add or by drain, never left as an unhandled rejection', async () => {
  const p = new Pipeline(3);
  await p.add(sleep(20).then(() => {
    throw new Error('late failure');
  }));
  await p.add(Promise.reject(new Error('early failure')));
  await assert.rejects(p.drain(), /early failure/);
  const q = new Pipeline(1);
  await assert.rejects(q.add(Promise.reject(new Error('at once'))), /at once/);
  await q.settle();
});
