/**
 * Keeps up to `depth` asynchronous jobs running while the producer goes on, so that reading the next batch
 * overlaps with scoring the previous ones. The first job failure is thrown at the next `add` or at `drain`.
 */
export class Pipeline {
  private readonly running: Promise<void>[] = [];
  private failure: { error: unknown } | null = null;

  constructor(private readonly depth: number) {}

  async add(job: Promise<void>): Promise<void> {
    this.running.push(job.catch((error: unknown) => {
      this.failure ??= { error };
    }));
    if (this.running.length >= this.depth) await this.running.shift();
    this.rethrow();
  }

  async drain(): Promise<void> {
    await Promise.all(this.running.splice(0));
    this.rethrow();
  }

  /** Waits for the running jobs without reporting their failures (after the producer itself failed). */
  async settle(): Promise<void> {
    await Promise.all(this.running.splice(0));
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}
