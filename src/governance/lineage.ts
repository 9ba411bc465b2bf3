import type { DecisionLineage, RunLineage } from '../api/contract-governance.ts';
import { AssayError } from '../api/errors.ts';
import { quoteIdent, type CaseDb } from '../case/index.ts';
import { RUN_COLUMNS, runMarks, runsConcerning, type RunRow } from './runs-of.ts';

interface LogRow {
  name: string; table_name: string; package_ref: string; format: string; source_path: string; source_sha256: string; source_bytes: number;
  imported_at: string; imported_by: string;
}

const LOG_SELECT = `SELECT name, table_name, package_ref, format, source_path, source_sha256, source_bytes,
  strftime(imported_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS imported_at, imported_by FROM logs`;

/** Where a decision came from: the log file and row, the package and model, the training data, and the runs that used it. */
export async function decisionLineage(db: CaseDb, decisionId: string, log?: string): Promise<DecisionLineage> {
  const logs = await db.query<LogRow & Record<string, unknown>>(`${LOG_SELECT} ${log === undefined ? '' : 'WHERE name = $1'} ORDER BY name`, log === undefined ? [] : [log]);
  if (log !== undefined && logs.length === 0) throw new AssayError('NOT_FOUND', `The case has no log named "${log}".`, { log });
  const hits: { log: LogRow; row: number }[] = [];
  for (const l of logs) {
    const r = await db.queryOne<{ row: number }>(`SELECT _row AS row FROM ${quoteIdent(l.table_name)} WHERE decision_id = $1 LIMIT 1`, [decisionId]);
    if (r) hits.push({ log: l, row: Number(r.row) });
  }
  if (hits.length === 0) throw new AssayError('NOT_FOUND', `No log of the case holds the decision "${decisionId}".`, { decisionId });
  if (hits.length > 1) {
    throw new AssayError('BAD_ARGUMENT', `The decision "${decisionId}" is in several logs (${hits.map((h) => h.log.name).join(', ')}); name one with --log.`, { decisionId });
  }
  const { log: l, row } = hits[0]!;
  const pkg = await db.queryOne<{ ref: string; id: string; version: string; model_sha256: string; source_kind: string; manifest: string; lineage: string }>(
    'SELECT ref, id, version, model_sha256, source_kind, CAST(manifest AS VARCHAR) AS manifest, CAST(lineage AS VARCHAR) AS lineage FROM packages WHERE ref = $1', [l.package_ref],
  );
  if (!pkg) throw new AssayError('INTERNAL', `The log "${l.name}" names the package ${l.package_ref}, which the case does not hold.`);
  const manifest = JSON.parse(pkg.manifest) as { lineage?: { training_data?: unknown; parameters?: unknown } };
  const files = await db.query<{ path: string; sha256: string }>('SELECT path, sha256 FROM package_files WHERE package_ref = $1 ORDER BY path', [pkg.ref]);
  return {
    kind: 'decision', decisionId,
    log: { name: l.name, sourcePath: l.source_path, sourceSha256: l.source_sha256, sourceBytes: Number(l.source_bytes), format: l.format, importedAt: l.imported_at, importedBy: l.imported_by },
    row: { row },
    package: { ref: pkg.ref, id: pkg.id, version: pkg.version, modelSha256: pkg.model_sha256, sourceKind: pkg.source_kind, files },
    trainingData: manifest.lineage?.training_data ?? null,
    parameters: manifest.lineage?.parameters ?? null,
    lineage: JSON.parse(pkg.lineage),
    runs: await runsConcerning(db, [l.name], [decisionId]),
  };
}

/** A run's inputs: its parameters and input hashes, the logs and packages it names, and any marks. */
export async function runLineage(db: CaseDb, runId: string): Promise<RunLineage> {
  const r = await db.queryOne<RunRow & Record<string, unknown>>(`SELECT ${RUN_COLUMNS} FROM runs WHERE run_id = $1`, [runId]);
  if (!r) throw new AssayError('NOT_FOUND', `The case has no run "${runId}".`, { runId });
  const parameters = JSON.parse(r.parameters) as Record<string, unknown>;
  const inputHashes = JSON.parse(r.input_hashes) as Record<string, unknown>;
  const logNames = new Set<string>();
  if (typeof parameters.log === 'string') logNames.add(parameters.log);
  for (const k of Object.keys(inputHashes)) if (k.startsWith('log:')) logNames.add(k.slice(4));
  const logs = (await db.query<{ name: string; source_sha256: string; package_ref: string }>('SELECT name, source_sha256, package_ref FROM logs ORDER BY name'))
    .filter((x) => logNames.has(x.name));
  const refs = new Set<string>(logs.map((x) => x.package_ref));
  if (typeof parameters.package === 'string') refs.add(parameters.package);
  if (typeof parameters.ref === 'string') refs.add(parameters.ref);
  const packages = (await db.query<{ ref: string; model_sha256: string }>('SELECT ref, model_sha256 FROM packages ORDER BY ref')).filter((p) => refs.has(p.ref));
  return {
    kind: 'run', runId: r.run_id, method: r.method, createdAt: r.created_at, createdBy: r.created_by, role: r.role,
    seed: r.seed === null ? null : Number(r.seed), parameters, inputHashes, resultSha256: r.result_sha256,
    marks: (await runMarks(db)).get(r.run_id) ?? [],
    logs: logs.map((x) => ({ name: x.name, sourceSha256: x.source_sha256 })),
    packages: packages.map((p) => ({ ref: p.ref, modelSha256: p.model_sha256 })),
  };
}
