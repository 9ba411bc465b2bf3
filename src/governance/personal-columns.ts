import type { CaseDb } from '../case/index.ts';
import { AssayError } from '../api/errors.ts';

interface LogColumn {
  name: string;
  type: string;
  role: string;
  source: string | null;
}

export interface LogPersonal {
  log: string;
  table: string;
  /** Columns of the imported table marked personal. */
  columns: string[];
  /** The same columns as the source file names them (the keys of quarantined rows' raw values). */
  sources: string[];
  types: Record<string, string>;
}

/** Where personal data sits in a case: per log, and the union over every log. */
export interface PersonalPlan {
  logs: LogPersonal[];
  /** Table and source names of every personal column of every log. */
  keys: Set<string>;
  /** Table names only (names of features and protected attributes as analyses report them). */
  columns: Set<string>;
  /** The canonical decision_id column is itself marked personal in some log. */
  decisionIds: boolean;
  any: boolean;
}

export async function personalPlan(db: CaseDb): Promise<PersonalPlan> {
  const rows = await db.query<{ name: string; table_name: string; columns: string; personal_columns: string }>(
    'SELECT name, table_name, CAST(columns AS VARCHAR) AS columns, CAST(personal_columns AS VARCHAR) AS personal_columns FROM logs ORDER BY name',
  );
  const logs: LogPersonal[] = rows.map((r) => {
    const cols = JSON.parse(r.columns) as LogColumn[];
    const personal = JSON.parse(r.personal_columns) as string[];
    return {
      log: r.name, table: r.table_name, columns: personal,
      sources: personal.map((p) => cols.find((c) => c.name === p)?.source).filter((s): s is string => typeof s === 'string'),
      types: Object.fromEntries(cols.map((c) => [c.name, c.type])),
    };
  });
  const columns = new Set(logs.flatMap((l) => l.columns));
  const keys = new Set([...columns, ...logs.flatMap((l) => l.sources)]);
  return { logs, keys, columns, decisionIds: columns.has('decision_id'), any: columns.size > 0 };
}

/** Marks columns of a log personal (or no longer personal) after its import. */
export async function setPersonalColumns(db: CaseDb, log: string, add: string[], remove: string[]): Promise<string[]> {
  const row = await db.queryOne<{ columns: string; personal_columns: string }>(
    'SELECT CAST(columns AS VARCHAR) AS columns, CAST(personal_columns AS VARCHAR) AS personal_columns FROM logs WHERE name = $1', [log],
  );
  if (!row) throw new AssayError('NOT_FOUND', `The case has no log named "${log}".`, { log });
  const cols = (JSON.parse(row.columns) as LogColumn[]).filter((c) => c.role !== 'row');
  const resolve = (name: string): string => {
    const hit = cols.find((c) => c.name === name) ?? cols.find((c) => c.source === name);
    if (!hit) {
      throw new AssayError('BAD_ARGUMENT', `The log "${log}" has no column "${name}"; its columns are ${cols.map((c) => c.name).join(', ')}.`, { column: name });
    }
    return hit.name;
  };
  const toAdd = add.map(resolve);
  const toRemove = new Set(remove.map(resolve));
  const current = JSON.parse(row.personal_columns) as string[];
  const next = [...new Set([...current, ...toAdd])].filter((c) => !toRemove.has(c));
  await db.exec('UPDATE logs SET personal_columns = CAST($1 AS JSON) WHERE name = $2', [JSON.stringify(next), log]);
  return next;
}
