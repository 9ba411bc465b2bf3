import { availableParallelism } from 'node:os';
import { ScoringThread } from './scoring-thread.ts';

/**
 * The scoring threads of the process, shared by every scorer: one per core, so that a replay's batches are scored
 * in parallel while the service's thread reads the next ones. Started on first use.
 */
export class ScoringPool {
  private static shared: Promise<ScoringPool> | null = null;

  alive = true;

  private constructor(readonly threads: readonly ScoringThread[]) {}

  static get(): Promise<ScoringPool> {
    ScoringPool.shared ??= ScoringPool.start().catch((e: unknown) => {
      ScoringPool.shared = null;
      throw e;
    });
    return ScoringPool.shared;
  }

  private static async start(): Promise<ScoringPool> {
    const size = Math.max(1, Math.min(availableParallelism(), 4));
    const started = await Promise.allSettled(Array.from({ length: size }, () => ScoringThread.start()));
    const threads = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    if (threads.length === 0) throw (started[0] as PromiseRejectedResult).reason;
    const pool = new ScoringPool(threads);
    for (const t of threads) t.onFailure = () => pool.discard();
    return pool;
  }

  /** A thread died: the others go too, and the next use starts a new pool. */
  private discard(): void {
    if (!this.alive) return;
    this.alive = false;
    ScoringPool.shared = null;
    for (const t of this.threads) t.terminate();
  }
}
