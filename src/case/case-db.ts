import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DuckDBInstance, DuckDBBlobValue, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { AssayError } from '../api/errors.ts';
import { CASE_FORMAT, CURRENT_SCHEMA_VERSION, MIGRATIONS } from './schema.ts';

export type SqlParam = string | number | boolean | bigint | null | Uint8Array;
export type SqlParams = SqlParam[] | Record<string, SqlParam>;
export type Row = Record<string, unknown>;

export interface OpenOptions {
  readOnly?: boolean;
  /** Files (absolute or relative) that SQL may read; everything else outside the case is refused by DuckDB. */
  allowedFiles?: string[];
  /** Folders SQL may write to (exports); none by default. */
  allowedDirectories?: string[];
}

const DUCKDB_MAGIC_OFFSET = 8;
/**
 * DuckDB's memory limit (default 80% of RAM) is held lower so that a 10M-row import stays under 2 GB of peak RSS;
 * DuckDB spills to its temporary folder beyond it. ASSAY_MEMORY_LIMIT (e.g. "4GB") overrides it.
 */
const MEMORY_LIMIT = process.env.ASSAY_MEMORY_LIMIT ?? '1200MB';
/** ASSAY_TRACE_SQL=1 prints each query's time and a prefix of its text to stderr, =full the whole text (profiling aid). */
const TRACE_SQL = process.env.ASSAY_TRACE_SQL === '1' || process.env.ASSAY_TRACE_SQL === 'full';
const TRACE_WIDTH = process.env.ASSAY_TRACE_SQL === 'full' ? Infinity : 160;
/** DuckDB's file lock is per process; this set stops the same process from opening one case twice. */
const openInThisProcess = new Set<string>();
const DUCKDB_MAGIC = 'DUCK';

function toDuckValue(p: SqlParam): DuckDBValue {
  if (p instanceof Uint8Array) return new DuckDBBlobValue(p);
  return p as DuckDBValue;
}

function bindParams(params: SqlParams | undefined): Record<string, DuckDBValue> | DuckDBValue[] | undefined {
  if (params === undefined) return undefined;
  if (Array.isArray(params)) return params.map(toDuckValue);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, toDuckValue(v)]));
}

/** bigint → number where exact, Buffer → Uint8Array, so that results are plain data. */
function normaliseValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(normaliseValue);
  if (v !== null && typeof v === 'object' && v.constructor === Object) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normaliseValue(x)]));
  }
  return v;
}

function sqlStringList(paths: string[]): string {
  return `[${paths.map((p) => `'${p.replaceAll("'", "''")}'`).join(', ')}]`;
}

function looksLikeDuckDb(path: string): boolean {
  if (statSync(path).size < DUCKDB_MAGIC_OFFSET + 4) return false;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    readSync(fd, buf, 0, 4, DUCKDB_MAGIC_OFFSET);
    return buf.toString('latin1') === DUCKDB_MAGIC;
  } finally {
    closeSync(fd);
  }
}

function translateOpenError(path: string, e: unknown): AssayError {
  const message = (e as Error).message ?? String(e);
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    return new AssayError('CASE_LOCKED', `The case ${path} is open in another Assay process (it holds the file lock). Close the other window or command and try again.`, { path });
  }
  if (/not a valid DuckDB database|Failed to read database header|invalid header/i.test(message)) {
    return new AssayError('CASE_INVALID', `The file ${path} is not an Assay case file. Choose a file made with "assay case create".`, { path });
  }
  return new AssayError('CASE_INVALID', `The case ${path} could not be opened: ${message}`, { path });
}

/**
 * One open case file. The only place in Assay that talks to DuckDB: domains hand it SQL with parameters.
 * External file access is switched off after the files the caller named are allowed, and cannot be switched back on.
 */
export class CaseDb {
  readonly path: string;
  readonly readOnly: boolean;
  private instance: DuckDBInstance;
  private connection: DuckDBConnection;
  private inTransaction = false;

  private constructor(path: string, readOnly: boolean, instance: DuckDBInstance, connection: DuckDBConnection) {
    this.path = path;
    this.readOnly = readOnly;
    this.instance = instance;
    this.connection = connection;
  }

  static async create(path: string, title: string, createdBy: string): Promise<CaseDb> {
    const abs = resolve(path);
    if (existsSync(abs)) {
      throw new AssayError('ALREADY_EXISTS', `The file ${path} exists already. Choose a new case file name, or open this one.`, { path });
    }
    const db = await CaseDb.connect(abs, false, {});
    try {
      await db.transaction(async () => {
        for (const m of MIGRATIONS) for (const s of m.statements) await db.exec(s);
        const meta: Record<string, string> = {
          format: CASE_FORMAT,
          schema_version: String(CURRENT_SCHEMA_VERSION),
          case_id: randomUUID(),
          title,
          created_at: new Date().toISOString(),
          created_by: createdBy,
        };
        for (const [k, v] of Object.entries(meta)) await db.exec('INSERT INTO meta VALUES ($1, $2)', [k, v]);
      });
      await db.exec('CHECKPOINT');
    } catch (e) {
      await db.close();
      throw e;
    }
    return db;
  }

  static async open(path: string, options: OpenOptions = {}): Promise<CaseDb> {
    const abs = resolve(path);
    if (!existsSync(abs)) {
      throw new AssayError('NOT_FOUND', `There is no case file at ${path}. Create one with "assay case create ${path}".`, { path });
    }
    if (!statSync(abs).isFile() || !looksLikeDuckDb(abs)) {
      throw new AssayError('CASE_INVALID', `The file ${path} is not an Assay case file. Choose a file made with "assay case create".`, { path });
    }
    const db = await CaseDb.connect(abs, options.readOnly ?? false, options);
    try {
      await db.checkSchema();
    } catch (e) {
      await db.close();
      throw e;
    }
    return db;
  }

