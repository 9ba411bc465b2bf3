import type { AssayErrorData } from '../../src/api/errors.ts';
import type { JobEvent } from '../../src/host/http/job-registry.ts';

/** The renderer calls one channel with `{ method, args, job? }`; main checks the sender and the arguments. */
export const CALL_CHANNEL = 'assay:call';
/** `{ job }`: cancels a call started with that job id. */
export const CANCEL_CHANNEL = 'assay:cancel';
/** Main → renderer: job progress/done/error (the HTTP host's event stream, as IPC messages). */
export const EVENT_CHANNEL = 'assay:event';

export interface CallRequest {
  method: string;
  args?: unknown;
  job?: string;
}

/**
 * What a handler answers. Electron passes a thrown error to `invoke` only as a new Error with the text
 * "Error invoking remote method …", losing `code` and `details`, so handlers answer with an envelope and never throw.
 */
export type Envelope = { ok: true; result: unknown } | { ok: false; error: AssayErrorData };

export type DesktopEvent = JobEvent;
