import type { SqlParam } from '../case/index.ts';
import type { LogFormat, QuarantineReason } from './types.ts';

/** Names of the tables DuckDB's CSV reader writes the lines it could not parse to (store_rejects). */
export interface RejectTables {
  errors: string;
  scans: string;
}

export interface SourceColumn {
  /** Name in the file (nested NDJSON keys flattened as `a.b`). */
  name: string;
  /** Expression for the column in `relation()`: c0, c1, ... */
  sql: string;
  /** DuckDB type of `sql`; VARCHAR for CSV and NDJSON, whose values are typed by Assay. */
  rawType: string;
  /** Type the values look like (DuckDB's sniffer, the JSON structure, or the Parquet schema). */
  suggestedType: string;
}

/** A check that sends a row to the quarantine; `when` and `detail` are SQL over the source relation. */
export interface RowCheck {
  reason: QuarantineReason;
  when: string;
  detail: string;
}

/**
 * A log file opened for reading: its columns, and the SQL relation that yields one row per source record with the
 * columns as c0..cN (always in the same order, so that two scans of it can be lined up).
 */
export interface LogSource {
  format: LogFormat;
  path: string;
  params: Record<string, SqlParam>;
  columns: SourceColumn[];
  /** `scan`: a record's position is its order in the scan; `file`: the relation has a 0-based `_pos` column. */
  positions: 'scan' | 'file';
  /** Reader SQL. With `rejects`, lines DuckDB cannot parse go to those tables; without, they are skipped. */
  relation(rejects?: RejectTables): string;
  /** Whether `relation(rejects)` records unparseable lines. */
  recordsRejects: boolean;
  /** Physical lines before the first record (header, skipped lines): a reject's source row is its line minus this. */
  linesBeforeData: number;
  /** SQL for the raw record as JSON. */
  rawJson: string;
  /** Records that are not rows at all (blank NDJSON lines), or null. */
  skipWhen: string | null;
  /** Checks that come before all others (an NDJSON line that is not an object). */
  parseChecks: RowCheck[];
  warnings: string[];
}

export function columnAlias(i: number): string {
  return `c${i}`;
}

/** The parameters `sql` refers to (DuckDB refuses to bind a named parameter a statement does not use). */
export function paramsOf(sql: string, params: Record<string, SqlParam>): Record<string, SqlParam> | undefined {
  const used = Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql));
  return used.length > 0 ? Object.fromEntries(used) : undefined;
}
