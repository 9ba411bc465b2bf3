import type { ConfusionAt, ThresholdWhatIfResult, WhereCondition } from '../api/contract-replay.ts';
import { AssayError } from '../api/errors.ts';
import { quoteIdent, recordRun, type CaseDb } from '../case/index.ts';
import type { Manifest } from '../packages/index.ts';
import { rate } from './decision.ts';
import { logColumns } from './log-columns.ts';
import type { AuditedLog, RunContext } from './types.ts';
import { compileWhere, describeWhere } from './where-filter.ts';

/** The table of the latest replay of the whole log with the package, if the case holds one. */
export async function latestReplayTable(db: CaseDb, log: string, packageRef: string): Promise<string | null> {
  const rows = await db.query<{ t: string }>(
    `SELECT json_extract_string(parameters, '$.table') AS t FROM runs
     WHERE method = 'replay.run' AND json_extract_string(parameters, '$.log') = $1 AND json_extract_string(parameters, '$.package') = $2
       AND json_array_length(json_extract(parameters, '$.where')) = 0
     ORDER BY created_at DESC`,
    [log, packageRef],
  );
  for (const { t } of rows) {
    if (await db.queryOne("SELECT 1 FROM information_schema.tables WHERE table_schema = 'main' AND table_name = $1", [t])) return t;
  }
  return null;
}

function confusionSql(at: string, prefix: string): string {
  return [
    `count(*) FILTER (WHERE s >= ${at}) AS ${prefix}_pos`,
    `count(*) FILTER (WHERE s >= ${at} AND y = 1) AS ${prefix}_tp`,
    `count(*) FILTER (WHERE s >= ${at} AND y = 0) AS ${prefix}_fp`,
    `count(*) FILTER (WHERE s < ${at} AND y = 0) AS ${prefix}_tn`,
    `count(*) FILTER (WHERE s < ${at} AND y = 1) AS ${prefix}_fn`,
  ].join(', ');
}

function confusion(r: Record<string, number>, prefix: string, threshold: number, rows: number, unknownOutcome: number): ConfusionAt {
  const tp = Number(r[`${prefix}_tp`]), fp = Number(r[`${prefix}_fp`]), tn = Number(r[`${prefix}_tn`]), fn = Number(r[`${prefix}_fn`]);
  const positives = Number(r[`${prefix}_pos`]);
  return {
    threshold, positives, negatives: rows - positives, selectionRate: rate(positives, rows),
    truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn, unknownOutcome,
    accuracy: rate(tp + tn, tp + fp + tn + fn), truePositiveRate: rate(tp, tp + fn), falsePositiveRate: rate(fp, fp + tn),
  };
}

/**
 * Threshold what-if, in SQL: the decisions and their confusion counts against the observed outcome at the package's
 * threshold and at another, from the replayed scores (the latest full replay) or the logged ones.
 */
