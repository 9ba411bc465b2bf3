import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHost, type Host } from '../../../src/host/http/index.ts';
import { demoLog } from '../../helpers/demo-paths.ts';
import { tempDir } from '../../helpers/temp.ts';
import { api, bigCsv, caseWithPackage, EventReader, OWNER, rawRequest, REF, sleep } from './helpers.ts';

const dir = tempDir('assay-host-jobs-');
let host: Host;
let big: string;

before(async () => {
  const [casePath, csv] = await Promise.all([caseWithPackage(dir), bigCsv(dir, 200_000)]);
  big = csv;
  host = await startHost({ casePath, port: 0, heartbeatMs: 100, ...OWNER });
});
after(() => host.close());

const withJob = (job: string) => ({ Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json', 'X-Assay-Job': job });

test('a job streams its progress and ends with done; the stream has heartbeats', async () => {
  const events = await EventReader.open(host, '?job=small');
  assert.equal(events.status, 200);
  assert.match(events.contentType, /^text\/event-stream/);
  await events.next((i) => i.comment === 'connected', 5000, 'the connected comment');
  const r = await api(host, 'log.import', { path: demoLog('decisions-clean.csv'), package: REF }, withJob('small'));
  assert.equal(r.status, 200);
  assert.equal(r.body.rows, 1000);
  const done = await events.next((i) => i.event === 'done');
  assert.deepEqual(done.data, { job: 'small', method: 'log.import' });
  const stages = events.events('progress').map((e) => e.data.stage);
  assert.deepEqual(stages, ['inspecting', 'validating', 'writing', 'checking', 'done']);
  assert.ok(events.events('progress').every((e) => e.data.job === 'small'));
  await events.next((i) => i.comment === 'heartbeat', 2000, 'a heartbeat');
  await events.close();

  // a stream opened after the end learns how the job ended; cancelling it now cancels nothing
  const late = await EventReader.open(host, '?job=small');
  assert.deepEqual((await late.next((i) => i.event === 'done')).data, { job: 'small', method: 'log.import' });
  await late.close();
  const again = await api(host, 'jobs/cancel', { job: 'small' });
  assert.deepEqual([again.status, again.body], [200, { job: 'small', cancelled: false }]);
});

test('scoring reports done and total', async () => {
  const events = await EventReader.open(host, '?job=score');
  await events.next((i) => i.comment === 'connected');
  const r = await api(host, 'package.scoreReference', { ref: REF }, withJob('score'));
  assert.equal(r.status, 200);
  await events.next((i) => i.event === 'done');
  const last = events.events('progress').at(-1)!;
  assert.deepEqual(last.data, { job: 'score', stage: 'scoring', done: r.body.rows, total: r.body.rows });
  await events.close();
});

test('cancelling a long import (200k rows) answers CANCELLED and leaves the case unchanged', async () => {
  const events = await EventReader.open(host); // every job
  await events.next((i) => i.comment === 'connected');
  const call = api(host, 'log.import', { path: big, package: REF, name: 'big' }, withJob('big'));
  await events.next((i) => i.event === 'progress' && i.data.job === 'big', 20_000, 'progress of the big import');
  // while it runs, the id is taken, and another call waits in the queue until the import is over
  const dup = await api(host, 'case.info', {}, withJob('big'));
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'ALREADY_EXISTS');
  const queued = api(host, 'case.info', {}, withJob('queued'));
  for (let i = 0; i < 100 && host.stats().calls < 2; i++) await sleep(10);
  assert.equal(host.stats().calls, 2, 'the import runs and case.info waits');
  assert.deepEqual((await api(host, 'jobs/cancel', { job: 'queued' })).body, { job: 'queued', cancelled: true });
  assert.deepEqual((await api(host, 'jobs/cancel', { job: 'big' })).body, { job: 'big', cancelled: true });

  const r = await call;
  assert.equal(r.status, 499);
  assert.equal(r.body.error.code, 'CANCELLED');
  const q = await queued;
  assert.equal(q.body.error.code, 'CANCELLED');
  assert.match(q.body.error.message, /before it started/);
  const failed = await events.next((i) => i.event === 'error' && i.data.job === 'big');
  assert.equal(failed.data.error.code, 'CANCELLED');
  assert.equal(failed.data.method, 'log.import');
  await events.close();

  const logs = await api(host, 'log.list');
  assert.deepEqual(logs.body.map((l: { name: string }) => l.name), ['decisions-clean'], 'the cancelled import left nothing');
  const audit = await api(host, 'audit.list');
  assert.ok(!audit.body.some((e: { arguments: { name?: string } }) => e.arguments?.name === 'big'), 'and nothing was audited as done');
});

test('a client that leaves cancels its call; streams are dropped when their client leaves', async () => {
  const events = await EventReader.open(host, '?job=gone');
  await events.next((i) => i.comment === 'connected');
  assert.equal(host.stats().streams, 1);
  const leaving = new AbortController();
  const call = fetch(`${host.origin}/api/log.import`, { method: 'POST', headers: withJob('gone'), body: JSON.stringify({ path: big, package: REF, name: 'gone' }), signal: leaving.signal });
  await events.next((i) => i.event === 'progress');
  leaving.abort();
  await assert.rejects(call);
  const failed = await events.next((i) => i.event === 'error');
  assert.equal(failed.data.error.code, 'CANCELLED');
  await events.close();
  for (let i = 0; i < 50 && host.stats().streams > 0; i++) await sleep(20);
  assert.deepEqual(host.stats(), { streams: 0, calls: 0 });
});

test('cancel and events check their input', async () => {
  const unknown = await api(host, 'jobs/cancel', { job: 'never-was' });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'NOT_FOUND');
  for (const body of [{}, { job: '' }, { job: 'a b' }, { job: 1 }, { job: 'x', extra: 1 }]) {
    assert.equal((await api(host, 'jobs/cancel', body)).status, 400, JSON.stringify(body));
  }
  assert.equal((await rawRequest(host.port, { path: '/api/jobs/cancel', headers: { Authorization: `Bearer ${host.token}` } })).status, 405);
  assert.equal((await rawRequest(host.port, { path: '/api/events?job=a%20b', headers: { Authorization: `Bearer ${host.token}` } })).status, 400);
  assert.equal((await rawRequest(host.port, { method: 'POST', path: '/api/events', headers: { Authorization: `Bearer ${host.token}` } })).status, 405);
  const badJob = await api(host, 'case.info', {}, withJob('no spaces allowed'));
  assert.equal(badJob.status, 400);
});

test('closing the host cancels what runs, ends the streams and closes the case', async () => {
  const casePath = await caseWithPackage(dir, 'closing.assay');
  const closing = await startHost({ casePath, port: 0, ...OWNER });
  const events = await EventReader.open(closing, '?job=last');
  await events.next((i) => i.comment === 'connected');
  const call = api(closing, 'log.import', { path: big, package: REF }, { Authorization: `Bearer ${closing.token}`, 'Content-Type': 'application/json', 'X-Assay-Job': 'last' }).catch((e: Error) => e);
  await events.next((i) => i.event === 'progress');
  await closing.close();
  await events.closed; // the host ended the stream
  const r = await call;
  assert.ok(r instanceof Error || r.body.error.code === 'CANCELLED');
  const reopened = await startHost({ casePath, port: 0, ...OWNER });
  assert.deepEqual((await api(reopened, 'log.list')).body, []);
  await reopened.close();
});
