import type { ScoredBatch } from './bisect-failures.ts';
import type { ModelSpec } from './model-spec.ts';
import type { PackedBatch } from './packed-batch.ts';

export interface ScoreOptions {
  /** More failing rows than this stop the scoring with MODEL_RUNTIME. */
  maxFailures?: number;
}

export interface ScoringThreadInfo {
  kind: 'worker' | 'inline';
  /** Why the model runs on the calling thread, when it does. */
  reason: string | null;
}

/** A package's model, ready to score packed batches to P(positive); failing rows are isolated, not fatal. */
export interface BatchScorer {
  readonly spec: ModelSpec;
  readonly thread: ScoringThreadInfo;
  /** False once the scorer can no longer score (closed, or its scoring thread died). */
  readonly usable: boolean;
  /** Scores a batch. Its buffers may be transferred to another thread: the caller must not use it afterwards. */
  score(batch: PackedBatch, options?: ScoreOptions): Promise<ScoredBatch>;
  close(): Promise<void>;
}
