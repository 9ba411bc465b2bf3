import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IpcRendererLike } from '../../../electron/main/electron-api.ts';
import { createBridge } from '../../../electron/preload/bridge.ts';
import { CALL_CHANNEL, CANCEL_CHANNEL, EVENT_CHANNEL } from '../../../electron/shared/ipc-protocol.ts';

type RendererListener = (event: unknown, ...args: unknown[]) => void;

class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  readonly listeners = new Map<string, RendererListener[]>();
  reply: unknown = { ok: true, result: null };
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.reply;
  }
  on(channel: string, listener: RendererListener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeListener(channel: string, listener: RendererListener): this {
    this.listeners.set(channel, (this.listeners.get(channel) ?? []).filter((l) => l !== listener));
    return this;
  }
}

const noWebUtils = { getPathForFile: () => '/dropped/file.csv' };

test('the bridge is three functions and a path lookup, no Electron object', () => {
  const bridge = createBridge(new FakeIpcRenderer(), noWebUtils);
  assert.deepEqual(Object.keys(bridge).sort(), ['call', 'cancel', 'onEvent', 'pathForFile']);
  for (const value of Object.values(bridge)) assert.equal(typeof value, 'function');
});

test('call sends { method, args, job } on the one channel and resolves with the result', async () => {
  const ipc = new FakeIpcRenderer();
  ipc.reply = { ok: true, result: { rows: 3 } };
  const bridge = createBridge(ipc, noWebUtils);
  assert.deepEqual(await bridge.call('log.rows', { log: 'clean' }, { job: 'ui.7' }), { rows: 3 });
  assert.deepEqual(await bridge.call('case.info', undefined), { rows: 3 });
  assert.deepEqual(ipc.invoked, [
    { channel: CALL_CHANNEL, args: [{ method: 'log.rows', args: { log: 'clean' }, job: 'ui.7' }] },
    { channel: CALL_CHANNEL, args: [{ method: 'case.info', args: {} }] },
  ]);
});

test('an error envelope rejects with a plain { code, message, details } (contextBridge keeps plain objects whole)', async () => {
  const ipc = new FakeIpcRenderer();
  ipc.reply = { ok: false, error: { code: 'BAD_ARGUMENT', message: 'Invalid arguments for log.rows: limit.', details: { method: 'log.rows' } } };
  const bridge = createBridge(ipc, noWebUtils);
  const error = await bridge.call('log.rows', {}).then(() => null, (e: unknown) => e);
  assert.equal(error instanceof Error, false);
  assert.deepEqual(error, { code: 'BAD_ARGUMENT', message: 'Invalid arguments for log.rows: limit.', details: { method: 'log.rows' } });
  ipc.reply = 'garbage';
  const internal = await bridge.call('case.info', {}).then(() => null, (e: unknown) => e);
  assert.deepEqual(internal, { code: 'INTERNAL', message: 'The desktop app answered without a result.' });
});

test('events reach the page without Electron\'s event object, and can be unsubscribed', () => {
  const ipc = new FakeIpcRenderer();
  const bridge = createBridge(ipc, noWebUtils);
  const seen: unknown[][] = [];
  const off = bridge.onEvent((...args: unknown[]) => seen.push(args));
  const progress = { type: 'progress', data: { job: 'ui.7', stage: 'replay', done: 1, total: 2 } };
  for (const l of ipc.listeners.get(EVENT_CHANNEL) ?? []) l({ sender: 'the ipcRenderer itself' }, progress);
  assert.deepEqual(seen, [[progress]]);
  off();
  assert.equal(ipc.listeners.get(EVENT_CHANNEL)?.length, 0);
});

test('cancel sends { job } on the cancel channel', async () => {
  const ipc = new FakeIpcRenderer();
  const bridge = createBridge(ipc, noWebUtils);
  await bridge.cancel('ui.7');
  assert.deepEqual(ipc.invoked, [{ channel: CANCEL_CHANNEL, args: [{ job: 'ui.7' }] }]);
});
