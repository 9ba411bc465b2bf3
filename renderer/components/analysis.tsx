import type { ReactNode } from 'react';
import type { JobState } from './job.ts';
import { ErrorBox } from './ui.tsx';

/** A running job's progress bar and its Cancel button, or the job's error sentence. */
export function JobStatus<T>({ state, what, onCancel }: { state: JobState<T>; what: string; onCancel?: () => void }) {
  if (state.status === 'error') return <ErrorBox message={state.message} />;
  if (state.status !== 'running') return null;
  const p = state.progress;
  const known = p && typeof p.done === 'number' && typeof p.total === 'number' && p.total > 0;
  return (
    <div className="job" role="status" aria-live="polite" data-testid="job-status">
      <span>
        {what}
        {p ? ` — ${p.stage}` : '…'}
        {known ? ` ${p.done!.toLocaleString('en')} of ${p.total!.toLocaleString('en')}` : ''}
      </span>
      {known ? <progress max={p.total} value={p.done} /> : <progress />}
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}

/** The line under a chart or table that says how it was computed (method, background, seed, run). */
export function Provenance({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="provenance" data-testid={testId}>
      {children}
    </p>
  );
}

export function Warnings({ items }: { items: readonly string[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="warn" aria-label="Warnings">
      {items.map((w) => (
        <li key={w}>{w}</li>
      ))}
    </ul>
  );
}

/** A small coloured verdict: ok (reproduced, unchanged) or bad (mismatch, flipped). */
export function Badge({ tone, children, testId, title }: { tone: 'ok' | 'bad' | 'neutral'; children: ReactNode; testId?: string; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId} title={title}>
      {children}
    </span>
  );
}

export function percent(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined ? '—' : `${(100 * v).toFixed(digits)}%`;
}

export function signed(v: number, digits = 4): string {
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;
}

export function sci(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (v === 0) return '0';
  // three significant digits in exponent form, without trailing zeros: 1e-6, 9.87e-8
  return Math.abs(v) < 1e-3 ? Number(v.toExponential(2)).toExponential() : v.toFixed(6);
}
