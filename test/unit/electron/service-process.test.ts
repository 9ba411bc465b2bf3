import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import type { CallContext } from '../../../src/api/service.ts';
import type { JobEvent } from '../../../src/host/http/job-registry.ts';
import type { UtilityProcessLike } from '../../../electron/main/electron-api.ts';
import { ServiceClient } from '../../../electron/main/service-client.ts';
import { serveRequests, type MessagePortLike, type ServiceLike } from '../../../electron/service/service-host.ts';

/** A pair of in-memory ports: main's utility-process handle and the child's parentPort, cloning like Electron. */
function channel() {
  const toChild: ((e: { data: unknown }) => void)[] = [];
  const toMain: ((m: unknown) => void)[] = [];
  const exits: ((code: number) => void)[] = [];
  let alive = true;
  const parentPort: MessagePortLike = {
    on: (_event, l) => toChild.push(l),
    postMessage: (m) => queueMicrotask(() => alive && toMain.forEach((l) => l(structuredClone(m)))),
  };
  const child: UtilityProcessLike = {
    postMessage: (m) => queueMicrotask(() => alive && toChild.forEach((l) => l({ data: structuredClone(m) }))),
    on(event: 'message' | 'exit', l: ((m: unknown) => void) & ((code: number) => void)) {
      (event === 'message' ? toMain : exits).push(l);
      return this;
    },
    kill: () => {
      alive = false;
      exits.forEach((l) => l(1));
      return true;
    },
  };
  return { parentPort, child };
}

class FakeService implements ServiceLike {
  closed = false;
  readonly calls: { method: string; args: unknown; ctx: CallContext }[] = [];
  constructor(readonly casePath: string | null, private readonly behaviour: (method: string, ctx: CallContext) => Promise<unknown> = async () => ({ path: casePath })) {}
  call(method: string, args: unknown, ctx: CallContext): Promise<unknown> {
    this.calls.push({ method, args, ctx });
    return this.behaviour(method, ctx);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const caller = { user: 'ana', role: 'auditor' as const };

function start(make: (path: string | null) => FakeService, exists: (p: string) => boolean = () => true) {
  const services: FakeService[] = [];
  const events: JobEvent[] = [];
  let spawned = 0;
  const client = new ServiceClient(
    (casePath) => {
      spawned++;
      const { parentPort, child } = channel();
      serveRequests(parentPort, (p) => {
        const s = make(p);
        services.push(s);
        return s;
      }, casePath, caller, exists);
      return child;
    },
    '/cases/a.assay',
    (e) => events.push(e),
  );
  return { client, services, events, spawned: () => spawned };
}

test('calls travel to the service process and back, with the caller the process was started for', async () => {
  const { client, services } = start((p) => new FakeService(p));
  assert.deepEqual(await client.call('case.info', {}, null), { path: '/cases/a.assay' });
  assert.equal(services[0]!.calls[0]!.ctx.user, 'ana');
  assert.equal(services[0]!.calls[0]!.ctx.role, 'auditor');
});

test('an error comes back as { code, message, details }', async () => {
  const { client } = start((p) => new FakeService(p, async () => {
    throw new AssayError('LOG_INVALID', 'The log has no header.', { log: 'x' });
  }));
  await assert.rejects(client.call('log.import', {}, null), (e: unknown) => {
    assert.deepEqual(e, { code: 'LOG_INVALID', message: 'The log has no header.', details: { log: 'x' } });
    return true;
  });
});

test('a job\'s progress arrives as events, and cancelling it aborts the call with CANCELLED', async () => {
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const { client, events } = start((p) => new FakeService(p, (_m, ctx) => {
    ctx.onProgress?.({ stage: 'replay', done: 1, total: 4 });
    started();
    return new Promise((_resolve, reject) => ctx.signal!.addEventListener('abort', () => reject(ctx.signal!.reason)));
  }));
  const call = client.call('replay.run', { log: 'clean' }, 'ui.9');
  await running;
  assert.deepEqual(await client.cancel('ui.9'), { job: 'ui.9', cancelled: true });
  await assert.rejects(call, (e: { code?: string }) => e.code === 'CANCELLED');
  assert.deepEqual(events.map((e) => e.type), ['progress', 'error']);
  assert.deepEqual(events[0]!.data, { job: 'ui.9', stage: 'replay', done: 1, total: 4 });
});

test('opening another case switches only once the new case answers; a failing one leaves the open case alone', async () => {
  const { client, services } = start((p) => new FakeService(p, async (method) => {
    if (p === '/cases/broken.assay' && method === 'case.info') throw new AssayError('CASE_INVALID', 'Not an Assay case.');
    return { path: p };
  }), (p) => p !== '/cases/missing.assay');
  await client.call('case.info', {}, null);
  await assert.rejects(client.openCase('/cases/missing.assay'), (e: { code?: string }) => e.code === 'NOT_FOUND');
  await assert.rejects(client.openCase('/cases/broken.assay'), (e: { code?: string }) => e.code === 'CASE_INVALID');
  assert.equal(services[0]!.closed, false, 'the open case stays open');
  assert.equal(services[1]!.closed, true, 'the broken one is closed again');
  assert.deepEqual(await client.call('case.info', {}, null), { path: '/cases/a.assay' });
  await client.openCase('/cases/b.assay');
  assert.equal(services[0]!.closed, true);
  assert.equal(client.openCasePath, '/cases/b.assay');
  assert.deepEqual(await client.call('case.info', {}, null), { path: '/cases/b.assay' });
});

test('when the service process dies, calls in flight fail with INTERNAL and the next call starts it again on the same case', async () => {
  const { client, spawned } = start((p) => new FakeService(p, (method) => (method === 'hang' ? new Promise(() => undefined) : Promise.resolve({ path: p }))));
  const hanging = client.call('hang', {}, null);
  await new Promise((r) => setTimeout(r, 0));
  client.stop();
  await assert.rejects(hanging, (e: { code?: string; message?: string }) => e.code === 'INTERNAL' && /stopped/.test(e.message ?? ''));
  assert.deepEqual(await client.call('case.info', {}, null), { path: '/cases/a.assay' });
  assert.equal(spawned(), 2);
});
