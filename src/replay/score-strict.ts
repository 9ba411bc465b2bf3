import { AssayError } from '../api/errors.ts';
import type { BatchScorer, PackedBatch } from '../inference/index.ts';

/** Scores rows that must all score (a what-if, a search): a failing row is an error naming what was scored. */
export async function scoreStrict(scorer: BatchScorer, batch: PackedBatch, what: string): Promise<Float64Array> {
  const { scores, failures } = await scorer.score(batch);
  if (failures.length > 0) {
    throw new AssayError('MODEL_RUNTIME', `The model failed on ${what}: ${failures[0]!.message}`, { failures: failures.length });
  }
  return scores;
}
