import type { FindingData } from '../api/contract-governance.ts';
import { AssayError } from '../api/errors.ts';
import { quoteIdent, type CaseDb } from '../case/index.ts';

type Severity = FindingData['severity'];
type Status = FindingData['status'];

export interface NewFinding {
  targetKind: FindingData['targetKind'];
  target: string;
  log?: string;
  text: string;
  severity: Severity;
  status?: Status;
  user: string;
}

export interface FindingFilter {
  status?: Status;
  severity?: Severity;
  targetKind?: FindingData['targetKind'];
  target?: string;
}

const SELECT = `SELECT finding_id, target_kind, target_id, target_log, text, severity, status,
  strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at, created_by,
  strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS updated_at, updated_by FROM findings`;

interface FindingRow {
  finding_id: string; target_kind: string; target_id: string; target_log: string | null; text: string; severity: string; status: string;
  created_at: string; created_by: string; updated_at: string; updated_by: string | null;
}

function toFinding(r: FindingRow): FindingData {
  return {
    id: r.finding_id, targetKind: r.target_kind as FindingData['targetKind'], target: r.target_id, log: r.target_log, text: r.text,
    severity: r.severity as Severity, status: r.status as Status, createdAt: r.created_at, createdBy: r.created_by,
    updatedAt: r.updated_at, updatedBy: r.updated_by,
  };
}

async function logTable(db: CaseDb, log: string | undefined, kind: string): Promise<{ name: string; table: string }> {
  if (log === undefined) throw new AssayError('BAD_ARGUMENT', `A finding on a ${kind} needs the log it belongs to (--log NAME).`);
  const row = await db.queryOne<{ table_name: string }>('SELECT table_name FROM logs WHERE name = $1', [log]);
  if (!row) throw new AssayError('NOT_FOUND', `The case has no log named "${log}".`, { log });
  return { name: log, table: row.table_name };
}

/** Checks that the target exists: a decision of the log, a group written attribute=value of the log, or a run. */
async function checkTarget(db: CaseDb, f: NewFinding): Promise<void> {
  if (f.targetKind === 'run') {
    if (!(await db.queryOne('SELECT 1 AS x FROM runs WHERE run_id = $1', [f.target]))) {
      throw new AssayError('NOT_FOUND', `The case has no run "${f.target}"; "assay case info" counts the runs and lineage --run shows one.`, { run: f.target });
    }
    return;
  }
  const log = await logTable(db, f.log, f.targetKind);
  if (f.targetKind === 'decision') {
    if (!(await db.queryOne(`SELECT 1 AS x FROM ${quoteIdent(log.table)} WHERE decision_id = $1`, [f.target]))) {
      throw new AssayError('NOT_FOUND', `The log "${log.name}" has no decision "${f.target}".`, { decisionId: f.target });
    }
    return;
  }
  const eq = f.target.indexOf('=');
  if (eq <= 0 || eq === f.target.length - 1) {
    throw new AssayError('BAD_ARGUMENT', `A group is written attribute=value (for example sex=female, or sex|age_group=female|under_25), not "${f.target}".`, { target: f.target });
  }
  const attributes = f.target.slice(0, eq).split('|');
  const values = f.target.slice(eq + 1).split('|');
  if (attributes.length !== values.length) {
    throw new AssayError('BAD_ARGUMENT', `The group "${f.target}" names ${attributes.length} attributes but ${values.length} values.`, { target: f.target });
  }
  const columns = new Set((await db.query<{ c: string }>('SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1', [log.table])).map((r) => r.c));
  for (const a of attributes) {
    if (!columns.has(a)) throw new AssayError('BAD_ARGUMENT', `The log "${log.name}" has no column "${a}" (group ${f.target}).`, { column: a });
  }
  const where = attributes.map((a, i) => `CAST(${quoteIdent(a)} AS VARCHAR) = $${i + 1}`).join(' AND ');
  if (!(await db.queryOne(`SELECT 1 AS x FROM ${quoteIdent(log.table)} WHERE ${where} LIMIT 1`, values))) {
    throw new AssayError('NOT_FOUND', `No decision of the log "${log.name}" belongs to the group ${f.target}.`, { target: f.target });
  }
}

export async function addFinding(db: CaseDb, f: NewFinding): Promise<FindingData> {
  await checkTarget(db, f);
  return db.transaction(async () => {
    const n = Number((await db.queryOne<{ n: number }>('SELECT count(*) AS n FROM findings'))?.n ?? 0);
    const id = `F-${String(n + 1).padStart(4, '0')}`;
    await db.exec(
      'INSERT INTO findings (finding_id, target_kind, target_id, text, severity, status, created_at, created_by, updated_at, target_log, updated_by) VALUES ($1, $2, $3, $4, $5, $6, now(), $7, now(), $8, NULL)',
      [id, f.targetKind, f.target, f.text, f.severity, f.status ?? 'open', f.user, f.targetKind === 'run' ? null : (f.log ?? null)],
    );
    return (await listFindings(db, {})).find((x) => x.id === id)!;
  });
}

export async function updateFinding(db: CaseDb, id: string, change: { text?: string; severity?: Severity; status?: Status }, user: string): Promise<FindingData> {
  const existing = (await listFindings(db, {})).find((x) => x.id === id);
  if (!existing) throw new AssayError('NOT_FOUND', `The case has no finding "${id}"; "assay finding list" shows them.`, { id });
  if (change.text === undefined && change.severity === undefined && change.status === undefined) {
    throw new AssayError('BAD_ARGUMENT', `Nothing to change in finding ${id}: give --status, --severity or --text.`, { id });
  }
  await db.exec(
    'UPDATE findings SET text = $1, severity = $2, status = $3, updated_at = now(), updated_by = $4 WHERE finding_id = $5',
    [change.text ?? existing.text, change.severity ?? existing.severity, change.status ?? existing.status, user, id],
  );
  return (await listFindings(db, {})).find((x) => x.id === id)!;
}

export async function listFindings(db: CaseDb, filter: FindingFilter): Promise<FindingData[]> {
  const where: string[] = [];
  const params: string[] = [];
  for (const [col, v] of [['status', filter.status], ['severity', filter.severity], ['target_kind', filter.targetKind], ['target_id', filter.target]] as const) {
    if (v === undefined) continue;
    params.push(v);
    where.push(`${col} = $${params.length}`);
  }
  const rows = await db.query<FindingRow & Record<string, unknown>>(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY finding_id`, params);
  return rows.map(toFinding);
}