export async function thresholdWhatIf(
  db: CaseDb, log: AuditedLog, packageRef: string, manifest: Manifest, threshold: number, scores: 'replayed' | 'logged' | undefined, conditions: WhereCondition[], run: RunContext,
): Promise<ThresholdWhatIfResult> {
  const warnings: string[] = [];
  const replayTable = scores === 'logged' ? null : await latestReplayTable(db, log.name, packageRef);
  if (scores === 'replayed' && !replayTable) {
    throw new AssayError('NOT_FOUND', `The case holds no replay of the whole log "${log.name}" with ${packageRef}. Run "assay replay" first, or use the logged scores.`, { log: log.name, package: packageRef });
  }
  if (!replayTable && scores === undefined) {
    if (packageRef !== log.packageRef) {
      throw new AssayError('NOT_FOUND', `The case holds no replay of the log "${log.name}" with ${packageRef}, and its logged scores come from ${log.packageRef}. Run "assay replay --package ${packageRef}" first.`, { log: log.name, package: packageRef });
    }
    warnings.push(`The case holds no replay of the log "${log.name}", so its logged scores were used; run "assay replay" to use the model's own.`);
  }
  const source = replayTable ? 'replayed' : 'logged';
  const columns = await logColumns(db, log.table);
  const have = new Set(columns.map((c) => c.name));
  const where = await compileWhere(db, conditions, columns, 3, 'l');
  const attributes = manifest.protected_attributes.map((p) => p.name).filter((a) => have.has(a));
  const current = manifest.threshold;
  const base = `SELECT ${replayTable ? 'r.replayed' : 'l.score'} AS s, ${have.has('outcome') ? 'CAST(l.outcome AS INTEGER)' : 'CAST(NULL AS INTEGER)'} AS y${attributes.map((a, i) => `, CAST(l.${quoteIdent(a)} AS VARCHAR) AS a${i}`).join('')}
    FROM ${quoteIdent(log.table)} l ${replayTable ? `JOIN ${quoteIdent(replayTable)} r ON r._row = l._row` : ''}
    WHERE ${where.sql}`;
  const params = [current, threshold, ...where.params];
  const r = (await db.queryOne<Record<string, number>>(
    `WITH d AS (${base}) SELECT count(*) FILTER (WHERE s IS NOT NULL) AS rows, count(*) FILTER (WHERE s IS NULL) AS no_score,
       count(*) FILTER (WHERE s IS NOT NULL AND y IS NULL) AS unknown,
       ${confusionSql('$1', 'cur')}, ${confusionSql('$2', 'new')},
       count(*) FILTER (WHERE s >= $2 AND NOT s >= $1) AS to_pos, count(*) FILTER (WHERE s >= $1 AND NOT s >= $2) AS to_neg
     FROM d`,
    params,
  ))!;
  const rows = Number(r.rows);
  if (rows === 0) {
    throw new AssayError(conditions.length ? 'BAD_ARGUMENT' : 'LOG_INVALID', conditions.length
      ? `The filter "${describeWhere(conditions)}" keeps no scored decision of the log "${log.name}". Loosen it.`
      : `The log "${log.name}" holds no scored decisions.`, { log: log.name });
  }
  if (Number(r.no_score) > 0) warnings.push(`${r.no_score} rows have no ${source} score and are left out.`);
  const byAttribute: ThresholdWhatIfResult['byAttribute'] = [];
  for (let i = 0; i < attributes.length; i++) {
    const groups = await db.query<{ g: string | null; n: number; cur: number; new: number }>(
      `WITH d AS (${base}) SELECT a${i} AS g, count(*) AS n, count(*) FILTER (WHERE s >= $1) AS cur, count(*) FILTER (WHERE s >= $2) AS new
       FROM d WHERE s IS NOT NULL GROUP BY a${i} ORDER BY a${i} NULLS LAST`,
      params,
    );
    byAttribute.push({
      attribute: attributes[i]!,
      groups: groups.map((g) => ({ group: g.g, rows: Number(g.n), selectionRateCurrent: rate(Number(g.cur), Number(g.n)), selectionRateProposed: rate(Number(g.new), Number(g.n)) })),
    });
  }
  const unknown = Number(r.unknown);
  const toPositive = Number(r.to_pos), toNegative = Number(r.to_neg);
  const result: Omit<ThresholdWhatIfResult, 'runId'> = {
    log: log.name, package: packageRef, scores: source, replayTable, where: conditions, rows,
    current: confusion(r, 'cur', current, rows, unknown), proposed: confusion(r, 'new', threshold, rows, unknown),
    changed: { total: toPositive + toNegative, toPositive, toNegative }, byAttribute, warnings,
  };
  const { runId } = await recordRun(db, {
    method: 'whatif.threshold', parameters: { log: log.name, package: packageRef, threshold, scores: source, replayTable, where: conditions }, seed: null,
    inputHashes: run.inputHashes, result, user: run.user, role: run.role,
  });
  return { ...result, runId };
}
