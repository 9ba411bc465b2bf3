import type { BatchScorer } from './batch-scorer.ts';
import { InlineScorer } from './inline-scorer.ts';
import type { ModelSpec } from './model-spec.ts';
import { ScoringPool } from './scoring-pool.ts';
import { WorkerScorer } from './worker-scorer.ts';

export interface OpenScorerOptions {
  /** 'worker' (default): ONNX Runtime runs on the shared scoring threads, so the service keeps answering. */
  thread?: 'worker' | 'inline';
}

/** Opens a package's model for batch scoring, on the scoring thread unless that thread cannot start. */
export async function openScorer(modelBytes: Uint8Array, spec: ModelSpec, options: OpenScorerOptions = {}): Promise<BatchScorer> {
  if (options.thread === 'inline') return InlineScorer.create(modelBytes, spec, 'inline scoring was asked for');
  let pool: ScoringPool;
  try {
    pool = await ScoringPool.get();
  } catch (e) {
    return InlineScorer.create(modelBytes, spec, `the scoring thread could not start (${(e as Error).message}), so the model runs on the service's thread`);
  }
  return WorkerScorer.open(pool, modelBytes, spec);
}
