import type { DecisionChange, ReplayFailure, ReplayMismatch, ReplayResult, WhereCondition } from '../api/contract-replay.ts';
import { AssayError } from '../api/errors.ts';
import { appendColumns, quoteIdent, recordRun, type CaseDb, type SqlParam } from '../case/index.ts';
import { throwIfCancelled } from './cancel.ts';
import { logColumns, requireInputs } from './log-columns.ts';
import { Pipeline } from './pipeline.ts';
import { nextReplayTable } from './replay-table.ts';
import { readPackedBatches } from './row-reader.ts';
import type { AuditedLog, AuditedModel, RunContext } from './types.ts';
import { compileWhere, describeWhere } from './where-filter.ts';

export interface ReplayOptions {
  tolerance: number;
  where: WhereCondition[];
  /** Shortens the mismatch, decision-change and failure lists. */
  limit?: number;
  /** The run stops when the model fails on more rows than this (default 10 000). */
  maxFailures?: number;
  batchRows?: number;
}

export const DEFAULT_TOLERANCE = 1e-6;
const DEFAULT_BATCH_ROWS = 16_384;
/** Longer lists are cut in the run record (the replay table holds every row); the caller still gets them whole. */
const RECORDED_LIST_LIMIT = 10_000;
/** Batches in flight: enough to keep every scoring thread busy while the next batch is read. */
const PIPELINE_DEPTH = 4;

interface Scored {
  rows: Float64Array;
  replayed: Float64Array;
  failures: { row: number; message: string }[];
  unseenRows: number;
}

