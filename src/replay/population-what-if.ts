import type { PopulationGroup, PopulationWhatIfResult, WhereCondition } from '../api/contract-replay.ts';
import { AssayError } from '../api/errors.ts';
import { quoteIdent, recordRun, type CaseDb } from '../case/index.ts';
import { applyEdits } from './apply-edits.ts';
import { throwIfCancelled } from './cancel.ts';
import { validateEdits } from './edits.ts';
import { logColumns, requireInputs } from './log-columns.ts';
import { Pipeline } from './pipeline.ts';
import { readPackedBatches } from './row-reader.ts';
import type { AuditedLog, AuditedModel, RunContext } from './types.ts';
import { compileWhere, describeWhere } from './where-filter.ts';

interface Tally {
  rows: number;
  flipped: number;
  toPositive: number;
  toNegative: number;
  positiveBefore: number;
  positiveAfter: number;
}

const newTally = (): Tally => ({ rows: 0, flipped: 0, toPositive: 0, toNegative: 0, positiveBefore: 0, positiveAfter: 0 });

function count(t: Tally, before: boolean, after: boolean): void {
  t.rows++;
  if (before) t.positiveBefore++;
  if (after) t.positiveAfter++;
  if (before !== after) {
    t.flipped++;
    if (after) t.toPositive++;
    else t.toNegative++;
  }
}

function groupOf(t: Tally, group: string | null): PopulationGroup {
  return {
    group, rows: t.rows, flipped: t.flipped, toPositive: t.toPositive, toNegative: t.toNegative,
    selectionRateBefore: t.rows ? t.positiveBefore / t.rows : 0, selectionRateAfter: t.rows ? t.positiveAfter / t.rows : 0,
  };
}

/**
 * Population what-if: sets the edited inputs on every decision of the log (or those the filter keeps), scores the
 * rows as they are and as edited, and counts the decisions that flip, overall and by group of each protected attribute.
 */
export async function populationWhatIf(db: CaseDb, log: AuditedLog, model: AuditedModel, set: Record<string, string | number>, conditions: WhereCondition[], run: RunContext): Promise<PopulationWhatIfResult> {
  const columns = await logColumns(db, log.table);
  requireInputs(log, columns, model);
  const { edits, warnings } = validateEdits(set, model.manifest, model.ref, { allowProtectedNonInputs: true });
  const where = await compileWhere(db, conditions, columns);
  const total = Number((await db.queryOne<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(log.table)} WHERE ${where.sql}`, where.params))?.n ?? 0);
  if (total === 0) {
    if (conditions.length === 0) throw new AssayError('LOG_INVALID', `The log "${log.name}" holds no decisions.`, { log: log.name });
    throw new AssayError('BAD_ARGUMENT', `The filter "${describeWhere(conditions)}" keeps none of the decisions of the log "${log.name}". Loosen it.`, { log: log.name });
  }
  const have = new Set(columns.map((c) => c.name));
  const attributes = model.manifest.protected_attributes.map((p) => p.name).filter((a) => have.has(a));
  const threshold = model.manifest.threshold;
  const overall = newTally();
  const byAttribute = attributes.map(() => new Map<string | null, Tally>());
  let failed = 0;
  let scoreChange = 0;
  let done = 0;
  const pipeline = new Pipeline(4);
  try {
    await readPackedBatches(db, {
      table: log.table, columns, features: model.manifest.features, where, batchRows: 8192, extra: attributes,
      check: () => throwIfCancelled(run.signal, 'The what-if'),
    }, async ({ batch, extra }) => {
      const edited = applyEdits(batch, edits);
      const n = batch.length;
      await pipeline.add(Promise.all([model.scorer.score(batch), model.scorer.score(edited)]).then(([a, b]) => {
        for (let i = 0; i < n; i++) {
          const s0 = a.scores[i]!, s1 = b.scores[i]!;
          if (Number.isNaN(s0) || Number.isNaN(s1)) {
            failed++;
            continue;
          }
          const before = s0 >= threshold, after = s1 >= threshold;
          scoreChange += s1 - s0;
          count(overall, before, after);
          attributes.forEach((_, k) => {
            const v = extra[k]![i];
            const group = v === null || v === undefined ? null : String(v);
            const groups = byAttribute[k]!;
            if (!groups.has(group)) groups.set(group, newTally());
            count(groups.get(group)!, before, after);
          });
        }
        done += n;
        run.onProgress?.({ stage: 'what-if', done, total });
      }));
    });
    await pipeline.drain();
  } catch (e) {
    await pipeline.settle();
    throw e;
  }
  if (failed > 0) warnings.push(`The model failed on ${failed} rows (as they are or as edited); they are left out of the counts.`);
  if (edits.every((e) => e.feature === null)) warnings.push('No edit touches an input of the model, so no decision can change.');
  const result: Omit<PopulationWhatIfResult, 'runId'> = {
    log: log.name, package: model.ref, threshold, favorableOutcome: model.manifest.favorable_outcome, set, where: conditions,
    rows: overall.rows, flipped: overall.flipped, toPositive: overall.toPositive, toNegative: overall.toNegative,
    meanScoreChange: overall.rows ? scoreChange / overall.rows : null, failed,
    byAttribute: attributes.map((attribute, k) => ({
      attribute,
      groups: [...byAttribute[k]!.entries()].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([g, t]) => groupOf(t, g)),
    })),
    warnings,
  };
  const { runId } = await recordRun(db, {
    method: 'whatif.population', parameters: { log: log.name, package: model.ref, set, where: conditions }, seed: null,
    inputHashes: run.inputHashes, result, user: run.user, role: run.role,
  });
  return { ...result, runId };
}
