/**
 * Runs calls one at a time, in arrival order: the host has one case, and its DuckDB connection takes one call at a
 * time (a call may reopen the case with other allowed files). A failed call does not stop the queue.
 */
export class CallQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(task, task);
    this.tail = result.then(
      () => { this.pending--; },
      () => { this.pending--; },
    );
    return result;
  }

  /** Calls queued or running. */
  get size(): number {
    return this.pending;
  }

  /** Resolves when every call queued so far has settled. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
