import type { Progress } from '../../api/contract-types.ts';
import { AssayError, type AssayErrorData } from '../../api/errors.ts';

/** What an event stream carries. `done` and `error` end a job. */
export type JobEvent =
  | { type: 'progress'; data: { job: string; stage: string; done?: number; total?: number } }
  | { type: 'done'; data: { job: string; method: string } }
  | { type: 'error'; data: { job: string; method: string; error: AssayErrorData } };

export type JobListener = (event: JobEvent) => void;

interface RunningJob {
  id: string;
  method: string;
  controller: AbortController;
  /** Client-chosen ids are visible to streams; internal ones (calls without X-Assay-Job) are not. */
  visible: boolean;
  last: JobEvent | null;
}

/** A job id a client may choose: short, printable, no spaces. */
export const JOB_ID = /^[A-Za-z0-9._:-]{1,100}$/;

const KEEP_FINISHED = 200;

export interface JobHandle {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(p: Progress): void;
  /** Aborts this call (its client left, for instance); unlike cancel(), works for anonymous calls too. */
  abort(): void;
  succeed(): void;
  fail(error: AssayErrorData): void;
}

/**
 * The calls in flight: each has an AbortController (cancelled by POST /api/jobs/cancel, by the client leaving, or
 * by the host closing) and, when the client named it with X-Assay-Job, a stream of progress events. The last event
 * of a job is kept so that a stream opened late still learns where the job stands or how it ended.
 */
export class JobRegistry {
  private readonly running = new Map<string, RunningJob>();
  private readonly finished = new Map<string, JobEvent>();
  private readonly listeners = new Set<{ job: string | null; listener: JobListener }>();
  private anonymous = 0;

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Registers a call. `id` null: an anonymous call, cancellable by the host but invisible to streams. */
  start(id: string | null, method: string): JobHandle {
    const visible = id !== null;
    const key = id ?? `#${++this.anonymous}`;
    if (this.running.has(key)) throw new AssayError('ALREADY_EXISTS', `A job "${key}" is already running; choose another X-Assay-Job id.`, { job: key });
    const job: RunningJob = { id: key, method, controller: new AbortController(), visible, last: null };
    this.running.set(key, job);
    if (visible) this.finished.delete(key);
    const end = (event: JobEvent) => {
      if (this.running.get(key) !== job) return;
      this.running.delete(key);
      if (!visible) return;
      this.finished.set(key, event);
      if (this.finished.size > KEEP_FINISHED) this.finished.delete(this.finished.keys().next().value!);
      this.emit(event);
    };
    return {
      id: key,
      signal: job.controller.signal,
      progress: (p) => {
        if (!visible || this.running.get(key) !== job) return;
        const data: { job: string; stage: string; done?: number; total?: number } = { job: key, stage: String(p.stage) };
        if (typeof p.done === 'number') data.done = p.done;
        if (typeof p.total === 'number') data.total = p.total;
        job.last = { type: 'progress', data };
        this.emit(job.last);
      },
      abort: () => job.controller.abort(new AssayError('CANCELLED', `The call of ${method} was cancelled: its client left.`, { method })),
      succeed: () => end({ type: 'done', data: { job: key, method } }),
      fail: (error) => end({ type: 'error', data: { job: key, method, error: { code: error.code, message: error.message } } }),
    };
  }

  /** Aborts a job's signal. */
  cancel(id: string): 'cancelled' | 'finished' | 'unknown' {
    const job = this.running.get(id);
    if (job?.visible) {
      job.controller.abort(new AssayError('CANCELLED', `The job "${id}" was cancelled.`, { job: id }));
      return 'cancelled';
    }
    return this.finished.has(id) ? 'finished' : 'unknown';
  }

  /** Aborts every call in flight (the host is closing). */
  cancelAll(): void {
    for (const job of this.running.values()) job.controller.abort(new AssayError('CANCELLED', 'The host is shutting down.'));
  }

  /**
   * Follows one job (`job` set) or every named job (`job` null). The job's current state — its last progress, or
   * how it ended — is replayed to the new listener first.
   */
  subscribe(job: string | null, listener: JobListener): () => void {
    const entry = { job, listener };
    this.listeners.add(entry);
    const replay = job === null
      ? [...this.running.values()].filter((j) => j.visible && j.last).map((j) => j.last!)
      : [this.running.get(job)?.last ?? this.finished.get(job)].filter((e): e is JobEvent => Boolean(e));
    for (const e of replay) listener(e);
    return () => this.listeners.delete(entry);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  private emit(event: JobEvent): void {
    for (const { job, listener } of this.listeners) {
      if (job === null || job === event.data.job) listener(event);
    }
  }
}
