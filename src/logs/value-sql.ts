import { quoteLiteral } from '../case/index.ts';

/**
 * SQL that types one source value. Each function takes the value's expression and DuckDB type and returns the
 * typed value and, where a value can be wrong, `bad(v)`: the condition, given the typed value's column `v`, under
 * which the source value is present but unusable (so that the row is quarantined instead of the import failing).
 */

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);
const FLOAT_TYPES = new Set(['FLOAT', 'DOUBLE']);

export function isNumericType(type: string): boolean {
  return INTEGER_TYPES.has(type) || FLOAT_TYPES.has(type) || type.startsWith('DECIMAL');
}

export function isTextType(type: string): boolean {
  return type === 'VARCHAR' || type === 'JSON';
}

export interface Typed {
  value: string;
  bad: ((v: string) => string) | null;
}

/** Text, with '' read as missing. */
export function asText(expr: string, type: string): string {
  return isTextType(type) ? `NULLIF(${expr}, '')` : `CAST(${expr} AS VARCHAR)`;
}

/** A short quoted rendering of a source value for a quarantine detail. */
export function shown(expr: string): string {
  return `'"' || left(CAST(${expr} AS VARCHAR), 100) || '"'`;
}

/** DOUBLE; NaN and ±Infinity are not numbers here. */
export function asNumber(expr: string, type: string): Typed {
  if (INTEGER_TYPES.has(type) || type.startsWith('DECIMAL')) return { value: `CAST(${expr} AS DOUBLE)`, bad: null };
  if (FLOAT_TYPES.has(type)) return { value: `CAST(${expr} AS DOUBLE)`, bad: (v) => `NOT isfinite(${v})` };
  const text = asText(expr, type);
  return { value: `TRY_CAST(${text} AS DOUBLE)`, bad: (v) => `(${text} IS NOT NULL AND (${v} IS NULL OR NOT isfinite(${v})))` };
}

/** Epoch seconds, or milliseconds when the number is too large to be seconds (≥ 1e11 s is after the year 5000). */
function fromEpoch(x: string): string {
  return `CASE WHEN isfinite(${x}) AND abs(${x}) < 1e11 THEN to_timestamp(${x}) WHEN isfinite(${x}) AND abs(${x}) < 1e14 THEN to_timestamp(${x} / 1000) END`;
}

/** A time of day followed by a zone: Z, UTC/GMT, an offset (+02, +0200, +02:00) or a zone name (Europe/Paris). */
const ZONED = `'(?i)\\d:\\d\\d(:\\d\\d(\\.\\d*)?)?\\s*(z|utc|gmt|[+-]\\d\\d(:?\\d\\d)?|[a-z]+/[a-z_/+-]+)\\s*$'`;

export interface TypedTimestamp extends Typed {
  /** True for a date-time without a zone (taken as UTC, with a warning); null when the type rules it out. */
  naive: string | null;
}

/**
 * TIMESTAMPTZ in UTC from ISO 8601 text (with or without a zone), dates, epoch seconds or milliseconds. Text without
 * a zone is read as UTC whatever the session's time zone, which is why the zone is looked for before casting.
 */
export function asTimestamp(expr: string, type: string): TypedTimestamp {
  if (type === 'TIMESTAMP WITH TIME ZONE') return { value: expr, bad: null, naive: null };
  if (type.startsWith('TIMESTAMP')) return { value: `timezone('UTC', CAST(${expr} AS TIMESTAMP))`, bad: null, naive: `${expr} IS NOT NULL` };
  if (type === 'DATE') return { value: `timezone('UTC', CAST(${expr} AS TIMESTAMP))`, bad: null, naive: null };
  if (isNumericType(type)) return { value: fromEpoch(`CAST(${expr} AS DOUBLE)`), bad: (v) => `(${expr} IS NOT NULL AND ${v} IS NULL)`, naive: null };
  const s = asText(expr, type);
  const zoned = `regexp_matches(${s}, ${ZONED})`;
  return {
    value: `CASE WHEN ${zoned} THEN coalesce(TRY_CAST(${s} AS TIMESTAMPTZ), TRY_CAST(upper(${s}) AS TIMESTAMPTZ)) ELSE coalesce(timezone('UTC', TRY_CAST(${s} AS TIMESTAMP)), ${fromEpoch(`TRY_CAST(${s} AS DOUBLE)`)}) END`,
    bad: (v) => `(${s} IS NOT NULL AND ${v} IS NULL)`,
    naive: `(contains(${s}, ':') AND NOT ${zoned})`,
  };
}

export interface BinaryLabels {
  zero: string[];
  one: string[];
}

function spellings(words: string[]): string {
  const all = new Set(words.flatMap((w) => [w, w.toLowerCase(), w.toUpperCase(), w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()]));
  return `[${[...all].map(quoteLiteral).join(', ')}]`;
}

/**
 * 0/1 from 0/1, true/false, numbers equal to 0 or 1, and the package's outcome labels, in any letter case. The
 * usual spellings are matched exactly first; only other text is lower-cased and trimmed. The lists are tested with
 * list_contains, not IN: DuckDB rewrites a long IN list into a join, and a join does not keep the scan order that
 * the first pass relies on.
 */
export function asBinary(expr: string, type: string, labels: BinaryLabels): Typed {
  if (type === 'BOOLEAN') return { value: `CAST(${expr} AS INTEGER)`, bad: null };
  if (isNumericType(type)) {
    return { value: `CAST(CASE WHEN ${expr} = 1 THEN 1 WHEN ${expr} = 0 THEN 0 END AS INTEGER)`, bad: (v) => `(${expr} IS NOT NULL AND ${v} IS NULL)` };
  }
  const s = asText(expr, type);
  const one = ['1', 'true', ...labels.one];
  const zero = ['0', 'false', ...labels.zero];
  const lower = (xs: string[]) => `[${xs.map((x) => quoteLiteral(x.toLowerCase())).join(', ')}]`;
  const value = `CASE WHEN list_contains(${spellings(one)}, ${s}) THEN 1 WHEN list_contains(${spellings(zero)}, ${s}) THEN 0 ` +
    `WHEN list_contains(${lower(one)}, lower(trim(${s}))) THEN 1 WHEN list_contains(${lower(zero)}, lower(trim(${s}))) THEN 0 ` +
    `WHEN TRY_CAST(${s} AS DOUBLE) = 1 THEN 1 WHEN TRY_CAST(${s} AS DOUBLE) = 0 THEN 0 END`;
  return { value: `CAST(${value} AS INTEGER)`, bad: (v) => `(${s} IS NOT NULL AND ${v} IS NULL)` };
}

/** A value expected to hold the type its column suggests (BIGINT, DOUBLE, BOOLEAN); other types stay text. */
export function asSuggested(expr: string, type: string): Typed | null {
  if (type !== 'BIGINT' && type !== 'DOUBLE' && type !== 'BOOLEAN') return null;
  const s = `NULLIF(${expr}, '')`;
  return { value: `TRY_CAST(${s} AS ${type})`, bad: (v) => `(${s} IS NOT NULL AND ${v} IS NULL)` };
}
