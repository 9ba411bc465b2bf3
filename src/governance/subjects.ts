import { randomUUID } from 'node:crypto';
import { ERASED, type FindingData, type SubjectErasure, type SubjectExport, type SubjectLogData } from '../api/contract-governance.ts';
import { AssayError } from '../api/errors.ts';
import { quoteIdent, type CaseDb } from '../case/index.ts';
import { canonicalJson } from '../util/canonical-json.ts';
import { listFindings } from './findings.ts';
import { personalPlan, type LogPersonal } from './personal-columns.ts';
import { runsConcerning } from './runs-of.ts';
import { scrub } from './scrub.ts';

export interface SubjectSelector {
  decisionId?: string;
  subjectColumn?: string;
  value?: string;
  log?: string;
}

interface SubjectInLog {
  personal: LogPersonal;
  packageRef: string;
  sourceSha256: string;
  sourceColumn: string | null;
  rows: Record<string, unknown>[];
}

function checkSelector(s: SubjectSelector): void {
  const byColumn = s.subjectColumn !== undefined || s.value !== undefined;
  if ((s.decisionId === undefined) === !byColumn) {
    throw new AssayError('BAD_ARGUMENT', 'Name the subject either by --decision ID or by --subject-column C with --value V, not both and not neither.');
  }
  if (byColumn && (s.subjectColumn === undefined || s.value === undefined)) {
    throw new AssayError('BAD_ARGUMENT', '--subject-column and --value go together: name the column that identifies the subject and its value.');
  }
}

/** The decisions of the subject in every log (or the named one), found by decision id or by a subject column. */
async function findSubject(db: CaseDb, s: SubjectSelector): Promise<SubjectInLog[]> {
  checkSelector(s);
  const plan = await personalPlan(db);
  const logs = s.log === undefined ? plan.logs : plan.logs.filter((l) => l.log === s.log);
  if (s.log !== undefined && logs.length === 0) throw new AssayError('NOT_FOUND', `The case has no log named "${s.log}".`, { log: s.log });
  const meta = new Map((await db.query<{ name: string; package_ref: string; source_sha256: string; columns: string }>(
    'SELECT name, package_ref, source_sha256, CAST(columns AS VARCHAR) AS columns FROM logs',
  )).map((r) => [r.name, r]));
  const found: SubjectInLog[] = [];
  let columnSeen = false;
  for (const l of logs) {
    const column = s.decisionId !== undefined ? 'decision_id' : s.subjectColumn!;
    if (!(column in l.types)) continue;
    columnSeen = true;
    const rows = await db.query(`SELECT * FROM ${quoteIdent(l.table)} WHERE CAST(${quoteIdent(column)} AS VARCHAR) = $1 ORDER BY _row`, [s.decisionId ?? s.value!]);
    const m = meta.get(l.log)!;
    const cols = JSON.parse(m.columns) as { name: string; source: string | null }[];
    const sourceColumn = cols.find((c) => c.name === column)?.source ?? null;
    const quarantined = await quarantineOf(db, l.log, s, sourceColumn, []);
    if (rows.length === 0 && quarantined.length === 0) continue;
    found.push({ personal: l, packageRef: m.package_ref, sourceSha256: m.source_sha256, sourceColumn, rows });
  }
  if (!columnSeen && s.subjectColumn !== undefined) {
    throw new AssayError('BAD_ARGUMENT', `No log of the case has a column "${s.subjectColumn}"; name a column of the log (see "assay log rows").`, { column: s.subjectColumn });
  }
  if (found.length === 0) {
    const what = s.decisionId !== undefined ? `decision "${s.decisionId}"` : `subject with ${s.subjectColumn} = "${s.value}"`;
    throw new AssayError('NOT_FOUND', `The case holds no ${what}${s.log ? ` in the log "${s.log}"` : ''}.`, { ...s });
  }
  return found;
}

interface QuarantineRow {
  source_row: number;
  decision_id: string | null;
  reason: string;
  detail: string | null;
  raw: string | null;
}

