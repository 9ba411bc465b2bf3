import type { ReactNode } from 'react';
import type { CallState } from './use-call.ts';

export function ErrorBox({ message }: { message: string }) {
  return (
    <div className="error" role="alert">
      <strong>Could not do that.</strong> {message}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** Renders a call's state: a spinner line, its error sentence, or `children(value)`. */
export function Await<T>({ state, what, children }: { state: CallState<T>; what: string; children: (value: T) => ReactNode }) {
  if (state.status === 'loading') return <Loading what={what} />;
  if (state.status === 'error') return <ErrorBox message={state.message} />;
  return <>{children(state.value)}</>;
}

export function KeyValues({ items, label }: { items: [string, ReactNode][]; label?: string }) {
  return (
    <dl className="kv" aria-label={label}>
      {items.map(([k, v]) => (
        <div key={k} className="kv-row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Hash({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <code className="hash" title={value}>
      {value}
    </code>
  );
}

/** Any JSON value as nested lists: never as HTML. */
export function JsonTree({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">null</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">[]</span>;
    if (value.every((v) => v === null || typeof v !== 'object')) return <span>{value.map((v) => String(v)).join(', ')}</span>;
    return (
      <ol className="tree">
        {value.map((v, i) => (
          <li key={i}>
            <JsonTree value={v} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return <span className="muted">{'{}'}</span>;
    return (
      <ul className="tree">
        {entries.map(([k, v]) => (
          <li key={k}>
            <span className="tree-key">{k}</span>: <JsonTree value={v} />
          </li>
        ))}
      </ul>
    );
  }
  return <span>{String(value)}</span>;
}

export function formatNumber(v: unknown, digits = 4): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(digits);
  return String(v);
}
