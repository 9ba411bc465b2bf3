import type { BatchScorer } from './batch-scorer.ts';

export interface ScorerLease {
  scorer: BatchScorer;
  release(): Promise<void>;
}

interface Entry {
  scorer: Promise<BatchScorer>;
  users: number;
  evicted: boolean;
}

/**
 * Keeps the last few models open between calls, so that a what-if does not reload its model: at most `size`
 * scorers, the least recently used closed first, but only once no call is using it.
 */
export class ScorerCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly size: number) {}

  async acquire(key: string, open: () => Promise<BatchScorer>): Promise<ScorerLease> {
    let entry = this.entries.get(key);
    if (entry && !(await entry.scorer.catch(() => null))?.usable) {
      this.evict(key, entry);
      entry = undefined;
    }
    if (entry) {
      this.entries.delete(key);
    } else {
      entry = { scorer: open(), users: 0, evicted: false };
    }
    this.entries.set(key, entry);
    const current = entry;
    current.users++;
    let scorer: BatchScorer;
    try {
      scorer = await current.scorer;
    } catch (e) {
      current.users--;
      this.evict(key, current);
      throw e;
    }
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.size) break;
      this.evict(k, e);
    }
    let released = false;
    return {
      scorer,
      release: async () => {
        if (released) return;
        released = true;
        current.users--;
        if (current.evicted && current.users === 0) await scorer.close();
      },
    };
  }

  private evict(key: string, entry: Entry): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
    if (entry.evicted) return;
    entry.evicted = true;
    if (entry.users === 0) void entry.scorer.then((s) => s.close(), () => undefined);
  }
}
