import { existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { AssayError } from '../api/errors.ts';
import { safeTableName, type CaseDb } from '../case/index.ts';
import { detectFormat } from './detect-format.ts';
import type { PlanColumn } from './row-plan.ts';
import type { LogSource } from './source.ts';
import type { LogFormat } from './types.ts';

export function requireFile(path: string): void {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new AssayError('NOT_FOUND', `There is no log file at ${path}. Check the path and try again.`, { path });
  }
}

export function logNameOf(path: string, name: string | undefined): string {
  const n = (name ?? basename(path, extname(path))).trim();
  if (n === '') throw new AssayError('BAD_ARGUMENT', `The log name "${name ?? ''}" is empty. Give the log a name with --name.`, { name });
  return n;
}

/** The detected format, or the requested one when it only decides between the text formats. */
export function chooseFormat(path: string, head: Uint8Array, requested: LogFormat | undefined): LogFormat {
  const detected = detectFormat(path, head);
  if (!requested || requested === detected) return detected;
  if (detected === 'parquet' || requested === 'parquet') {
    throw new AssayError(
      'LOG_INVALID',
      `The file ${basename(path)} is ${detected === 'parquet' ? 'a Parquet file' : 'not a Parquet file'}, but it was to be read as ${requested}. Leave the format out to have it detected.`,
      { path, requested, detected },
    );
  }
  return requested;
}

export async function refuseExistingName(db: CaseDb, name: string): Promise<void> {
  const row = await db.queryOne('SELECT name FROM logs WHERE name = $name', { name });
  if (row) throw new AssayError('ALREADY_EXISTS', `The case already holds a log named "${name}". Choose another name with --name.`, { name });
}

export async function refuseSameContent(db: CaseDb, sha256: string, path: string): Promise<void> {
  const row = await db.queryOne<{ name: string }>('SELECT name FROM logs WHERE source_sha256 = $sha ORDER BY imported_at LIMIT 1', { sha: sha256 });
  if (row) {
    throw new AssayError(
      'LOG_DUPLICATE',
      `The file ${basename(path)} has already been imported into this case as log "${row.name}" (same content, sha256 ${sha256.slice(0, 12)}…). Use that log, or import another file.`,
      { existingLog: row.name, sha256 },
    );
  }
}

/** safeTableName('log', name), with a numeric suffix when another log or table already has it. */
export async function freeTableName(db: CaseDb, name: string): Promise<string> {
  const base = safeTableName('log', name);
  const rows = await db.query<{ t: string }>(
    `SELECT table_name AS t FROM duckdb_tables() WHERE NOT temporary AND (table_name = $b OR starts_with(table_name, $b || '_'))
     UNION SELECT table_name FROM logs WHERE table_name = $b OR starts_with(table_name, $b || '_')`,
    { b: base },
  );
  const taken = new Set(rows.map((r) => r.t.toLowerCase()));
  let table = base;
  for (let k = 2; taken.has(table); k++) table = `${base}_${k}`;
  return table;
}

/** The table columns holding the columns the user marked as personal (named as in the file or as in the table). */
export function personalColumns(requested: string[], source: LogSource, columns: PlanColumn[]): string[] {
  const key = (s: string) => s.trim().toLowerCase();
  const out: string[] = [];
  for (const p of requested) {
    const hit = columns.find((c) => c.source === p) ?? columns.find((c) => c.name === p)
      ?? columns.find((c) => c.source !== null && key(c.source) === key(p)) ?? columns.find((c) => key(c.name) === key(p));
    if (!hit) {
      throw new AssayError(
        'BAD_ARGUMENT',
        `--personal ${p}: the log has no column "${p}". Its columns are ${source.columns.map((c) => `"${c.name}"`).join(', ')}.`,
        { column: p },
      );
    }
    if (!out.includes(hit.name)) out.push(hit.name);
  }
  return out;
}
