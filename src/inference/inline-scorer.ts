import type { BatchScorer, ScoreOptions, ScoringThreadInfo } from './batch-scorer.ts';
import { scoreBisecting, type ScoredBatch } from './bisect-failures.ts';
import { ModelSession } from './model-session.ts';
import type { ModelSpec } from './model-spec.ts';
import { unpackBatch, type PackedBatch } from './packed-batch.ts';

/** Scores on the calling thread. */
export class InlineScorer implements BatchScorer {
  usable = true;

  private constructor(private readonly model: ModelSession, readonly thread: ScoringThreadInfo) {}

  static async create(modelBytes: Uint8Array, spec: ModelSpec, reason: string | null = null): Promise<InlineScorer> {
    return new InlineScorer(await ModelSession.create(modelBytes, spec), { kind: 'inline', reason });
  }

  get spec(): ModelSpec {
    return this.model.spec;
  }

  score(batch: PackedBatch, options: ScoreOptions = {}): Promise<ScoredBatch> {
    return scoreBisecting(batch, (part) => this.model.score(unpackBatch(this.model.spec, part)), options.maxFailures);
  }

  close(): Promise<void> {
    this.usable = false;
    return this.model.close();
  }
}
