import { ERROR_CODES, isAssayError, toErrorData, type AssayErrorData } from '../../src/api/errors.ts';
import { CALL_CHANNEL, CANCEL_CHANNEL, type Envelope } from '../shared/ipc-protocol.ts';
import { validateCall, validateJobId } from './call-validation.ts';
import type { IpcMainInvokeEventLike, IpcMainLike } from './electron-api.ts';
import { senderRefusal } from './sender-check.ts';

/** Where main forwards validated calls: the service process (service-client.ts). */
export interface ServiceBackend {
  call(method: string, args: unknown, job: string | null): Promise<unknown>;
  cancel(job: string): Promise<unknown>;
}

/** An error as it crosses to the renderer: `{ code, message, details? }`; anything else becomes INTERNAL. */
export function wireError(e: unknown): AssayErrorData {
  if (isAssayError(e)) return e.toData();
  const data = e as Partial<AssayErrorData> | null;
  if (data && typeof data === 'object' && !(e instanceof Error) && typeof data.message === 'string' && (ERROR_CODES as readonly string[]).includes(String(data.code))) {
    return { code: data.code!, message: data.message, ...(data.details && typeof data.details === 'object' ? { details: data.details } : {}) };
  }
  return toErrorData(e);
}

async function answer(event: IpcMainInvokeEventLike, trusted: ((id: number) => boolean) | undefined, work: () => Promise<unknown>): Promise<Envelope> {
  const refusal = senderRefusal(event, trusted);
  if (refusal) return { ok: false, error: { code: 'PERMISSION_DENIED', message: refusal } };
  try {
    return { ok: true, result: await work() };
  } catch (e) {
    return { ok: false, error: wireError(e) };
  }
}

/**
 * The IPC door, derived from the contract: one channel takes `{ method, args, job? }` for every method in METHODS.
 * Each message is checked in this order: the sender (app origin, top frame, app window), the method and its
 * arguments (the contract's zod schema), then forwarded to the service. Answers are envelopes; nothing throws.
 * Returns a function that removes the handlers.
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, backend: ServiceBackend, trusted?: (webContentsId: number) => boolean): () => void {
  ipcMain.handle(CALL_CHANNEL, (event, request) =>
    answer(event, trusted, async () => {
      const call = validateCall(request);
      return backend.call(call.method, call.args, call.job);
    }),
  );
  ipcMain.handle(CANCEL_CHANNEL, (event, request) => answer(event, trusted, async () => backend.cancel(validateJobId(request))));
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    ipcMain.removeHandler(CANCEL_CHANNEL);
  };
}
