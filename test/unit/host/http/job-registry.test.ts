import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallQueue } from '../../../../src/host/http/call-queue.ts';
import { JobRegistry, type JobEvent } from '../../../../src/host/http/job-registry.ts';

test('a named job streams progress to its followers and to the all-jobs stream, and ends once', () => {
  const jobs = new JobRegistry();
  const one: JobEvent[] = [];
  const all: JobEvent[] = [];
  const other: JobEvent[] = [];
  jobs.subscribe('j1', (e) => one.push(e));
  jobs.subscribe(null, (e) => all.push(e));
  jobs.subscribe('j2', (e) => other.push(e));
  const j = jobs.start('j1', 'log.import');
  j.progress({ stage: 'inspecting' });
  j.progress({ stage: 'scoring', done: 5, total: 10 });
  j.succeed();
  j.fail({ code: 'INTERNAL', message: 'too late' });
  j.progress({ stage: 'after the end' });
  const expected: JobEvent[] = [
    { type: 'progress', data: { job: 'j1', stage: 'inspecting' } },
    { type: 'progress', data: { job: 'j1', stage: 'scoring', done: 5, total: 10 } },
    { type: 'done', data: { job: 'j1', method: 'log.import' } },
  ];
  assert.deepEqual(one, expected);
  assert.deepEqual(all, expected);
  assert.deepEqual(other, []);
});

test('a late follower gets the job\'s current state; anonymous calls stay invisible', () => {
  const jobs = new JobRegistry();
  const running = jobs.start('r', 'fairness.run');
  running.progress({ stage: 'counting' });
  const ended = jobs.start('e', 'log.import');
  ended.fail({ code: 'CANCELLED', message: 'cancelled', details: { secret: 1 } });
  const anon = jobs.start(null, 'case.info');
  anon.progress({ stage: 'x' });
  const seen: JobEvent[] = [];
  jobs.subscribe('r', (e) => seen.push(e));
  jobs.subscribe('e', (e) => seen.push(e));
  assert.deepEqual(seen, [
    { type: 'progress', data: { job: 'r', stage: 'counting' } },
    { type: 'error', data: { job: 'e', method: 'log.import', error: { code: 'CANCELLED', message: 'cancelled' } } },
  ]);
  const everything: JobEvent[] = [];
  const unsubscribe = jobs.subscribe(null, (e) => everything.push(e));
  assert.deepEqual(everything, [{ type: 'progress', data: { job: 'r', stage: 'counting' } }]);
  unsubscribe();
  anon.succeed();
  running.succeed();
  assert.equal(everything.length, 1, 'unsubscribed');
  assert.equal(jobs.subscriberCount, 2);
});

test('cancel aborts a running named job with CANCELLED; ids are unique while running', () => {
  const jobs = new JobRegistry();
  const j = jobs.start('a', 'log.import');
  assert.throws(() => jobs.start('a', 'case.info'), (e: { code?: string }) => e.code === 'ALREADY_EXISTS');
  assert.equal(jobs.cancel('a'), 'cancelled');
  assert.equal(j.signal.aborted, true);
  assert.equal((j.signal.reason as { code: string }).code, 'CANCELLED');
  j.fail({ code: 'CANCELLED', message: 'x' });
  assert.equal(jobs.cancel('a'), 'finished');
  assert.equal(jobs.cancel('b'), 'unknown');
  const again = jobs.start('a', 'case.info'); // a finished id may be used again
  assert.equal(again.signal.aborted, false);
  const anon = jobs.start(null, 'case.info');
  assert.equal(jobs.cancel(anon.id), 'unknown', 'anonymous calls are not cancellable by id');
  jobs.cancelAll();
  assert.equal(anon.signal.aborted, true);
  assert.equal(again.signal.aborted, true);
});

test('the queue runs calls one at a time in order, and a failure does not stop it', async () => {
  const queue = new CallQueue();
  const log: string[] = [];
  const task = (name: string, ms: number, fail = false) => () => new Promise<string>((resolve, reject) => {
    log.push(`start ${name}`);
    setTimeout(() => {
      log.push(`end ${name}`);
      if (fail) reject(new Error(name));
      else resolve(name);
    }, ms);
  });
  const a = queue.run(task('a', 30));
  const b = queue.run(task('b', 5, true));
  const c = queue.run(task('c', 1));
  assert.equal(queue.size, 3);
  assert.equal(await a, 'a');
  await assert.rejects(b, /b/);
  assert.equal(await c, 'c');
  await queue.idle();
  assert.equal(queue.size, 0);
  assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
});
