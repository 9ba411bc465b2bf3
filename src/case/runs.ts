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
