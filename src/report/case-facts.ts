import type { CaseDb } from '../case/index.ts';

/** A recorded run as the report reads it: everything the runs table holds. */
export interface ReportRun {
  runId: string;
  method: string;
  parameters: Record<string, unknown>;
  seed: number | null;
  inputHashes: Record<string, string>;
  result: unknown;
  resultSha256: string;
  createdAt: string;
  createdBy: string;
  role: string;
}

export interface ReportPackage {
  ref: string;
  sourceKind: string;
  modelSha256: string;
  manifest: Record<string, unknown>;
  lineage: Record<string, unknown>;
  verification: { ok?: boolean; problems?: string[]; signature?: { present?: boolean; status?: string } } & Record<string, unknown>;
  files: { path: string; sha256: string; size: number }[];
  card: string | null;
  importedAt: string;
  importedBy: string;
}

export interface ReportLog {
  name: string;
  packageRef: string;
  format: string;
  sourceSha256: string;
  sourceBytes: number;
  rows: number;
  quarantined: number;
  importedAt: string;
  report: Record<string, unknown>;
  quarantineReasons: { reason: string; rows: number }[];
}

export interface ReportFinding {
  id: string;
  targetKind: string;
  target: string;
  text: string;
  severity: string;
  status: string;
  createdAt: string;
  createdBy: string;
}

export interface CaseFacts {
  caseId: string;
  title: string;
  packages: ReportPackage[];
  logs: ReportLog[];
  /** Oldest first (then by id): the order of the appendix. */
  runs: ReportRun[];
  /** null when the case has no findings table. */
  findings: ReportFinding[] | null;
  /** Marks on runs (e.g. made stale by an erasure), when the case records them. */
  runMarks: { runId: string; kind: string; note: string }[];
  /** The audit trail's head as of the last entry that is not a report export; null for an empty trail. */
  auditHead: { seq: number; hash: string; recordedAt: string; entries: number } | null;
}

const UTC = (col: string): string => `strftime(${col} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ')`;

function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

async function tableExists(db: CaseDb, name: string): Promise<boolean> {
  const r = await db.queryOne<{ n: number }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = $1", [name]);
  return Number(r?.n ?? 0) > 0;
}

/** Reads what the report draws on from the case: no analysis is run, only recorded results are read. */
export async function readCaseFacts(db: CaseDb): Promise<CaseFacts> {
  const meta = await db.meta();
  const pkgRows = await db.query(
    `SELECT ref, source_kind, model_sha256, manifest, lineage, verification, ${UTC('imported_at')} AS imported_at, imported_by FROM packages ORDER BY ref`,
  );
  const packages: ReportPackage[] = [];
  for (const p of pkgRows) {
    const ref = String(p.ref);
    const manifest = json<Record<string, unknown>>(p.manifest);
    const files = await db.query<{ path: string; sha256: string; size: number }>('SELECT path, sha256, size FROM package_files WHERE package_ref = $1 ORDER BY path', [ref]);
    const cardFile = typeof manifest.card === 'string' ? manifest.card : null;
    const card = cardFile ? await db.queryOne<{ content: Uint8Array }>('SELECT content FROM package_files WHERE package_ref = $1 AND path = $2', [ref, cardFile]) : undefined;
    packages.push({
      ref, sourceKind: String(p.source_kind), modelSha256: String(p.model_sha256), manifest,
      lineage: json(p.lineage), verification: json(p.verification),
      files: files.map((f) => ({ path: String(f.path), sha256: String(f.sha256), size: Number(f.size) })),
      card: card ? Buffer.from(card.content).toString('utf8') : null,
      importedAt: String(p.imported_at), importedBy: String(p.imported_by),
    });
  }
  const logRows = await db.query(
    `SELECT name, package_ref, format, source_sha256, source_bytes, rows, quarantined, report, ${UTC('imported_at')} AS imported_at FROM logs ORDER BY name`,
  );
  const reasons = await db.query<{ log_name: string; reason: string; n: number }>('SELECT log_name, reason, count(*) AS n FROM quarantine GROUP BY ALL ORDER BY log_name, reason');
  const logs: ReportLog[] = logRows.map((l) => ({
    name: String(l.name), packageRef: String(l.package_ref), format: String(l.format), sourceSha256: String(l.source_sha256),
    sourceBytes: Number(l.source_bytes), rows: Number(l.rows), quarantined: Number(l.quarantined), importedAt: String(l.imported_at),
    report: json(l.report),
    quarantineReasons: reasons.filter((r) => r.log_name === l.name).map((r) => ({ reason: String(r.reason), rows: Number(r.n) })),
  }));
  const runRows = await db.query(
    `SELECT run_id, method, parameters, seed, input_hashes, result, result_sha256, ${UTC('created_at')} AS created_at, created_by, role FROM runs ORDER BY created_at, run_id`,
  );
  const runs: ReportRun[] = runRows.map((r) => ({
    runId: String(r.run_id), method: String(r.method), parameters: json(r.parameters), seed: r.seed === null || r.seed === undefined ? null : Number(r.seed),
    inputHashes: json(r.input_hashes), result: json(r.result), resultSha256: String(r.result_sha256), createdAt: String(r.created_at),
    createdBy: String(r.created_by), role: String(r.role),
  }));
  let findings: ReportFinding[] | null = null;
  if (await tableExists(db, 'findings')) {
    const f = await db.query(`SELECT finding_id, target_kind, target_id, text, severity, status, ${UTC('created_at')} AS created_at, created_by FROM findings ORDER BY created_at, finding_id`);
    findings = f.map((x) => ({
      id: String(x.finding_id), targetKind: String(x.target_kind), target: String(x.target_id), text: String(x.text), severity: String(x.severity),
      status: String(x.status), createdAt: String(x.created_at), createdBy: String(x.created_by),
    }));
  }
  const runMarks = (await tableExists(db, 'run_marks'))
    ? (await db.query('SELECT run_id, kind, note FROM run_marks ORDER BY created_at, run_id')).map((m) => ({ runId: String(m.run_id), kind: String(m.kind), note: String(m.note) }))
    : [];
  const head = await db.queryOne(
    `SELECT seq, hash, ${UTC('recorded_at')} AS recorded_at, (SELECT count(*) FROM audit a2 WHERE a2.seq <= a.seq) AS entries
       FROM audit a WHERE method NOT LIKE 'report.%' ORDER BY seq DESC LIMIT 1`,
  );
  return {
    caseId: meta.case_id ?? '', title: meta.title ?? '', packages, logs, runs, findings, runMarks,
    auditHead: head ? { seq: Number(head.seq), hash: String(head.hash), recordedAt: String(head.recorded_at), entries: Number(head.entries) } : null,
  };
}