async function quarantineOf(db: CaseDb, log: string, s: SubjectSelector, sourceColumn: string | null, ids: string[]): Promise<QuarantineRow[]> {
  const rows = await db.query<QuarantineRow & Record<string, unknown>>(
    'SELECT source_row, decision_id, reason, detail, CAST(raw AS VARCHAR) AS raw FROM quarantine WHERE log_name = $1 ORDER BY source_row', [log],
  );
  return rows.filter((q) => {
    if (q.decision_id !== null && (q.decision_id === s.decisionId || ids.includes(q.decision_id))) return true;
    if (s.value === undefined || q.raw === null) return false;
    const raw = JSON.parse(q.raw) as Record<string, unknown>;
    const key = sourceColumn ?? s.subjectColumn!;
    return raw[key] !== undefined && raw[key] !== null && String(raw[key]) === s.value;
  });
}

function idsOf(found: SubjectInLog[]): string[] {
  return [...new Set(found.flatMap((f) => f.rows.map((r) => r.decision_id).filter((d): d is string => typeof d === 'string')))];
}

/** Everything the case holds about one data subject, as plain data. */
export async function exportSubject(db: CaseDb, s: SubjectSelector): Promise<SubjectExport> {
  const found = await findSubject(db, s);
  const decisionIds = idsOf(found);
  const logNames = found.map((f) => f.personal.log);
  const runs = await runsConcerning(db, logNames, decisionIds);
  const logs: SubjectLogData[] = [];
  for (const f of found) {
    const replays: SubjectLogData['replays'] = [];
    for (const run of runs.filter((r) => r.method === 'replay.run' && (r.parameters as { log?: string }).log === f.personal.log)) {
      const table = (run.parameters as { table?: unknown }).table;
      if (typeof table !== 'string' || decisionIds.length === 0) continue;
      if (!(await db.queryOne('SELECT 1 AS x FROM information_schema.tables WHERE table_name = $1', [table]))) continue;
      const rows = await db.query(`SELECT * FROM ${quoteIdent(table)} WHERE list_contains(from_json($1, '["VARCHAR"]'), CAST(decision_id AS VARCHAR)) ORDER BY _row`, [JSON.stringify(decisionIds)]);
      replays.push({ table, runId: run.runId, rows });
    }
    const quarantine = (await quarantineOf(db, f.personal.log, s, f.sourceColumn, decisionIds)).map((q) => ({
      sourceRow: q.source_row, decisionId: q.decision_id, reason: q.reason, detail: q.detail, raw: q.raw === null ? null : JSON.parse(q.raw),
    }));
    logs.push({ log: f.personal.log, packageRef: f.packageRef, sourceSha256: f.sourceSha256, personalColumns: f.personal.columns, rows: f.rows, quarantine, replays });
  }
  const findings: FindingData[] = (await listFindings(db, { targetKind: 'decision' })).filter((x) => decisionIds.includes(x.target) && (x.log === null || logNames.includes(x.log)));
  const erasureRows = await db.query<{ erasure_id: string; log_name: string; decision_ids: string; rows: number; columns: string; created_at: string; created_by: string }>(
    `SELECT erasure_id, log_name, CAST(decision_ids AS VARCHAR) AS decision_ids, rows, CAST(columns AS VARCHAR) AS columns,
       strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS created_at, created_by FROM erasures ORDER BY created_at`,
  );
  const erasures = erasureRows
    .filter((e) => (JSON.parse(e.decision_ids) as string[]).some((d) => decisionIds.includes(d)))
    .map((e) => ({ erasureId: e.erasure_id, log: e.log_name, rows: Number(e.rows), columns: JSON.parse(e.columns) as string[], createdAt: e.created_at, createdBy: e.created_by }));
  const auditEntries: number[] = [];
  for (const id of decisionIds) {
    for (const r of await db.query<{ seq: number }>('SELECT seq FROM audit WHERE contains(CAST(arguments AS VARCHAR), $1) ORDER BY seq', [JSON.stringify(id)])) {
      if (!auditEntries.includes(r.seq)) auditEntries.push(r.seq);
    }
  }
  return {
    selector: { decisionId: s.decisionId ?? null, subjectColumn: s.subjectColumn ?? null, value: s.value ?? null, log: s.log ?? null },
    decisionIds, logs, runs, findings, erasures, auditEntries: auditEntries.sort((a, b) => a - b), generatedAt: new Date().toISOString(),
  };
}

const TEXT_TYPES = /^(VARCHAR|TEXT|STRING|JSON)$/i;

/**
 * Replaces the subject's personal values by a tombstone (text columns) or NULL (other types) in every log holding
 * the subject, in its quarantined rows and in the stored results of runs about its decisions; records the erasure
 * and marks every run that used the subject's data.
 */
