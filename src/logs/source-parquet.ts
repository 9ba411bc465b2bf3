import { basename } from 'node:path';
import { AssayError } from '../api/errors.ts';
import { quoteIdent, quoteLiteral, type CaseDb } from '../case/index.ts';
import { duckMessage } from './duck-errors.ts';
import { columnAlias, type LogSource } from './source.ts';

/** A Parquet log: typed columns as written, positions from the reader's file_row_number. */
export async function openParquetSource(db: CaseDb, path: string): Promise<LogSource> {
  const params = { path };
  let described: { column_name: string; column_type: string }[];
  try {
    described = await db.query('DESCRIBE SELECT * FROM read_parquet($path)', params);
  } catch (e) {
    throw new AssayError('LOG_INVALID', `The log ${basename(path)} cannot be read as Parquet: ${duckMessage(e)}. Export the decisions again.`, { path });
  }
  const names = described.map((d) => d.column_name);
  const select = names.map((n, i) => `${quoteIdent(n)} AS ${columnAlias(i)}`).join(', ');
  return {
    format: 'parquet',
    path,
    params,
    columns: described.map((d, i) => ({ name: d.column_name, sql: columnAlias(i), rawType: d.column_type, suggestedType: d.column_type })),
    positions: 'file',
    relation: () => `(SELECT ${select}, file_row_number AS _pos FROM read_parquet($path, file_row_number = true))`,
    recordsRejects: false,
    linesBeforeData: 0,
    rawJson: `json_object(${names.map((n, i) => `${quoteLiteral(n)}, ${columnAlias(i)}`).join(', ')})`,
    skipWhen: null,
    parseChecks: [],
    warnings: [],
  };
}
