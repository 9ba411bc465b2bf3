import { basename } from 'node:path';
import { AssayError } from '../api/errors.ts';
import { quoteLiteral, type CaseDb } from '../case/index.ts';
import { duckMessage } from './duck-errors.ts';
import { flattenStructure, objectPaths, type JsonObjectPath } from './json-structure.ts';
import { columnAlias, type LogSource, type RejectTables } from './source.ts';

const MAX_LINE_SIZE = 64 * 1024 * 1024;
/** Lines whose structure (nesting and value types) is read; the keys themselves come from every line. */
const STRUCTURE_SAMPLE = 20000;

/** Each physical line as one VARCHAR (NUL never occurs in JSON text, so it serves as a delimiter that never splits). */
function linesReader(errors: string): string {
  return `read_csv($path, columns = {'line': 'VARCHAR'}, delim = chr(0), quote = '', escape = '', header = false, auto_detect = false, max_line_size = ${MAX_LINE_SIZE}, ${errors})`;
}

const IS_OBJECT = `coalesce(TRY(json_type(line)) = 'OBJECT', false)`;

/** The structure of the first lines, and every key any line has in each object of that structure. */
async function discoverColumns(db: CaseDb, path: string): Promise<{ structure: unknown; more: { path: JsonObjectPath; keys: string[] }[] }> {
  const lines = linesReader('ignore_errors = true');
  const row = await db.queryOne<{ s: string | null }>(
    `SELECT json_group_structure(json(line))::VARCHAR AS s FROM (SELECT line FROM ${lines} WHERE ${IS_OBJECT} LIMIT ${STRUCTURE_SAMPLE})`,
    { path },
  );
  if (!row?.s) return { structure: null, more: [] };
  const structure: unknown = JSON.parse(row.s);
  const paths = objectPaths(structure);
  const keys = await db.query<{ i: number; k: string }>(
    `SELECT DISTINCT i, unnest(ks[i]) AS k FROM (
       SELECT DISTINCT list_transform(TRY(json_keys(line, [${paths.map((p) => quoteLiteral(p.pointer || '$')).join(', ')}])), x -> list_sort(x)) AS ks FROM ${lines}
     ), range(1, ${paths.length + 1}) r(i)`,
    { path },
  );
  return { structure, more: paths.map((p, i) => ({ path: p, keys: keys.filter((k) => Number(k.i) === i + 1).map((k) => k.k) })) };
}

/**
 * An NDJSON log read line by line, so that a line that is not a JSON object is quarantined with its text rather
 * than dropped. Nested objects are flattened to `a.b` columns; a key that only appears after the sampled lines is
 * still found and kept as text.
 */
export async function openNdjsonSource(db: CaseDb, path: string): Promise<LogSource> {
  const params = { path };
  let found: Awaited<ReturnType<typeof discoverColumns>>;
  try {
    found = await discoverColumns(db, path);
  } catch (e) {
    throw new AssayError('LOG_INVALID', `The log ${basename(path)} cannot be read as NDJSON: ${duckMessage(e)}. Check that it holds one JSON object per line.`, { path });
  }
  const leaves = flattenStructure(found.structure, found.more);
  if (leaves.length === 0) {
    throw new AssayError('LOG_INVALID', `The log ${basename(path)} holds no JSON object with fields, so it has no decisions. Check that it holds one JSON object per line.`, { path });
  }
  const pointers = `[${leaves.map((l) => quoteLiteral(l.pointer)).join(', ')}]`;
  const select = leaves.map((_, i) => `v[${i + 1}] AS ${columnAlias(i)}`).join(', ');
  return {
    format: 'ndjson',
    path,
    params,
    columns: leaves.map((l, i) => ({ name: l.name, sql: columnAlias(i), rawType: 'VARCHAR', suggestedType: l.type })),
    positions: 'scan',
    relation(rejects?: RejectTables): string {
      const errors = rejects
        ? `store_rejects = true, rejects_table = ${quoteLiteral(rejects.errors)}, rejects_scan = ${quoteLiteral(rejects.scans)}`
        : 'ignore_errors = true';
      return `(SELECT ${select}, _line, _ok, _line IS NULL OR (NOT _ok AND trim(_line) = '') AS _blank FROM (
        SELECT line AS _line, _ok, CASE WHEN _ok THEN json_extract_string(line, ${pointers}) END AS v
        FROM (SELECT line, ${IS_OBJECT} AS _ok FROM ${linesReader(errors)})))`;
    },
    recordsRejects: true,
    linesBeforeData: 0,
    rawJson: `CASE WHEN _ok THEN CAST(_line AS JSON) ELSE json_object('line', _line) END`,
    skipWhen: '_blank',
    parseChecks: [{ reason: 'unparseable_row', when: 'NOT _ok', detail: `'the line is not a JSON object: ' || left(_line, 200)` }],
    warnings: [],
  };
}
