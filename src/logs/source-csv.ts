import { basename } from 'node:path';
import { AssayError } from '../api/errors.ts';
import { quoteIdent, quoteLiteral, type CaseDb } from '../case/index.ts';
import { duckMessage } from './duck-errors.ts';
import { columnAlias, type LogSource, type RejectTables } from './source.ts';

interface Sniffed {
  Delimiter: string;
  Quote: string;
  Escape: string;
  NewLineDelimiter: string;
  Comment: string;
  SkipRows: number;
  HasHeader: boolean;
  Columns: { name: string; type: string }[];
}

const MAX_LINE_SIZE = 16 * 1024 * 1024;

/** sniff_csv writes "(empty)" for an option that is not set. */
function option(v: string): string {
  return v === '(empty)' ? '' : v;
}

const VALUE_LIKE = /^\s*([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|\d{4}-\d{2}-\d{2}.*|true|false)?\s*$/i;

/** A header whose every name looks like a value (a number, a date, empty) is a first data row. */
export function headerLooksLikeData(names: string[]): boolean {
  return names.length > 0 && names.every((n) => VALUE_LIKE.test(n));
}

function firstLine(head: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(head.subarray(0, 4096));
  return text.split(/\r?\n/)[0]!.slice(0, 200);
}

function noHeaderError(path: string, head: Uint8Array): AssayError {
  const name = basename(path);
  return new AssayError(
    'LOG_INVALID',
    `The log ${name} has no header line: its first line "${firstLine(head)}" looks like data. Add a first line naming the columns (for example decision_id,timestamp,score,...) and import it again.`,
    { path, firstLine: firstLine(head) },
  );
}

function delimiterWarning(delimiter: string): string[] {
  if (delimiter === ',') return [];
  return [`The columns are separated by ${delimiter === '\t' ? 'tabs' : `"${delimiter}"`} (detected), not commas.`];
}

export async function openCsvSource(db: CaseDb, path: string, head: Uint8Array): Promise<LogSource> {
  const params = { path };
  let sniffed: Sniffed | undefined;
  try {
    sniffed = await db.queryOne<Sniffed & Record<string, unknown>>(
      'SELECT Delimiter, Quote, Escape, NewLineDelimiter, Comment, SkipRows, HasHeader, Columns FROM sniff_csv($path, ignore_errors = true)',
      params,
    );
  } catch (e) {
    throw new AssayError('LOG_INVALID', `The log ${basename(path)} cannot be read as CSV: ${duckMessage(e)}. Check that it is a CSV file with a header line.`, { path });
  }
  if (!sniffed || sniffed.Columns.length === 0) {
    throw new AssayError('LOG_INVALID', `The log ${basename(path)} cannot be read as CSV (DuckDB found no columns). Check that it is a CSV file with a header line.`, { path });
  }
  const names = sniffed.Columns.map((c) => c.name);
  if (!sniffed.HasHeader || headerLooksLikeData(names)) throw noHeaderError(path, head);

  const columns = sniffed.Columns.map((c, i) => ({ name: c.name, sql: columnAlias(i), rawType: 'VARCHAR', suggestedType: c.type }));
  const readerColumns = `{${names.map((n) => `${quoteLiteral(n)}: 'VARCHAR'`).join(', ')}}`;
  const dialect = [
    `delim = ${quoteLiteral(option(sniffed.Delimiter))}`,
    `quote = ${quoteLiteral(option(sniffed.Quote))}`,
    `escape = ${quoteLiteral(option(sniffed.Escape))}`,
    `new_line = ${quoteLiteral(option(sniffed.NewLineDelimiter))}`,
    `comment = ${quoteLiteral(option(sniffed.Comment))}`,
    `skip = ${Number(sniffed.SkipRows)}`,
    'header = true',
    'auto_detect = false',
    `max_line_size = ${MAX_LINE_SIZE}`,
    `columns = ${readerColumns}`,
  ].join(', ');
  const select = names.map((n, i) => `${quoteIdent(n)} AS ${columnAlias(i)}`).join(', ');

  return {
    format: 'csv',
    path,
    params,
    columns,
    positions: 'scan',
    relation(rejects?: RejectTables): string {
      const errors = rejects
        ? `store_rejects = true, rejects_table = ${quoteLiteral(rejects.errors)}, rejects_scan = ${quoteLiteral(rejects.scans)}`
        : 'ignore_errors = true';
      return `(SELECT ${select} FROM read_csv($path, ${dialect}, ${errors}))`;
    },
    recordsRejects: true,
    linesBeforeData: Number(sniffed.SkipRows) + 1,
    rawJson: `json_object(${names.map((n, i) => `${quoteLiteral(n)}, ${columnAlias(i)}`).join(', ')})`,
    skipWhen: null,
    parseChecks: [],
    warnings: delimiterWarning(option(sniffed.Delimiter)),
  };
}
