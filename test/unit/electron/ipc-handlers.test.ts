import { test } from 'node:test';
import assert from 'node:assert/strict';
import { METHOD_NAMES } from '../../../src/api/contract.ts';
import { AssayError } from '../../../src/api/errors.ts';
import { validateCall } from '../../../electron/main/call-validation.ts';
import { registerIpcHandlers, type ServiceBackend } from '../../../electron/main/ipc-handlers.ts';
import { CALL_CHANNEL, CANCEL_CHANNEL, type Envelope } from '../../../electron/shared/ipc-protocol.ts';
import { FakeIpcMain, frame, invokeEvent } from './fakes.ts';

const APP_PAGE = 'assay://app/index.html#/log/clean';

class RecordingBackend implements ServiceBackend {
  readonly calls: { method: string; args: unknown; job: string | null }[] = [];
  readonly cancels: string[] = [];
  answer: () => Promise<unknown> = async () => ({ answered: true });
  call(method: string, args: unknown, job: string | null): Promise<unknown> {
    this.calls.push({ method, args, job });
    return this.answer();
  }
  async cancel(job: string): Promise<unknown> {
    this.cancels.push(job);
    return { job, cancelled: true };
  }
}

function setup(trusted?: (id: number) => boolean) {
  const ipc = new FakeIpcMain();
  const backend = new RecordingBackend();
  const unregister = registerIpcHandlers(ipc, backend, trusted);
  return { ipc, backend, unregister };
}

const call = (ipc: FakeIpcMain, url: string, request: unknown, options: Parameters<typeof invokeEvent>[1] = {}) =>
  ipc.invoke(invokeEvent(url, options), CALL_CHANNEL, request) as Promise<Envelope>;

test('a valid call from the app\'s page reaches the service with its arguments and job', async () => {
  const { ipc, backend } = setup((id) => id === 1);
  const answer = await call(ipc, APP_PAGE, { method: 'log.rows', args: { log: 'clean', offset: 0, limit: 10 }, job: 'ui.1' });
  assert.deepEqual(answer, { ok: true, result: { answered: true } });
  assert.deepEqual(backend.calls, [{ method: 'log.rows', args: { log: 'clean', offset: 0, limit: 10 }, job: 'ui.1' }]);
});

test('calls from another origin, an embedded frame, a vanished frame or another window are refused', async () => {
  const { ipc, backend } = setup((id) => id === 1);
  const request = { method: 'case.info', args: {} };
  const refused: [string, Parameters<typeof invokeEvent>[1]][] = [
    ['https://evil.example/', {}],
    ['http://127.0.0.1:5173/', {}],
    ['file:///home/me/index.html', {}],
    ['assay://evil/index.html', {}],
    ['assay://app.evil/index.html', {}],
    ['about:blank', {}],
    [APP_PAGE, { parent: frame(APP_PAGE) }], // an iframe inside the app's page
    [APP_PAGE, { noFrame: true }],
    [APP_PAGE, { senderId: 2 }], // a webContents that is not the app's window
  ];
  for (const [url, options] of refused) {
    const answer = await call(ipc, url, request, options);
    assert.equal(answer.ok, false, `${url} ${JSON.stringify(options)}`);
    if (!answer.ok) {
      assert.equal(answer.error.code, 'PERMISSION_DENIED');
      assert.equal(typeof answer.error.message, 'string');
    }
  }
  assert.deepEqual(backend.calls, [], 'no refused call reached the service');
});

