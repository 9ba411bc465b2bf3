import type { CaseDb } from '../case/index.ts';
import type { Manifest } from '../packages/index.ts';
import type { ColumnMapping } from './column-mapping.ts';
import { tableStats, unseenValues } from './log-summary.ts';
import { importWarnings } from './log-warnings.ts';
import { quarantineCounts } from './quarantine.ts';
import type { PlanColumn, RowPlan } from './row-plan.ts';
import type { LogSource } from './source.ts';
import type { LogColumn, LogImportResult } from './types.ts';

export interface LogRecordInput {
  name: string;
  table: string;
  packageRef: string;
  manifest: Manifest;
  user: string;
  source: LogSource;
  mapping: ColumnMapping;
  plan: RowPlan;
  columns: PlanColumn[];
  personal: string[];
  naive: number;
  untypedExtras: ReadonlySet<string>;
  file: { sha256: string; bytes: number };
}

/** Summarises the imported table and its quarantine into the result, and records both in `logs`. */
export async function recordLog(db: CaseDb, x: LogRecordInput): Promise<LogImportResult> {
  const stats = await tableStats(db, x.table, x.manifest);
  const unseen = await unseenValues(db, x.table, x.manifest);
  const reasons = await quarantineCounts(db, x.name);
  const result: LogImportResult = {
    log: x.name,
    table: x.table,
    rows: stats.rows,
    quarantined: Object.values(reasons).reduce((a, b) => a + b, 0),
    format: x.source.format,
    sourceSha256: x.file.sha256,
    mapping: x.plan.mapping,
    quarantineReasons: reasons,
    unseenValues: unseen,
    missingOutcome: stats.missingOutcome,
    timestampRange: { from: stats.from, to: stats.to },
    personalColumns: x.personal,
    extraColumns: x.columns.filter((c) => c.role === 'extra').map((c) => c.name),
    warnings: importWarnings({ ...x, stats, unseen }),
  };
  const columns: LogColumn[] = [
    { name: '_row', type: 'BIGINT', role: 'row', source: null },
    ...x.columns.map(({ name, type, role, source }) => ({ name, type, role, source })),
  ];
  await db.exec(
    `INSERT INTO logs VALUES ($name, $table, $ref, $format, $path, $sha, $bytes, $rows, $quarantined,
       CAST($mapping AS JSON), CAST($columns AS JSON), CAST($personal AS JSON), CAST($report AS JSON), now(), $user)`,
    {
      name: x.name, table: x.table, ref: x.packageRef, format: x.source.format, path: x.source.path, sha: x.file.sha256, bytes: x.file.bytes,
      rows: result.rows, quarantined: result.quarantined, mapping: JSON.stringify(result.mapping), columns: JSON.stringify(columns),
      personal: JSON.stringify(x.personal), report: JSON.stringify(result), user: x.user,
    },
  );
  return result;
}
