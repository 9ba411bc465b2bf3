import type { AssayErrorData } from '../api/errors.ts';
import type { ModelSpec } from './model-spec.ts';
import type { PackedBatch } from './packed-batch.ts';

/** Messages between the service's thread and the scoring worker. */
export type ScoringRequest =
  | { id: number; op: 'open'; model: Uint8Array; spec: ModelSpec }
  | { id: number; op: 'score'; session: number; batch: PackedBatch; maxFailures: number }
  | { id: number; op: 'close'; session: number };

export type ScoringReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: AssayErrorData };

/** The worker's first message once its modules have loaded. */
export const WORKER_READY = 'assay-scoring-worker-ready';