async function countRows(db: CaseDb, table: string, where: { sql: string; params: SqlParam[] }): Promise<number> {
  return Number((await db.queryOne<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(table)} WHERE ${where.sql}`, where.params))?.n ?? 0);
}

/** Scores every selected row with the model, reading and scoring in overlapping batches. */
async function scoreLog(db: CaseDb, log: AuditedLog, model: AuditedModel, options: ReplayOptions, run: RunContext, total: number, read: Parameters<typeof readPackedBatches>[1]): Promise<Scored> {
  const scored: Scored = { rows: new Float64Array(total), replayed: new Float64Array(total), failures: [], unseenRows: 0 };
  const maxFailures = options.maxFailures ?? 10_000;
  const pipeline = new Pipeline(PIPELINE_DEPTH);
  let position = 0;
  let done = 0;
  run.onProgress?.({ stage: 'replay', done: 0, total });
  try {
    await readPackedBatches(db, read, async ({ batch, rows, unseenRows }) => {
      const at = position;
      const n = batch.length;
      position += n;
      scored.rows.set(rows, at);
      scored.unseenRows += unseenRows;
      await pipeline.add(model.scorer.score(batch, { maxFailures }).then((result) => {
        scored.replayed.set(result.scores, at);
        for (const f of result.failures) scored.failures.push({ row: scored.rows[at + f.index]!, message: f.message });
        done += n;
        run.onProgress?.({ stage: 'replay', done, total });
      }));
    });
    await pipeline.drain();
  } catch (e) {
    await pipeline.settle();
    throw e;
  }
  if (scored.failures.length > maxFailures) {
    throw new AssayError('MODEL_RUNTIME', `The model of ${model.ref} fails on more than ${maxFailures} rows of the log "${log.name}" (the first: ${scored.failures[0]!.message}); nothing was recorded.`, { failures: scored.failures.length });
  }
  if (total > 0 && scored.failures.length === total) {
    throw new AssayError('MODEL_RUNTIME', `The model of ${model.ref} failed on every row of the log "${log.name}" (${scored.failures[0]!.message}); nothing was recorded.`, { failures: total });
  }
  return scored;
}

function recordedResult(result: Omit<ReplayResult, 'runId'>): Omit<ReplayResult, 'runId'> & { listsCutAt?: number } {
  const long = result.mismatches.length > RECORDED_LIST_LIMIT || result.failures.length > RECORDED_LIST_LIMIT || (result.decisionChanges?.rows.length ?? 0) > RECORDED_LIST_LIMIT;
  if (!long) return result;
  return {
    ...result,
    mismatches: result.mismatches.slice(0, RECORDED_LIST_LIMIT),
    failures: result.failures.slice(0, RECORDED_LIST_LIMIT),
    decisionChanges: result.decisionChanges && { ...result.decisionChanges, rows: result.decisionChanges.rows.slice(0, RECORDED_LIST_LIMIT) },
    listsCutAt: RECORDED_LIST_LIMIT,
  };
}

function limitSql(limit: number | undefined): string {
  return limit === undefined ? '' : ` LIMIT ${Math.floor(limit)}`;
}

/**
 * Replays a log: scores every decision (or those the filter keeps) with a package's model, and writes per row the
 * logged and replayed score, whether the logged score is reproduced within the tolerance and whether the decision
 * flips, to a table replay_<n>; the table and the run are written in one transaction, so a failed run leaves the case unchanged.
 */
export async function replayLog(db: CaseDb, log: AuditedLog, model: AuditedModel, options: ReplayOptions, run: RunContext): Promise<ReplayResult> {
  const columns = await logColumns(db, log.table);
  requireInputs(log, columns, model);
  const where = await compileWhere(db, options.where, columns);
  const total = await countRows(db, log.table, where);
  if (total === 0) {
    if (options.where.length === 0) throw new AssayError('LOG_INVALID', `The log "${log.name}" holds no decisions, so there is nothing to replay.`, { log: log.name });
    throw new AssayError('BAD_ARGUMENT', `The filter "${describeWhere(options.where)}" keeps none of the decisions of the log "${log.name}". Loosen it.`, { log: log.name });
  }
  const threshold = model.manifest.threshold;
  const scored = await scoreLog(db, log, model, options, run, total, {
    table: log.table, columns, features: model.manifest.features, where, batchRows: options.batchRows ?? DEFAULT_BATCH_ROWS,
    check: () => throwIfCancelled(run.signal, 'The replay'),
  });
  throwIfCancelled(run.signal, 'The replay');
  run.onProgress?.({ stage: 'writing', done: total, total });

  const has = new Set(columns.map((c) => c.name));
  const logged = has.has('score') ? 'l.score' : 'CAST(NULL AS DOUBLE)';
  const loggedDecision = has.has('decision')
    ? `coalesce(CAST(l.decision AS INTEGER), CASE WHEN ${logged} >= $3 THEN 1 WHEN ${logged} < $3 THEN 0 END)`
    : `CASE WHEN ${logged} >= $3 THEN 1 WHEN ${logged} < $3 THEN 0 END`;
  const otherPackage = model.ref !== log.packageRef;
  const table = await nextReplayTable(db);
  const t = quoteIdent(table);
  return db.transaction(async () => {
    await db.exec('CREATE OR REPLACE TEMP TABLE replay_scores (_row DOUBLE, replayed DOUBLE)');
    await appendColumns(db, { table: 'replay_scores', temporary: true }, [scored.rows, scored.replayed]);
    const withErrors = scored.failures.length > 0;
    if (withErrors) {
      await db.exec('CREATE OR REPLACE TEMP TABLE replay_errors (_row DOUBLE, error VARCHAR)');
      for (const f of scored.failures) await db.exec('INSERT INTO temp.replay_errors VALUES ($1, $2)', [f.row, f.message]);
    }
    await db.exec(
      `CREATE TABLE ${t} AS
       SELECT l.decision_id, l._row, ${logged} AS logged, s.replayed,
              abs(s.replayed - ${logged}) AS abs_diff,
              abs(s.replayed - ${logged}) <= $1 AS reproduced,
              CAST(s.replayed >= $2 AS INTEGER) <> ${loggedDecision} AS decision_flipped,
              ${withErrors ? 'e.error' : 'CAST(NULL AS VARCHAR) AS error'}
       FROM ${quoteIdent(log.table)} l
       JOIN temp.replay_scores s ON l._row = CAST(s._row AS BIGINT)
       ${withErrors ? 'LEFT JOIN temp.replay_errors e ON l._row = CAST(e._row AS BIGINT)' : ''}`,
      [options.tolerance, threshold, log.loggedThreshold],
    );
    await db.exec('DROP TABLE temp.replay_scores');
    if (withErrors) await db.exec('DROP TABLE temp.replay_errors');

    const s = (await db.queryOne<Record<string, number | null>>(
      `SELECT count(*) AS rows,
              count(*) FILTER (WHERE reproduced) AS reproduced,
              count(*) FILTER (WHERE error IS NULL AND NOT coalesce(reproduced, false)) AS mismatched,
              count(*) FILTER (WHERE decision_flipped) AS flipped,
              count(*) FILTER (WHERE decision_flipped AND replayed >= $1) AS to_positive,
              count(*) FILTER (WHERE error IS NOT NULL) AS failed,
              count(*) FILTER (WHERE replayed IS NULL AND error IS NULL) AS no_score,
              count(*) FILTER (WHERE logged IS NULL) AS no_logged,
              max(abs_diff) FILTER (WHERE reproduced) AS max_reproduced,
              max(abs_diff) AS max_abs
       FROM ${t}`,
      [threshold],
    ))!;
    const mismatches = (await db.query<{ decision_id: string; logged: number | null; replayed: number | null; diff: number | null; flipped: boolean | null }>(
      `SELECT decision_id, logged, replayed, replayed - logged AS diff, decision_flipped AS flipped FROM ${t}
       WHERE error IS NULL AND NOT coalesce(reproduced, false) ORDER BY _row${limitSql(options.limit)}`,
    )).map((r): ReplayMismatch => ({ decisionId: r.decision_id, logged: r.logged, replayed: r.replayed, diff: r.diff, decisionFlipped: r.flipped === true }));
    const failures = (await db.query<{ decision_id: string; _row: number; error: string }>(
      `SELECT decision_id, _row, error FROM ${t} WHERE error IS NOT NULL ORDER BY _row${limitSql(options.limit)}`,
    )).map((r): ReplayFailure => ({ decisionId: r.decision_id, row: r._row, message: r.error }));
    let decisionChanges: ReplayResult['decisionChanges'] = null;
    if (otherPackage) {
      const rows = (await db.query<{ decision_id: string; logged: number | null; replayed: number }>(
        `SELECT decision_id, logged, replayed FROM ${t} WHERE decision_flipped ORDER BY _row${limitSql(options.limit)}`,
      )).map((r): DecisionChange => {
        const replayedDecision = r.replayed >= threshold ? 1 : 0;
        return { decisionId: r.decision_id, logged: r.logged, replayed: r.replayed, loggedDecision: replayedDecision === 1 ? 0 : 1, replayedDecision };
      });
      const flipped = Number(s.flipped);
      decisionChanges = { total: flipped, toPositive: Number(s.to_positive), toNegative: flipped - Number(s.to_positive), rows };
    }

    const warnings: string[] = [];
    if (scored.unseenRows > 0) warnings.push(`${scored.unseenRows} rows hold categorical values outside the model's levels; they were scored as the model handles unseen values.`);
    if (Number(s.no_logged) > 0) warnings.push(`${s.no_logged} rows have no logged score, so they cannot be reproduced and count as mismatches.`);
    if (Number(s.no_score) > 0) warnings.push(`The model gave no number (NaN) for ${s.no_score} rows; they count as mismatches.`);
    if (scored.failures.length > 0) warnings.push(`The model failed on ${scored.failures.length} rows; they are listed under failures and left out of the comparison.`);
    if (model.scorer.thread.reason) warnings.push(`Scoring ran on the service's thread: ${model.scorer.thread.reason}.`);

    const mismatched = Number(s.mismatched);
    const result: Omit<ReplayResult, 'runId'> = {
      log: log.name, package: model.ref, otherPackage, tolerance: options.tolerance, threshold, where: options.where, table,
      rows: Number(s.rows), reproduced: Number(s.reproduced), mismatched, flipped: Number(s.flipped), failed: Number(s.failed),
      maxAbsDiffReproduced: s.max_reproduced ?? null, maxAbsDiff: s.max_abs ?? null, unseenCategoryRows: scored.unseenRows,
      mismatches,
      truncated: options.limit !== undefined && (mismatched > options.limit || Number(s.failed) > options.limit || (decisionChanges?.total ?? 0) > options.limit),
      failures, decisionChanges,
      scoring: { thread: model.scorer.thread.kind, reason: model.scorer.thread.reason },
      warnings,
    };
    const { runId } = await recordRun(db, {
      method: 'replay.run',
      parameters: { log: log.name, package: model.ref, tolerance: options.tolerance, where: options.where, limit: options.limit ?? null, table },
      seed: null, inputHashes: run.inputHashes, result: recordedResult(result), user: run.user, role: run.role,
    });
    return { ...result, runId };
  });
}