  private static async connect(abs: string, readOnly: boolean, options: OpenOptions): Promise<CaseDb> {
    if (!/^\d+(\.\d+)?\s*[KMGT]?i?B$/i.test(MEMORY_LIMIT)) {
      throw new AssayError('BAD_ARGUMENT', `ASSAY_MEMORY_LIMIT must be a size such as 4GB or 800MB, not "${MEMORY_LIMIT}".`);
    }
    if (openInThisProcess.has(abs)) {
      throw new AssayError('CASE_LOCKED', `The case ${abs} is already open in this Assay process. Close it before opening it again.`, { path: abs });
    }
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(abs, readOnly ? { access_mode: 'READ_ONLY' } : {});
    } catch (e) {
      throw translateOpenError(abs, e);
    }
    openInThisProcess.add(abs);
    const connection = await instance.connect();
    const allowedFiles = (options.allowedFiles ?? []).map((f) => resolve(f));
    const allowedDirs = (options.allowedDirectories ?? []).map((f) => resolve(f));
    if (allowedFiles.length > 0) await connection.run(`SET allowed_paths = ${sqlStringList(allowedFiles)}`);
    if (allowedDirs.length > 0) await connection.run(`SET allowed_directories = ${sqlStringList(allowedDirs)}`);
    await connection.run('SET enable_external_access = false');
    await connection.run(`SET memory_limit = '${MEMORY_LIMIT}'`);
    await connection.run("SET autoinstall_known_extensions = false");
    await connection.run("SET autoload_known_extensions = true");
    return new CaseDb(abs, readOnly, instance, connection);
  }

  private async checkSchema(): Promise<void> {
    let rows: Row[];
    try {
      rows = await this.query("SELECT key, value FROM meta WHERE key IN ('format', 'schema_version')");
    } catch {
      throw new AssayError('CASE_INVALID', `The file ${this.path} is a DuckDB database but not an Assay case (it has no case metadata).`, { path: this.path });
    }
    const meta = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    if (meta.format !== CASE_FORMAT) {
      throw new AssayError('CASE_INVALID', `The file ${this.path} is a DuckDB database but not an Assay case.`, { path: this.path });
    }
    const version = Number(meta.schema_version);
    if (version > CURRENT_SCHEMA_VERSION) {
      throw new AssayError('CASE_TOO_NEW', `The case ${this.path} was written by a newer Assay (schema version ${version}; this Assay reads up to ${CURRENT_SCHEMA_VERSION}). Update Assay to open it.`, { path: this.path, version });
    }
    if (version < CURRENT_SCHEMA_VERSION) {
      if (this.readOnly) {
        throw new AssayError('CASE_READ_ONLY', `The case ${this.path} uses schema version ${version} and must be upgraded; open it for writing once.`, { path: this.path });
      }
      await this.transaction(async () => {
        for (const m of MIGRATIONS.filter((x) => x.version > version)) {
          for (const s of m.statements) await this.exec(s);
        }
        await this.exec("UPDATE meta SET value = $1 WHERE key = 'schema_version'", [String(CURRENT_SCHEMA_VERSION)]);
      });
    }
  }

  async exec(sql: string, params?: SqlParams): Promise<void> {
    await this.connection.run(sql, bindParams(params));
  }

  async query<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]> {
    const t0 = TRACE_SQL ? performance.now() : 0;
    const reader = await this.connection.runAndReadAll(sql, bindParams(params));
    const rows = reader.getRowObjectsJS().map((r) => normaliseValue(r) as T);
    if (TRACE_SQL) process.stderr.write(`[sql ${(performance.now() - t0).toFixed(0)} ms, ${rows.length} rows] ${sql.replace(/\s+/g, ' ').slice(0, TRACE_WIDTH)}${TRACE_WIDTH === Infinity && params ? ` -- ${JSON.stringify(params)}` : ''}\n`);
    return rows;
  }

  async queryOne<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return (await this.query<T>(sql, params))[0];
  }

  /** Runs a query and hands its result to `onChunk` column by column, one DuckDB chunk (≤ 2048 rows) at a time. */
  async forEachChunk(sql: string, params: SqlParams | undefined, onChunk: (columns: unknown[][], names: string[], rowCount: number) => void | Promise<void>): Promise<void> {
    const result = await this.connection.stream(sql, bindParams(params));
    const names = result.columnNames();
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const columns = chunk.getColumns().map((c) => c.map(normaliseValue));
      await onChunk(columns, names, chunk.rowCount);
    }
  }

  /** An appender on a table of the case (or of the temp catalog); it shares the case's connection and transaction. */
  async createAppender(table: string, temporary = false): Promise<DuckDBAppender> {
    return temporary ? this.connection.createAppender(table, 'main', 'temp') : this.connection.createAppender(table);
  }

  /** Runs `fn` in one transaction: everything or nothing reaches the case file. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    this.inTransaction = true;
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await fn();
      await this.connection.run('COMMIT');
      return result;
    } catch (e) {
      try {
        await this.connection.run('ROLLBACK');
      } catch {
        // the transaction may already be aborted by DuckDB; the original error is the one to report
      }
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  async meta(): Promise<Record<string, string>> {
    const rows = await this.query<{ key: string; value: string }>('SELECT key, value FROM meta ORDER BY key');
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  async close(): Promise<void> {
    try {
      if (!this.readOnly) await this.connection.run('CHECKPOINT');
    } catch {
      // a failed checkpoint leaves the WAL, which DuckDB replays on the next open
    }
    this.connection.closeSync();
    this.instance.closeSync();
    openInThisProcess.delete(this.path);
  }
}
