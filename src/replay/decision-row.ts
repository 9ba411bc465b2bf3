import { AssayError } from '../api/errors.ts';
import { quoteIdent, type CaseDb } from '../case/index.ts';
import { packRows, type PackedBatch } from '../inference/index.ts';
import type { Feature } from '../packages/index.ts';
import type { LogColumn } from './log-columns.ts';
import { featureValueSql } from './row-reader.ts';
import type { AuditedLog } from './types.ts';

export interface DecisionRow {
  decisionId: string;
  row: number;
  /** The model inputs, read as a replay reads them. */
  packed: PackedBatch;
  raw: Record<string, string | number | null>;
  logged: { score: number | null; decision: 0 | 1 | null };
}

export async function readDecision(db: CaseDb, log: AuditedLog, columns: readonly LogColumn[], features: readonly Feature[], decisionId: string): Promise<DecisionRow> {
  const has = new Set(columns.map((c) => c.name));
  const values = await db.queryOne<Record<string, unknown>>(
    `SELECT _row AS "__row", ${has.has('score') ? 'score' : 'NULL'} AS "__score", ${has.has('decision') ? 'decision' : 'NULL'} AS "__decision",
            ${features.map((f) => `${featureValueSql(columns, f)} AS ${quoteIdent(f.name)}`).join(', ')}
     FROM ${quoteIdent(log.table)} WHERE decision_id = $1 LIMIT 1`,
    [decisionId],
  );
  if (!values) {
    const example = await db.queryOne<{ id: string }>(`SELECT decision_id AS id FROM ${quoteIdent(log.table)} ORDER BY _row LIMIT 1`);
    throw new AssayError('NOT_FOUND', `The log "${log.name}" has no decision "${decisionId}"${example ? ` (its ids look like ${example.id})` : ''}. Check the id with "assay log rows".`, { log: log.name, decision: decisionId });
  }
  const raw = Object.fromEntries(features.map((f) => [f.name, (values[f.name] ?? null) as string | number | null]));
  const decision = values.__decision === null || values.__decision === undefined ? null : Number(values.__decision) === 1 ? 1 : 0;
  return {
    decisionId, row: values.__row as number, packed: packRows(features, [raw]), raw,
    logged: { score: (values.__score as number | null) ?? null, decision },
  };
}
