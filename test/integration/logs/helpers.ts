import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssayError } from '../../../src/api/errors.ts';
import { CaseDb, quoteLiteral } from '../../../src/case/index.ts';
import type { Manifest } from '../../../src/packages/index.ts';
import { importLog, type LogImportRequest, type LogImportResult } from '../../../src/logs/index.ts';

export const PACKAGE_REF = 'credit@1.0.0';

/** A small package manifest: a numeric, a categorical with levels, a second numeric; sex as protected attribute. */
export function testManifest(changes: Partial<Manifest> = {}): Manifest {
  return {
    format: 'assay-package/1',
    id: 'credit',
    version: '1.0.0',
    task: 'binary_classification',
    model: { file: 'model.onnx' },
    features: [
      { name: 'age', type: 'numeric' },
      { name: 'purpose', type: 'categorical', levels: ['car', 'education', 'furniture'] },
      { name: 'income', type: 'numeric' },
    ],
    input: { layout: 'columns' },
    output: { name: 'probabilities', index: 1 },
    positive_class: 1,
    threshold: 0.5,
    favorable_outcome: 1,
    outcome_labels: { '0': 'decline', '1': 'approve' },
    label: 'repaid',
    protected_attributes: [{ name: 'sex', reference: 'male' }],
    lineage: {},
    files: {},
    ...changes,
  };
}

export const HEADER = 'decision_id,timestamp,model_id,model_version,score,decision,outcome,age,purpose,income,sex';

/** `n` clean CSV lines d1..dn (no header). */
export function cleanLines(n: number, from = 1): string[] {
  const out: string[] = [];
  for (let i = from; i < from + n; i++) {
    const purpose = ['car', 'education', 'furniture'][i % 3];
    const score = ((i * 37) % 100) / 100;
    out.push(`d${i},2024-01-01T00:00:${String(i % 60).padStart(2, '0')}Z,credit,1.0.0,${score},${score >= 0.5 ? 'approve' : 'decline'},${i % 4 === 0 ? '' : i % 2},${20 + (i % 50)},${purpose},${1000 + i},${i % 2 ? 'male' : 'female'}`);
  }
  return out;
}

export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

export function csvFile(dir: string, name: string, lines: string[], header = HEADER): string {
  return writeFile(dir, name, [header, ...lines].join('\n') + '\n');
}

let cases = 0;

/** A new case file opened with read access to `files`. */
export async function openCase(dir: string, files: string[]): Promise<CaseDb> {
  const path = join(dir, `case-${++cases}.assay`);
  const created = await CaseDb.create(path, 'logs test', 'tester');
  await created.close();
  return CaseDb.open(path, { allowedFiles: files });
}

export function request(path: string, changes: Partial<LogImportRequest> = {}): LogImportRequest {
  return { path, packageRef: PACKAGE_REF, manifest: testManifest(), user: 'tester', ...changes };
}

export function importFile(db: CaseDb, path: string, changes: Partial<LogImportRequest> = {}): Promise<LogImportResult> {
  return importLog(db, request(path, changes));
}

/** Everything an import could leave behind: tables (temporary ones too), `logs` and `quarantine` rows. */
export async function caseState(db: CaseDb): Promise<string> {
  const tables = await db.query("SELECT database_name || '.' || table_name AS t, estimated_size AS n FROM duckdb_tables() ORDER BY 1");
  const logs = await db.query('SELECT name, table_name, rows FROM logs ORDER BY name');
  const quarantine = await db.query('SELECT log_name, count(*) AS n FROM quarantine GROUP BY 1 ORDER BY 1');
  return JSON.stringify({ tables: tables.map((t) => t.t), logs, quarantine });
}

/** Asserts that `run` fails with `code`, that the message names each of `mentions`, and that the case is unchanged. */
export async function refused(db: CaseDb, run: () => Promise<unknown>, code: string, mentions: string[]): Promise<AssayError> {
  const before = await caseState(db);
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof AssayError, `expected AssayError ${code}, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  for (const m of mentions) assert.ok(error.message.includes(m), `"${error.message}" should name ${m}`);
  assert.equal(await caseState(db), before, 'the case must be unchanged');
  return error;
}

export async function tableOf(db: CaseDb, result: LogImportResult): Promise<Record<string, unknown>[]> {
  return db.query(`SELECT * FROM "${result.table}" ORDER BY _row`);
}

export async function columnTypes(db: CaseDb, table: string): Promise<Record<string, string>> {
  const rows = await db.query<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = ${quoteLiteral(table)} ORDER BY ordinal_position`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.type]));
}

export async function quarantineOf(db: CaseDb, log: string): Promise<{ source_row: number; decision_id: string | null; reason: string; detail: string | null; raw: string | null }[]> {
  return db.query('SELECT source_row, decision_id, reason, detail, raw FROM quarantine WHERE log_name = $log ORDER BY source_row', { log });
}

/** Writes a Parquet file from a SELECT, with DuckDB (through a scratch case allowed to write to `dir`). */
export async function writeParquet(dir: string, name: string, select: string): Promise<string> {
  const path = join(dir, name);
  const scratchPath = join(dir, `scratch-${++cases}.assay`);
  const created = await CaseDb.create(scratchPath, 'scratch', 'tester');
  await created.close();
  const db = await CaseDb.open(scratchPath, { allowedDirectories: [dir] });
  try {
    await db.exec(`COPY (${select}) TO ${quoteLiteral(path)} (FORMAT parquet)`);
  } finally {
    await db.close();
  }
  return path;
}