export async function eraseSubject(db: CaseDb, s: SubjectSelector, user: string): Promise<SubjectErasure> {
  const found = await findSubject(db, s);
  const decisionIds = idsOf(found);
  const unmarked = found.filter((f) => f.personal.columns.length === 0).map((f) => f.personal.log);
  if (unmarked.length > 0) {
    throw new AssayError('BAD_ARGUMENT', `The log${unmarked.length > 1 ? 's' : ''} ${unmarked.map((l) => `"${l}"`).join(', ')} mark${unmarked.length > 1 ? '' : 's'} no column personal, so there is nothing to erase; mark them first with "assay log personal CASE --log NAME --add COLUMNS".`, { logs: unmarked });
  }
  const erasureId = `E-${randomUUID()}`;
  const plan = await personalPlan(db);
  return db.transaction(async () => {
    const logs: SubjectErasure['logs'] = [];
    for (const f of found) {
      const p = f.personal;
      const rowsNumbers = f.rows.map((r) => Number(r._row));
      if (rowsNumbers.length > 0) {
        const sets = p.columns.map((c) => {
          if (c === 'decision_id') return `${quoteIdent(c)} = '${ERASED.slice(0, -1)}:' || CAST(_row AS VARCHAR) || ']'`;
          return `${quoteIdent(c)} = ${TEXT_TYPES.test(p.types[c] ?? '') ? `'${ERASED}'` : 'NULL'}`;
        });
        await db.exec(`UPDATE ${quoteIdent(p.table)} SET ${sets.join(', ')} WHERE list_contains(from_json($1, '["BIGINT"]'), _row)`, [JSON.stringify(rowsNumbers)]);
      }
      const quarantined = await quarantineOf(db, p.log, s, f.sourceColumn, decisionIds);
      const scrubPlan = { keys: new Set([...p.columns, ...p.sources, 'line']), columns: new Set(p.columns), decisionIds: false };
      for (const q of quarantined) {
        const raw = q.raw === null ? null : canonicalJson(scrub(JSON.parse(q.raw), scrubPlan, ERASED));
        const id = p.columns.includes('decision_id') ? ERASED : q.decision_id;
        await db.exec('UPDATE quarantine SET raw = CAST($1 AS JSON), decision_id = $2, detail = NULL WHERE log_name = $3 AND source_row = $4', [raw, id, p.log, q.source_row]);
      }
      await db.exec(
        'INSERT INTO erasures VALUES ($1, $2, CAST($3 AS JSON), CAST($4 AS JSON), $5, CAST($6 AS JSON), now(), $7)',
        [`${erasureId}/${p.log}`, p.log, canonicalJson({ by: s.decisionId !== undefined ? 'decision' : 'column', subjectColumn: s.subjectColumn ?? null }),
          JSON.stringify(p.columns.includes('decision_id') ? [] : decisionIds), rowsNumbers.length, JSON.stringify(p.columns), user],
      );
      logs.push({ log: p.log, rows: rowsNumbers.length, columns: p.columns, quarantineRows: quarantined.length });
    }
    const runs = await runsConcerning(db, found.map((f) => f.personal.log), decisionIds);
    const resultPlan = { keys: plan.keys, columns: plan.columns, decisionIds: plan.decisionIds };
    for (const r of runs) {
      const note = r.relation === 'named'
        ? `names a decision whose subject's personal data was erased (${erasureId}); personal values in its stored result were replaced`
        : `ran over a log from which a subject's personal data was later erased (${erasureId}); its result cannot be reproduced exactly`;
      await db.exec('INSERT INTO run_marks VALUES ($1, $2, $3, $4, now())', [r.runId, 'erasure', erasureId, note]);
      if (r.relation === 'named') {
        const stored = await db.queryOne<{ result: string }>('SELECT CAST(result AS VARCHAR) AS result FROM runs WHERE run_id = $1', [r.runId]);
        if (stored) await db.exec('UPDATE runs SET result = CAST($1 AS JSON) WHERE run_id = $2', [canonicalJson(scrub(JSON.parse(stored.result), resultPlan, ERASED)), r.runId]);
      }
    }
    return { erasureId, decisionIds: plan.decisionIds ? [] : decisionIds, logs, markedRuns: runs.map((r) => r.runId) };
  });
}
