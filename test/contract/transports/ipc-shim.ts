import { isMethodName, METHOD_NAMES, type MethodName, type Role } from '../../../src/api/contract.ts';
import { toErrorData, type AssayErrorData } from '../../../src/api/errors.ts';
import { AssayService } from '../../../src/api/service.ts';
import { errorFromWire, TransportError, type Door, type Transport } from '../transport.ts';

/**
 * A stand-in for Electron's IPC, faithful in the two ways that matter to the contract:
 * - arguments and results cross by the structured clone algorithm (no functions, no class instances);
 * - an exception thrown by a handler reaches `invoke` only as a new Error whose message is
 *   "Error invoking remote method 'CHANNEL': <the error as text>" — its `code` and `details` are lost.
 * So the handlers answer with an envelope, `{ ok: true, result }` or `{ ok: false, error }`, and never throw.
 */
type IpcListener = (event: { sender: { id: number } }, ...args: unknown[]) => unknown;

export class FakeIpc {
  private readonly handlers = new Map<string, IpcListener>();

  readonly ipcMain = {
    handle: (channel: string, listener: IpcListener): void => {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, listener);
    },
    removeHandler: (channel: string): void => {
      this.handlers.delete(channel);
    },
  };

  readonly ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]): Promise<unknown> => {
      const listener = this.handlers.get(channel);
      if (!listener) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
      try {
        return structuredClone(await listener({ sender: { id: 1 } }, ...structuredClone(args)));
      } catch (e) {
        throw new Error(`Error invoking remote method '${channel}': ${String(e)}`);
      }
    },
  };
}

/** The channel of a method, derived from the contract: no channel name is written by hand. */
export const channelOf = (method: MethodName): string => `assay:${method}`;

export type IpcEnvelope = { ok: true; result: unknown } | { ok: false; error: AssayErrorData };

/** What electron/main will do: one handler per method of the contract, each calling the one service. */
export function registerIpcHandlers(ipcMain: FakeIpc['ipcMain'], service: AssayService, caller: { user: string; role: Role }): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(channelOf(method), async (_event, args): Promise<IpcEnvelope> => {
      try {
        return { ok: true, result: await service.call(method, args, caller) };
      } catch (e) {
        return { ok: false, error: toErrorData(e) };
      }
    });
  }
  return () => METHOD_NAMES.forEach((m) => ipcMain.removeHandler(channelOf(m)));
}

/** What the preload + renderer client will do: only the contract's methods are callable; envelopes are unwrapped. */
export function ipcTransport(ipcRenderer: FakeIpc['ipcRenderer']): Transport {
  return {
    async call(method, args) {
      if (!isMethodName(method)) throw new TransportError({ code: 'BAD_ARGUMENT', message: `There is no method "${String(method)}".`, details: { method } });
      const envelope = (await ipcRenderer.invoke(channelOf(method), args)) as IpcEnvelope;
      if (envelope.ok) return envelope.result as never;
      throw errorFromWire(envelope.error, `The main process (${method})`);
    },
  };
}

/** (c) The IPC shim: the service behind fake ipcMain handlers, called through fake ipcRenderer.invoke. */
export const ipcDoor: Door = {
  name: 'ipc',
  async open(casePath, caller) {
    const ipc = new FakeIpc();
    const service = new AssayService(casePath);
    const unregister = registerIpcHandlers(ipc.ipcMain, service, caller);
    const transport = ipcTransport(ipc.ipcRenderer);
    return {
      call: transport.call,
      async close() {
        unregister();
        await service.close();
      },
    };
  },
};
