import { Worker } from 'node:worker_threads';
import { AssayError } from '../api/errors.ts';
import { WORKER_READY, type ScoringReply, type ScoringRequest } from './scoring-protocol.ts';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Under tsx the worker's TypeScript entry needs tsx's loader, which a worker does not inherit from its parent,
 * so the worker first registers it and then imports the entry. Built JavaScript loads the entry directly.
 */
function spawn(): Worker {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    const entry = new URL('./scorer-worker.ts', self).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
  }
  return new Worker(new URL('./scorer-worker.js', self));
}

/**
 * A worker thread running ONNX Runtime sessions. It keeps the process alive only while a request is outstanding;
 * when it dies, its outstanding requests fail and `onFailure` is told.
 */
export class ScoringThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failed: Error | null = null;
  onFailure: (() => void) | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: ScoringReply) => this.settle(reply));
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`the scoring thread exited with code ${code}`)));
    worker.unref();
  }

  /** Requests sent and not yet answered. */
  get load(): number {
    return this.pending.size;
  }

  static start(): Promise<ScoringThread> {
    return new Promise((resolve, reject) => {
      const worker = spawn();
      const onMessage = (m: unknown) => {
        if (m !== WORKER_READY) return;
        cleanup();
        resolve(new ScoringThread(worker));
      };
      const onError = (e: Error) => {
        cleanup();
        reject(e);
      };
      const onExit = (code: number) => onError(new Error(`the scoring thread exited with code ${code} while starting`));
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  request<T>(message: WithoutId<ScoringRequest>, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.failed) return Promise.reject(this.threadError(this.failed));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...message, id } as ScoringRequest, transfer);
    });
  }

  private settle(reply: ScoringReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) p.resolve(reply.value);
    else p.reject(new AssayError(reply.error.code, reply.error.message, reply.error.details));
  }

  /** Stops the thread; its outstanding requests fail. */
  terminate(): void {
    this.fail(new Error('the scoring thread was stopped'));
    void this.worker.terminate();
  }

  private threadError(cause: Error): AssayError {
    return new AssayError('INTERNAL', `The scoring thread stopped (${cause.message}). Try again; if it happens again, report it with the model.`);
  }

  private fail(cause: Error): void {
    if (this.failed) return;
    this.failed = cause;
    this.onFailure?.();
    for (const p of this.pending.values()) p.reject(this.threadError(cause));
    this.pending.clear();
  }
}
