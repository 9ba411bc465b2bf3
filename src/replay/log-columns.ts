import { AssayError } from '../api/errors.ts';
import type { CaseDb } from '../case/index.ts';
import type { AuditedLog, AuditedModel } from './types.ts';

export interface LogColumn {
  name: string;
  type: string;
}

/** Log and reference tables are never altered once written, so their columns are read once per open case. */
const known = new WeakMap<CaseDb, Map<string, LogColumn[]>>();

export async function logColumns(db: CaseDb, table: string): Promise<LogColumn[]> {
  let tables = known.get(db);
  if (!tables) known.set(db, (tables = new Map()));
  let columns = tables.get(table);
  if (!columns) {
    columns = await db.query<{ name: string; type: string }>(
      "SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE table_name = $1 AND schema_name = 'main' AND database_name = current_database() ORDER BY column_index",
      [table],
    );
    if (columns.length > 0) tables.set(table, columns);
  }
  return columns;
}

const NUMERIC_TYPES = /^(DOUBLE|FLOAT|REAL|DECIMAL.*|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;

export function isNumericType(type: string): boolean {
  return NUMERIC_TYPES.test(type);
}

/** Refuses a model whose inputs the log does not hold, naming every missing column. */
export function requireInputs(log: AuditedLog, columns: LogColumn[], model: AuditedModel): void {
  const have = new Set(columns.map((c) => c.name));
  const missing = model.manifest.features.map((f) => f.name).filter((n) => !have.has(n));
  if (missing.length > 0) {
    throw new AssayError(
      'LOG_MISMATCH',
      `The log "${log.name}" has no column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}, which the model of ${model.ref} takes as input${missing.length > 1 ? 's' : ''}. Choose a package whose inputs the log holds, or import the log again with --map.`,
      { log: log.name, package: model.ref, missing },
    );
  }
}
