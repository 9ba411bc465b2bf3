import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../util/canonical-json.ts';
import { sha256Hex } from '../util/hash.ts';
import type { CaseDb } from './case-db.ts';

export interface RunRecord {
  method: string;
  parameters: Record<string, unknown>;
  seed: number | null;
  inputHashes: Record<string, string>;
  result: unknown;
  user: string;
  role: string;
}

/** Records an analysis run with everything needed to reproduce it; returns its id. */
export async function recordRun(db: CaseDb, run: RunRecord): Promise<{ runId: string; resultSha256: string }> {
  const runId = `run-${randomUUID()}`;
  const resultJson = canonicalJson(run.result);
  const resultSha256 = sha256Hex(resultJson);
  await db.exec(
    'INSERT INTO runs (run_id, method, parameters, seed, input_hashes, result, result_sha256, created_at, created_by, role) VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8, $9)',
    [runId, run.method, canonicalJson(run.parameters), run.seed, canonicalJson(run.inputHashes), resultJson, resultSha256, run.user, run.role],
  );
  return { runId, resultSha256 };
}

export interface StoredRun {
  runId: string;
  method: string;
  parameters: Record<string, unknown>;
  seed: number | null;
  inputHashes: Record<string, string>;
  resultSha256: string;
  createdAt: string;
  createdBy: string;
  role: string;
}

export interface RunFilter {
  method?: string;
  /** Runs whose parameters name this log. */
  log?: string;
  limit?: number;
}

function parseJson<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

function toStoredRun(r: Record<string, unknown>): StoredRun {
  return {
    runId: String(r.run_id), method: String(r.method), parameters: parseJson(r.parameters),
    seed: r.seed === null || r.seed === undefined ? null : Number(r.seed), inputHashes: parseJson(r.input_hashes),
    resultSha256: String(r.result_sha256), createdAt: String(r.created_at), createdBy: String(r.created_by), role: String(r.role),
  };
}

/** The recorded runs, newest first. */
export async function listRuns(db: CaseDb, filter: RunFilter = {}): Promise<StoredRun[]> {
  const rows = await db.query(
    `SELECT run_id, method, parameters, seed, input_hashes, result_sha256, strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at, created_by, role
       FROM runs
      WHERE ($1::TEXT IS NULL OR method = $1) AND ($2::TEXT IS NULL OR json_extract_string(parameters, '$.log') = $2)
      ORDER BY created_at DESC, run_id LIMIT $3`,
    [filter.method ?? null, filter.log ?? null, filter.limit ?? 1000],
  );
  return rows.map(toStoredRun);
}

/** One run with its stored result, or undefined. */
export async function getRun(db: CaseDb, runId: string): Promise<(StoredRun & { result: unknown }) | undefined> {
  const r = await db.queryOne(
    `SELECT run_id, method, parameters, seed, input_hashes, result, result_sha256, strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at, created_by, role
       FROM runs WHERE run_id = $1`,
    [runId],
  );
  return r ? { ...toStoredRun(r), result: parseJson(r.result) } : undefined;
}
