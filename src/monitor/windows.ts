import { AssayError } from '../api/errors.ts';
import type { Granularity, TimeWindow } from './contract.ts';
import type { Side } from './types.ts';

const DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** A date (2025-07-01), a month (2025-07) or an ISO 8601 timestamp (UTC when it names no zone) → ISO 8601 UTC. */
export function parseInstant(text: string, option: string): string {
  const t = text.trim();
  let ms = Number.NaN;
  const d = DATE.exec(t);
  if (d) {
    const [year, month, day] = [Number(d[1]), Number(d[2]), d[3] === undefined ? 1 : Number(d[3])];
    ms = Date.UTC(year, month - 1, day);
    const back = new Date(ms);
    if (month < 1 || month > 12 || back.getUTCDate() !== day || back.getUTCMonth() !== month - 1) ms = Number.NaN;
  } else if (TIMESTAMP.test(t)) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(t) ? t : `${t}Z`;
    ms = Date.parse(zoned.replace(' ', 'T'));
  }
  if (!Number.isFinite(ms)) {
    throw new AssayError('BAD_ARGUMENT', `${option} takes dates or timestamps such as 2025-07-01 or 2025-07-01T12:00:00Z; "${text}" is not one.`, { option, value: text });
  }
  return new Date(ms).toISOString();
}

/** "FROM..TO" (either end may be left out: "2025-07-01.." or "..2025-07-01") → a window. */
export function parseWindowText(text: string, option: string): TimeWindow {
  const at = text.indexOf('..');
  if (at < 0 || text.indexOf('..', at + 2) >= 0) {
    throw new AssayError('BAD_ARGUMENT', `${option} takes FROM..TO, e.g. 2025-01-01..2025-07-01 (half-open: TO is excluded); "${text}" is not written so.`, { option, value: text });
  }
  const from = text.slice(0, at).trim();
  const to = text.slice(at + 2).trim();
  if (from === '' && to === '') throw new AssayError('BAD_ARGUMENT', `${option} needs at least one end, FROM..TO; "${text}" gives neither.`, { option });
  return { from: from || undefined, to: to || undefined };
}

export interface LogSpan {
  rows: number;
  /** null when the log has no timestamp column (or no timestamp in any row). */
  first: string | null;
  last: string | null;
  hasTimestamp: boolean;
}

function describe(side: Side): string {
  return `[${side.from ?? 'start of the log'}, ${side.to ?? 'end of the log'})`;
}

function logWindow(w: TimeWindow, option: string): Side {
  const from = w.from === undefined ? null : parseInstant(w.from, option);
  const to = w.to === undefined ? null : parseInstant(w.to, option);
  if (from !== null && to !== null && from >= to) {
    throw new AssayError('BAD_ARGUMENT', `${option} ${w.from}..${w.to} is reversed or empty: FROM must come before TO (the window is [FROM, TO)).`, { option, from: w.from, to: w.to });
  }
  return { kind: 'log', from, to };
}

function overlaps(a: Side, b: Side): boolean {
  const aFrom = a.from ?? '';
  const bFrom = b.from ?? '';
  const aTo = a.to ?? '\uffff';
  const bTo = b.to ?? '\uffff';
  return aFrom < bTo && bFrom < aTo;
}

function requireTimestamp(span: LogSpan, log: string, option: string): void {
  if (!span.hasTimestamp) {
    throw new AssayError('LOG_MISMATCH', `The log "${log}" has no timestamp column (or no timestamp in any row), so ${option} cannot cut it into time windows. Import it again with --map timestamp=COLUMN, or leave out the windows to compare the whole log with the package's reference data.`, { log, option });
  }
}

/**
 * The two sides of a comparison. Reference: a window of the log, or (by default) the package's reference data.
 * Current: the window given, else what follows a log-window reference, else the whole log. Log windows must not
 * be reversed, nor overlap unless `allowOverlap` (a timeline may follow the reference period itself).
 */
export function resolveSides(reference: TimeWindow | undefined, current: TimeWindow | undefined, span: LogSpan, log: string, allowOverlap = false): { reference: Side; current: Side } {
  let ref: Side = { kind: 'referenceData', from: null, to: null };
  if (reference) {
    requireTimestamp(span, log, '--reference');
    ref = logWindow(reference, '--reference');
  }
  let cur: Side;
  if (current) {
    requireTimestamp(span, log, '--current');
    cur = logWindow(current, '--current');
  } else if (ref.kind === 'log') {
    if (ref.to === null) {
      throw new AssayError('BAD_ARGUMENT', `--reference ${describe(ref)} runs to the end of the log "${log}", so nothing is left for the current window; give --current FROM..TO or close the reference with a TO.`, { log });
    }
    cur = { kind: 'log', from: ref.to, to: null };
  } else {
    cur = { kind: 'log', from: null, to: null };
  }
  if (ref.kind === 'log' && !allowOverlap && overlaps(ref, cur)) {
    throw new AssayError('BAD_ARGUMENT', `The reference window ${describe(ref)} and the current window ${describe(cur)} overlap; a decision may be on one side only. Choose windows that do not overlap.`, { reference: ref, current: cur });
  }
  return { reference: ref, current: cur };
}

/** Refuses a side with too few rows to compare (0 or 1), naming the window and the log's span. */
export function requireRows(side: Side, which: 'reference' | 'current', rows: number, span: LogSpan, log: string, minimum = 2): void {
  if (rows >= minimum) return;
  const where = side.kind === 'referenceData' ? "the package's reference data" : `the ${which} window ${describe(side)}`;
  const range = span.first ? ` (its decisions run from ${span.first} to ${span.last})` : '';
  const what = rows === 0 ? 'holds no decisions' : `holds only ${rows} row${rows === 1 ? '' : 's'}`;
  throw new AssayError('BAD_ARGUMENT', `${where[0]!.toUpperCase()}${where.slice(1)} of the log "${log}" ${what}; a comparison needs at least ${minimum} rows on each side. Choose a ${side.kind === 'referenceData' ? 'reference window of the log with --reference' : 'wider window'}${side.kind === 'log' ? range : ''}.`, { log, which, rows, from: side.from, to: side.to });
}

const DAY = 86_400_000;

/** Day windows up to ~3 months, weeks up to a year, months beyond: between ~13 and ~90 windows for spans of practical length. */
export function chooseGranularity(first: string, last: string): { granularity: Granularity; reason: string } {
  const days = (Date.parse(last) - Date.parse(first)) / DAY;
  const span = days < 2 ? `${Math.round(days * 24)} hours` : `${Math.round(days)} days`;
  if (days <= 92) return { granularity: 'day', reason: `the decisions span ${span} (at most 92 days: daily windows)` };
  if (days <= 366) return { granularity: 'week', reason: `the decisions span ${span} (93 to 366 days: weekly windows, ISO weeks from Monday)` };
  return { granularity: 'month', reason: `the decisions span ${span} (more than 366 days: monthly windows)` };
}

/** [start, end) of the calendar window (UTC) that starts at `start`. */
export function windowEnd(start: string, granularity: Granularity): string {
  const d = new Date(start);
  if (granularity === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (granularity === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString();
}
