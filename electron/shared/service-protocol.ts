import type { AssayErrorData } from '../../src/api/errors.ts';
import type { JobEvent } from '../../src/host/http/job-registry.ts';

/** Main → service process. `id` pairs a request with its reply. */
export type ServiceRequest =
  | { type: 'call'; id: number; method: string; args: unknown; job: string | null }
  | { type: 'cancel'; id: number; job: string }
  | { type: 'open'; id: number; casePath: string };

/** Service process → main. */
export type ServiceMessage =
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: AssayErrorData }
  | { type: 'event'; event: JobEvent };
