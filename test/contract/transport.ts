import type { MethodArgs, MethodName, MethodResult, Role } from '../../src/api/contract.ts';
import { ERROR_CODES, type AssayErrorData, type ErrorCode } from '../../src/api/errors.ts';

/**
 * The one shape of a client of the contract, whatever carries the call (the service in-process, HTTP, Electron
 * IPC). The renderer's client (renderer/api) mirrors it: `call` resolves with the method's result, or rejects with a
 * TransportError carrying the service's `{ code, message, details? }` unchanged.
 */
export interface Transport {
  call<M extends MethodName>(method: M, args: MethodArgs<M>, options?: CallOptions): Promise<MethodResult<M>>;
}

export interface CallOptions {
  /** A client-chosen job id: progress events and cancellation refer to it (HTTP: the X-Assay-Job header). */
  job?: string;
}

/** A transport that holds resources (a server, a case) until closed. */
export interface OpenTransport extends Transport {
  close(): Promise<void>;
}

/** Opens a transport onto a case for one caller. `name` names the door in test output. */
export interface Door {
  name: string;
  open(casePath: string, caller: { user: string; role: Role }): Promise<OpenTransport>;
}

/** What every transport throws: the error data of the contract, as an Error (so that stacks and `instanceof` work). */
export class TransportError extends Error implements AssayErrorData {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(data: AssayErrorData) {
    super(data.message);
    this.name = 'TransportError';
    this.code = data.code;
    if (data.details !== undefined) this.details = data.details;
  }

  toData(): AssayErrorData {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}

/** Reads error data that crossed a wire; anything that is not `{code, message}` with a known code is INTERNAL. */
export function errorFromWire(value: unknown, what: string): TransportError {
  const e = (value ?? {}) as Partial<AssayErrorData>;
  if (typeof e.code === 'string' && (ERROR_CODES as readonly string[]).includes(e.code) && typeof e.message === 'string') {
    return new TransportError({ code: e.code, message: e.message, ...(e.details && typeof e.details === 'object' ? { details: e.details } : {}) });
  }
  return new TransportError({ code: 'INTERNAL', message: `${what} answered without a proper error: ${JSON.stringify(value)?.slice(0, 200)}.` });
}
