/** How the report writes values: numbers exactly as the run holds them unless a table says it rounds. */

/** The number as JavaScript (and the run's canonical JSON) writes it: the exact stored value. */
export function exact(x: unknown): string {
  if (x === null || x === undefined) return '—';
  if (typeof x === 'number') return Number.isFinite(x) ? String(x) : '—';
  if (typeof x === 'string') return x;
  if (typeof x === 'boolean') return x ? 'yes' : 'no';
  return JSON.stringify(x);
}

/** Rounded to `digits` decimals for a table; integers as they are. */
export function rounded(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(2)}%` : '—';
}

export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

export function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A compact one-line rendering of parameters: key=value pairs, objects as JSON. */
export function inline(v: Record<string, unknown>): string {
  return Object.keys(v)
    .sort()
    .filter((k) => v[k] !== undefined)
    .map((k) => `${k}=${typeof v[k] === 'string' ? (v[k] as string) : JSON.stringify(v[k])}`)
    .join(', ');
}

export function shortId(runId: string): string {
  return runId.replace(/^run-/, '').slice(0, 8);
}
