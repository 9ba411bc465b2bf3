import type { AssayErrorData } from '../../src/api/errors.ts';
import type { MethodArgs, MethodName, MethodResult } from '../../src/api/contract.ts';

/**
 * The one place that chooses how calls travel: the Electron preload's bridge when it is there (with the desktop-app
 * issue), else HTTP to the host that served this page (the token is in its HttpOnly cookie; same origin).
 */
export interface Transport {
  call<M extends MethodName>(method: M, args: MethodArgs<M>, options?: { job?: string }): Promise<MethodResult<M>>;
}

/** What every call rejects with: the service's `{ code, message, details? }`, as an Error. */
export class ApiError extends Error implements AssayErrorData {
  readonly code: AssayErrorData['code'];
  readonly details?: Record<string, unknown>;

  constructor(data: AssayErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.code = data.code;
    if (data.details !== undefined) this.details = data.details;
  }
}

function errorFromWire(value: unknown, what: string): ApiError {
  const e = (value ?? {}) as Partial<AssayErrorData>;
  if (typeof e.code === 'string' && typeof e.message === 'string') {
    return new ApiError({ code: e.code, message: e.message, ...(e.details && typeof e.details === 'object' ? { details: e.details } : {}) });
  }
  return new ApiError({ code: 'INTERNAL', message: `${what} answered without a proper error.` });
}

/** POST /api/<method> with the arguments as JSON; 200 carries the result, any other status `{ error }`. */
export class HttpTransport implements Transport {
  constructor(private readonly base = '') {}

  async call<M extends MethodName>(method: M, args: MethodArgs<M>, options: { job?: string } = {}): Promise<MethodResult<M>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (options.job) headers['X-Assay-Job'] = options.job;
    let res: Response;
    try {
      res = await fetch(`${this.base}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(args ?? {}), credentials: 'same-origin' });
    } catch {
      throw new ApiError({ code: 'INTERNAL', message: 'The Assay host does not answer; is "assay serve" still running?' });
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw errorFromWire(null, `The host (HTTP ${res.status})`);
    }
    if (res.status === 200) return body as MethodResult<M>;
    throw errorFromWire((body as { error?: unknown } | null)?.error, `The host (HTTP ${res.status})`);
  }
}

/** The Electron preload's bridge, when present (window.assay; electron/preload/bridge.ts). Calls reject with `{ code, message }`. */
interface Bridge {
  call(method: string, args: unknown, options?: { job?: string }): Promise<unknown>;
  cancel?(job: string): Promise<void>;
  onEvent?(listener: (event: { type: string; data: { job: string; stage?: string; done?: number; total?: number } }) => void): () => void;
}

/** Job progress and cancellation under the desktop bridge (the HTTP path uses /api/events and /api/jobs/cancel). */
export interface DesktopJobs {
  follow(job: string, onProgress: (p: { stage: string; done?: number; total?: number }) => void): () => void;
  cancel(job: string): Promise<void>;
}

export function desktopJobs(): DesktopJobs | null {
  const b = bridge();
  if (!b || typeof b.onEvent !== 'function' || typeof b.cancel !== 'function') return null;
  const { onEvent, cancel } = b as Required<Bridge>;
  return {
    follow: (job, onProgress) =>
      onEvent((e) => {
        if (e.type === 'progress' && e.data.job === job) onProgress({ stage: String(e.data.stage), ...(typeof e.data.done === 'number' ? { done: e.data.done } : {}), ...(typeof e.data.total === 'number' ? { total: e.data.total } : {}) });
      }),
    cancel: (job) => cancel(job).catch(() => undefined),
  };
}

function bridge(): Bridge | null {
  const b = (globalThis as { assay?: Partial<Bridge> }).assay;
  return b && typeof b.call === 'function' ? (b as Bridge) : null;
}

export function chooseTransport(): Transport {
  const b = bridge();
  if (b) {
    return {
      async call(method, args, options) {
        try {
          return (await b.call(method, args, options)) as never;
        } catch (e) {
          throw errorFromWire(e, 'The desktop app');
        }
      },
    };
  }
  return new HttpTransport();
}
