import { resolve } from 'node:path';
import { quoteIdent } from '../../case/index.ts';
import { importLog, previewLog } from '../../logs/index.ts';
import type { MethodArgs } from '../contract.ts';
import type { LogImportData, LogListItem, LogPreviewData, QuarantinePage, RowsPage } from '../contract-types.ts';
import { AssayError } from '../errors.ts';
import type { HandlerContext } from '../handler-context.ts';
import type { CaseDb } from '../../case/index.ts';
import { getPackageManifest } from './package-handlers.ts';

interface LogRow {
  name: string; table_name: string; package_ref: string; format: string; source_path: string; source_sha256: string;
  rows: number; quarantined: number; imported_at: string; imported_by: string;
}

const LOG_COLUMNS = `name, table_name, package_ref, format, source_path, source_sha256, rows, quarantined,
  strftime(imported_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS imported_at, imported_by`;

export async function getLogRow(db: CaseDb, name: string): Promise<LogRow> {
  const row = await db.queryOne<LogRow & Record<string, unknown>>(`SELECT ${LOG_COLUMNS} FROM logs WHERE name = $1`, [name]);
  if (!row) {
    const known = (await db.query<{ name: string }>('SELECT name FROM logs ORDER BY name')).map((r) => r.name);
    throw new AssayError('NOT_FOUND', `The case has no log named "${name}"${known.length ? ` (it has ${known.join(', ')})` : ' (it has none yet: import one with "assay log import")'}.`, { log: name });
  }
  return row;
}

export async function importLogFile(ctx: HandlerContext, args: MethodArgs<'log.import'>): Promise<LogImportData> {
  const path = resolve(args.path);
  const db = await ctx.openCase([path]);
  const manifest = await getPackageManifest(db, args.package);
  const result = await importLog(db, {
    path, name: args.name, packageRef: args.package, manifest, format: args.format, map: args.map, personal: args.personal,
    user: ctx.user, signal: ctx.signal, onProgress: ctx.onProgress,
  });
  ctx.inputHashes[`log:${result.log}`] = result.sourceSha256;
  return { ...result, packageRef: args.package };
}

export async function previewLogFile(ctx: HandlerContext, args: MethodArgs<'log.preview'>): Promise<LogPreviewData> {
  const path = resolve(args.path);
  const db = await ctx.openCase([path]);
  const manifest = await getPackageManifest(db, args.package);
  const p = await previewLog(db, path, manifest, { format: args.format, map: args.map, limit: args.limit });
  return { path, ...p };
}

export async function listLogs(ctx: HandlerContext): Promise<LogListItem[]> {
  const db = await ctx.openCase();
  const rows = await db.query<LogRow & Record<string, unknown>>(`SELECT ${LOG_COLUMNS} FROM logs ORDER BY name`);
  return rows.map((r) => ({
    name: r.name, packageRef: r.package_ref, format: r.format, rows: r.rows, quarantined: r.quarantined,
    sourcePath: r.source_path, sourceSha256: r.source_sha256, importedAt: r.imported_at, importedBy: r.imported_by,
  }));
}

export async function listQuarantine(ctx: HandlerContext, args: MethodArgs<'log.quarantine'>): Promise<QuarantinePage> {
  const db = await ctx.openCase();
  await getLogRow(db, args.log);
  const total = Number((await db.queryOne<{ n: number }>('SELECT count(*) AS n FROM quarantine WHERE log_name = $1', [args.log]))?.n ?? 0);
  const rows = await db.query<{ source_row: number; decision_id: string | null; reason: string; detail: string | null; raw: string | null }>(
    'SELECT source_row, decision_id, reason, detail, raw FROM quarantine WHERE log_name = $1 ORDER BY source_row LIMIT $2 OFFSET $3',
    [args.log, args.limit ?? 100, args.offset ?? 0],
  );
  return {
    log: args.log, total,
    rows: rows.map((r) => ({ sourceRow: r.source_row, decisionId: r.decision_id, reason: r.reason, detail: r.detail, raw: r.raw ? JSON.parse(r.raw) : null })),
  };
}

export async function readRows(ctx: HandlerContext, args: MethodArgs<'log.rows'>): Promise<RowsPage> {
  const db = await ctx.openCase();
  const log = await getLogRow(db, args.log);
  const table = quoteIdent(log.table_name);
  const columns = await db.query<{ name: string; type: string }>(
    'SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
    [log.table_name],
  );
  const offset = args.offset ?? 0;
  const rows = await db.query(`SELECT * FROM ${table} ORDER BY _row LIMIT $1 OFFSET $2`, [args.limit ?? 100, offset]);
  return { log: args.log, total: log.rows, offset, columns, rows };
}
