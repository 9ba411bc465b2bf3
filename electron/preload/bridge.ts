import type { AssayErrorData } from '../../src/api/errors.ts';
import { CALL_CHANNEL, CANCEL_CHANNEL, EVENT_CHANNEL, type DesktopEvent, type Envelope } from '../shared/ipc-protocol.ts';
import type { IpcRendererLike, WebUtilsLike } from '../main/electron-api.ts';

/**
 * What the page gets as `window.assay` (renderer/api/transport.ts uses it): three functions, no Electron object.
 * `call` resolves with the method's result or rejects with a plain `{ code, message, details? }` (contextBridge
 * drops the properties of Error objects, a plain object crosses whole).
 */
export interface AssayBridge {
  call(method: string, args: unknown, options?: { job?: string }): Promise<unknown>;
  cancel(job: string): Promise<void>;
  onEvent(listener: (event: DesktopEvent) => void): () => void;
  /** The path of a file dropped on the window (File.path no longer exists under context isolation). */
  pathForFile(file: object): string;
}

function unwrap(envelope: unknown): unknown {
  const e = envelope as Envelope | null;
  if (e && e.ok === true) return e.result;
  const error: AssayErrorData = e && e.ok === false && e.error ? { code: e.error.code, message: e.error.message, ...(e.error.details ? { details: e.error.details } : {}) } : { code: 'INTERNAL', message: 'The desktop app answered without a result.' };
  throw error;
}

export function createBridge(ipcRenderer: IpcRendererLike, webUtils: WebUtilsLike): AssayBridge {
  return {
    async call(method, args, options) {
      const request: { method: string; args: unknown; job?: string } = { method: String(method), args: args ?? {} };
      if (typeof options?.job === 'string') request.job = options.job;
      return unwrap(await ipcRenderer.invoke(CALL_CHANNEL, request));
    },
    async cancel(job) {
      unwrap(await ipcRenderer.invoke(CANCEL_CHANNEL, { job: String(job) }));
    },
    onEvent(listener) {
      // the page's listener sees the event's data only, never Electron's IpcRendererEvent (it holds `sender`)
      const forward = (_event: unknown, data: unknown) => listener(data as DesktopEvent);
      ipcRenderer.on(EVENT_CHANNEL, forward);
      return () => {
        ipcRenderer.removeListener(EVENT_CHANNEL, forward);
      };
    },
    pathForFile(file) {
      return webUtils.getPathForFile(file);
    },
  };
}
