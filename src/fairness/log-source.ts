import { ident, literal } from './sql-text.ts';

/**
 * Where the rows come from: the imported log table, optionally joined by decision id to a CSV of protected
 * attributes the log lacks (read with DuckDB's read_csv; the case must be opened allowing that file).
 */
export interface LogSource {
  table: string;
  attributesFile: string | null;
  /** Columns taken from the attributes file instead of the log. */
  fileColumns: readonly string[];
}

export const DECISION_ID = 'decision_id';

function readCsv(path: string): string {
  return `read_csv(${literal(path)}, header = true, types = {${literal(DECISION_ID)}: 'VARCHAR'})`;
}

export function fromClause(src: LogSource): string {
  const log = `${ident(src.table)} AS l`;
  if (!src.attributesFile) return log;
  return `${log} LEFT JOIN ${readCsv(src.attributesFile)} AS f ON f.${ident(DECISION_ID)} = CAST(l.${ident(DECISION_ID)} AS VARCHAR)`;
}

export function columnRef(src: LogSource, column: string): string {
  return `${src.fileColumns.includes(column) ? 'f' : 'l'}.${ident(column)}`;
}

/** Columns and types of the attributes file, as read_csv detects them. */
export function describeFileSql(path: string): string {
  return `DESCRIBE SELECT * FROM read_csv(${literal(path)}, header = true)`;
}

/** Decision ids that occur more than once in the attributes file (the join would duplicate those rows). */
export function duplicateFileIdsSql(path: string): string {
  return `SELECT ${ident(DECISION_ID)} AS id, count(*) AS n FROM ${readCsv(path)} GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 5`;
}