test('arguments the contract\'s schema refuses get BAD_ARGUMENT and never reach the service', async () => {
  const { ipc, backend } = setup();
  const bad: unknown[] = [
    { method: 'log.rows', args: { log: 'clean', limit: 'ten' } },
    { method: 'case.create', args: { title: 'x', extra: true } }, // strict schema
    { method: 'replay.run', args: { log: 'clean', tolerance: -1 } },
    { method: 'no.such', args: {} },
    { method: 'case.info', args: [] },
    { method: 42 },
    'case.info',
    null,
    { method: 'case.info', args: {}, job: 'has spaces' },
  ];
  for (const request of bad) {
    const answer = await call(ipc, APP_PAGE, request);
    assert.equal(answer.ok, false, JSON.stringify(request));
    if (!answer.ok) assert.equal(answer.error.code, 'BAD_ARGUMENT', JSON.stringify(request));
  }
  const named = await call(ipc, APP_PAGE, { method: 'log.rows', args: { log: 'clean', limit: 'ten' } });
  assert.ok(!named.ok && /log\.rows/.test(named.error.message) && /limit/.test(named.error.message), 'the sentence names the method and the field');
  assert.deepEqual(backend.calls, []);
});

test('every method of the contract is callable through the one channel, and nothing else', () => {
  for (const method of METHOD_NAMES) {
    try {
      validateCall({ method, args: {} });
    } catch (e) {
      assert.ok(e instanceof AssayError && e.code === 'BAD_ARGUMENT');
      assert.match(e.message, new RegExp(`^Invalid arguments for ${method.replace('.', '\\.')}`), method);
    }
  }
  assert.throws(() => validateCall({ method: 'constructor', args: {} }), /There is no method/);
  assert.throws(() => validateCall({ method: '__proto__', args: {} }), /There is no method/);
});

test('errors cross as { code, message, details? }; anything unexpected as INTERNAL', async () => {
  const { ipc, backend } = setup();
  const request = { method: 'case.info', args: {} };
  backend.answer = () => Promise.reject({ code: 'CASE_LOCKED', message: 'Another process holds the case.', details: { path: '/c.assay' } });
  assert.deepEqual(await call(ipc, APP_PAGE, request), { ok: false, error: { code: 'CASE_LOCKED', message: 'Another process holds the case.', details: { path: '/c.assay' } } });
  backend.answer = () => Promise.reject(new AssayError('NOT_FOUND', 'There is no log "x".'));
  assert.deepEqual(await call(ipc, APP_PAGE, request), { ok: false, error: { code: 'NOT_FOUND', message: 'There is no log "x".' } });
  backend.answer = () => Promise.reject(new TypeError('boom'));
  const internal = await call(ipc, APP_PAGE, request);
  assert.equal(internal.ok, false);
  if (!internal.ok) {
    assert.equal(internal.error.code, 'INTERNAL');
    assert.deepEqual(Object.keys(internal.error).sort(), ['code', 'message']);
  }
  backend.answer = () => Promise.reject({ code: 'NOT_A_CODE', message: 'forged' });
  const forged = await call(ipc, APP_PAGE, request);
  assert.ok(!forged.ok && forged.error.code === 'INTERNAL');
});

test('cancel is checked like a call: sender first, then the job id', async () => {
  const { ipc, backend } = setup();
  assert.deepEqual(await ipc.invoke(invokeEvent(APP_PAGE), CANCEL_CHANNEL, { job: 'ui.1' }), { ok: true, result: { job: 'ui.1', cancelled: true } });
  const foreign = (await ipc.invoke(invokeEvent('https://evil.example/'), CANCEL_CHANNEL, { job: 'ui.2' })) as Envelope;
  assert.ok(!foreign.ok && foreign.error.code === 'PERMISSION_DENIED');
  const bad = (await ipc.invoke(invokeEvent(APP_PAGE), CANCEL_CHANNEL, { job: '' })) as Envelope;
  assert.ok(!bad.ok && bad.error.code === 'BAD_ARGUMENT');
  assert.deepEqual(backend.cancels, ['ui.1']);
});

test('the handlers can be removed', () => {
  const { ipc, unregister } = setup();
  assert.deepEqual([...ipc.handlers.keys()].sort(), [CALL_CHANNEL, CANCEL_CHANNEL].sort());
  unregister();
  assert.equal(ipc.handlers.size, 0);
});
