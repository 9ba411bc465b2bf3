import type { BatchScorer, ScoreOptions, ScoringThreadInfo } from './batch-scorer.ts';
import type { ScoredBatch } from './bisect-failures.ts';
import type { ModelSpec } from './model-spec.ts';
import { packedBuffers, type PackedBatch } from './packed-batch.ts';
import type { ScoringPool } from './scoring-pool.ts';

/**
 * A model on the scoring threads: each batch goes to the least busy thread, its buffers transferred, not copied.
 * The model opens on the first thread at once (so that a model ONNX Runtime refuses fails here) and on the others
 * when a batch first goes there, so that a one-row what-if costs one session.
 */
export class WorkerScorer implements BatchScorer {
  readonly thread: ScoringThreadInfo = { kind: 'worker', reason: null };
  private closed = false;
  /** Batches assigned to each thread that wait for its session to open, not yet counted in the thread's load. */
  private readonly assigned: number[];

  private constructor(
    private readonly pool: ScoringPool,
    private readonly modelBytes: Uint8Array,
    private readonly sessions: (Promise<number> | undefined)[],
    readonly spec: ModelSpec,
  ) {
    this.assigned = pool.threads.map(() => 0);
  }

  static async open(pool: ScoringPool, modelBytes: Uint8Array, spec: ModelSpec): Promise<WorkerScorer> {
    const first = pool.threads[0]!.request<number>({ op: 'open', model: modelBytes, spec });
    await first;
    return new WorkerScorer(pool, modelBytes, [first], spec);
  }

  private session(i: number): Promise<number> {
    this.sessions[i] ??= this.pool.threads[i]!.request<number>({ op: 'open', model: this.modelBytes, spec: this.spec });
    return this.sessions[i]!;
  }

  private leastLoaded(): number {
    let best = 0;
    this.pool.threads.forEach((t, i) => {
      if (t.load + this.assigned[i]! < this.pool.threads[best]!.load + this.assigned[best]!) best = i;
    });
    return best;
  }

  async score(batch: PackedBatch, options: ScoreOptions = {}): Promise<ScoredBatch> {
    const i = this.leastLoaded();
    this.assigned[i]!++;
    let session: number;
    try {
      session = await this.session(i);
    } finally {
      this.assigned[i]!--;
    }
    return this.pool.threads[i]!.request<ScoredBatch>(
      { op: 'score', session, batch, maxFailures: options.maxFailures ?? Number.POSITIVE_INFINITY },
      packedBuffers(batch),
    );
  }

  get usable(): boolean {
    return !this.closed && this.pool.alive;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.sessions.map(async (s, i) => {
      if (!s) return;
      const session = await s.catch(() => null);
      if (session !== null) await this.pool.threads[i]!.request({ op: 'close', session }).catch(() => undefined);
    }));
  }
}
