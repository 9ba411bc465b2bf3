import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodArgs, MethodName, MethodResult } from '../../src/api/contract.ts';
import { call, messageOf } from '../api/client.ts';
import { desktopJobs } from '../api/transport.ts';

export interface JobProgress {
  stage: string;
  done?: number;
  total?: number;
}

export type JobState<T> =
  | { status: 'idle' }
  | { status: 'running'; progress: JobProgress | null }
  | { status: 'error'; message: string }
  | { status: 'done'; value: T };

let counter = 0;
/** A job id the host accepts (X-Assay-Job): letters, digits, ._:- only. */
function newJobId(method: string): string {
  return `ui.${method}.${Date.now().toString(36)}.${(++counter).toString(36)}`;
}

/** Progress events travel over the HTTP host's event stream, or over the desktop bridge's events. */
function hasEventStream(): boolean {
  return typeof EventSource !== 'undefined' && !(globalThis as { assay?: unknown }).assay;
}

/** Subscribes to the job's events and resolves once the host confirmed the subscription (or after a short wait). */
function follow(job: string, onProgress: (p: JobProgress) => void): Promise<() => void> {
  const desktop = desktopJobs();
  if (desktop) return Promise.resolve(desktop.follow(job, onProgress));
  if (!hasEventStream()) return Promise.resolve(() => undefined);
  return new Promise((resolve) => {
    const source = new EventSource(`/api/events?job=${encodeURIComponent(job)}`);
    const close = () => source.close();
    const ready = setTimeout(() => resolve(close), 1500);
    source.onopen = () => {
      clearTimeout(ready);
      resolve(close);
    };
    source.addEventListener('progress', (e) => {
      try {
        const d = JSON.parse((e as MessageEvent<string>).data) as JobProgress;
        onProgress({ stage: String(d.stage), ...(typeof d.done === 'number' ? { done: d.done } : {}), ...(typeof d.total === 'number' ? { total: d.total } : {}) });
      } catch {
        // a malformed event only costs one progress update
      }
    });
    source.addEventListener('done', close);
    source.addEventListener('error', (e) => {
      // the host's own `error` event (with data) ends the job; a broken connection is retried by EventSource itself
      if ((e as MessageEvent<unknown>).data !== undefined) close();
    });
  });
}

async function cancelJob(job: string): Promise<void> {
  const desktop = desktopJobs();
  if (desktop) return desktop.cancel(job);
  if (!hasEventStream()) return;
  await fetch('/api/jobs/cancel', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ job }), credentials: 'same-origin' }).catch(() => undefined);
}

/**
 * A long analysis call as a job: progress from the host's event stream, cancellable. `start(args)` runs it (one at a
 * time), `cancel()` asks the host to stop it; the call then fails with the host's CANCELLED sentence.
 */
export function useJob<M extends MethodName>(method: M): {
  state: JobState<MethodResult<M>>;
  start: (args: MethodArgs<M>) => Promise<MethodResult<M> | null>;
  cancel: () => void;
  reset: () => void;
} {
  const [state, setState] = useState<JobState<MethodResult<M>>>({ status: 'idle' });
  const current = useRef<string | null>(null);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const start = useCallback(
    async (args: MethodArgs<M>) => {
      const job = newJobId(method);
      current.current = job;
      setState({ status: 'running', progress: null });
      const stop = await follow(job, (p) => live.current && current.current === job && setState({ status: 'running', progress: p }));
      try {
        const value = await call(method, args, hasEventStream() || desktopJobs() ? { job } : {});
        if (live.current && current.current === job) setState({ status: 'done', value });
        return value;
      } catch (e) {
        if (live.current && current.current === job) setState({ status: 'error', message: messageOf(e) });
        return null;
      } finally {
        stop();
        if (current.current === job) current.current = null;
      }
    },
    [method],
  );
  const cancel = useCallback(() => {
    if (current.current) void cancelJob(current.current);
  }, []);
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, start, cancel, reset };
}
