import type { RunReference } from '../api/contract-governance.ts';
import type { CaseDb } from '../case/index.ts';

export interface RunRow {
  run_id: string;
  method: string;
  parameters: string;
  input_hashes: string;
  result_sha256: string;
  seed: number | null;
  created_at: string;
  created_by: string;
  role: string;
}

export const RUN_COLUMNS = `run_id, method, CAST(parameters AS VARCHAR) AS parameters, CAST(input_hashes AS VARCHAR) AS input_hashes, result_sha256, seed,
  strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at, created_by, role`;

/** The decision ids a run's parameters name (one decision, or a list). */
export function namedDecisions(parameters: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of ['decision', 'decisionId']) if (typeof parameters[key] === 'string') out.push(parameters[key]);
  if (Array.isArray(parameters.decisionIds)) out.push(...parameters.decisionIds.filter((x): x is string => typeof x === 'string'));
  return out;
}

export async function runMarks(db: CaseDb): Promise<Map<string, string[]>> {
  const rows = await db.query<{ run_id: string; note: string }>('SELECT run_id, note FROM run_marks ORDER BY created_at');
  const marks = new Map<string, string[]>();
  for (const r of rows) marks.set(r.run_id, [...(marks.get(r.run_id) ?? []), r.note]);
  return marks;
}

/** Runs that name one of the decisions, or that ran over one of the logs without naming particular decisions. */
export async function runsConcerning(db: CaseDb, logs: string[], decisionIds: string[]): Promise<RunReference[]> {
  const rows = await db.query<RunRow & Record<string, unknown>>(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY created_at, run_id`);
  const marks = await runMarks(db);
  const ids = new Set(decisionIds);
  const out: RunReference[] = [];
  for (const r of rows) {
    const parameters = JSON.parse(r.parameters) as Record<string, unknown>;
    const inputHashes = JSON.parse(r.input_hashes) as Record<string, unknown>;
    const overLog = (typeof parameters.log === 'string' && logs.includes(parameters.log)) || logs.some((l) => `log:${l}` in inputHashes);
    if (!overLog) continue;
    // a run about particular decisions used only those; a run over the whole log used every decision of it
    const listed = namedDecisions(parameters);
    const named = listed.some((d) => ids.has(d));
    if (listed.length > 0 && !named) continue;
    out.push({
      runId: r.run_id, method: r.method, relation: named ? 'named' : 'log', createdAt: r.created_at, createdBy: r.created_by,
      parameters, inputHashes, marks: marks.get(r.run_id) ?? [],
    });
  }
  return out;
}
