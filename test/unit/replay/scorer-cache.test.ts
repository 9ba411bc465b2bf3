import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScorerCache, type BatchScorer } from '../../../src/inference/index.ts';

function fakeScorer(name: string, log: string[]): BatchScorer {
  const s = {
    usable: true,
    spec: {} as BatchScorer['spec'],
    thread: { kind: 'inline' as const, reason: null },
    score: async () => ({ scores: new Float64Array(0), failures: [] }),
    close: async () => {
      s.usable = false;
      log.push(`close ${name}`);
    },
  };
  return s;
}

test('the cache reuses an open model, closes the least recently used beyond its size, and only once nobody uses it', async () => {
  const log: string[] = [];
  const cache = new ScorerCache(2);
  const open = (name: string) => async () => {
    log.push(`open ${name}`);
    return fakeScorer(name, log);
  };
  const a = await cache.acquire('a', open('a'));
  await a.release();
  const again = await cache.acquire('a', open('a'));
  assert.equal(again.scorer, a.scorer);
  const b = await cache.acquire('b', open('b'));
  const c = await cache.acquire('c', open('c'));
  assert.deepEqual(log, ['open a', 'open b', 'open c']);
  await new Promise((r) => setImmediate(r));
  assert.ok(!log.includes('close a'), 'a is still in use');
  await again.release();
  assert.ok(log.includes('close a'), 'evicted and released, a closes');
  await b.release();
  await c.release();
  assert.ok(!log.includes('close b') && !log.includes('close c'));
});

test('a scorer that can no longer score is opened again; a failed open is not kept', async () => {
  const log: string[] = [];
  const cache = new ScorerCache(2);
  const first = await cache.acquire('m', async () => fakeScorer('m1', log));
  await first.release();
  (first.scorer as { usable: boolean }).usable = false;
  const second = await cache.acquire('m', async () => fakeScorer('m2', log));
  assert.notEqual(second.scorer, first.scorer);
  await second.release();
  let calls = 0;
  const failing = async () => {
    calls++;
    throw new Error('cannot load');
  };
  await assert.rejects(cache.acquire('bad', failing), /cannot load/);
  await assert.rejects(cache.acquire('bad', failing), /cannot load/);
  assert.equal(calls, 2);
});
