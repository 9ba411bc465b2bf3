import type { InputEdit, WhatIfResult } from '../api/contract-replay.ts';
import { recordRun, type CaseDb } from '../case/index.ts';
import { concatPacked } from '../inference/index.ts';
import { applyEdits } from './apply-edits.ts';
import { decisionOf } from './decision.ts';
import { readDecision } from './decision-row.ts';
import { validateEdits } from './edits.ts';
import { numericBounds } from './feature-space.ts';
import { logColumns, requireInputs } from './log-columns.ts';
import { scoreStrict } from './score-strict.ts';
import type { AuditedLog, AuditedModel, RunContext } from './types.ts';

/** What-if on one decision: the model's score and decision before and after editing some of its inputs. */
export async function whatIf(db: CaseDb, log: AuditedLog, model: AuditedModel, decisionId: string, set: Record<string, string | number>, run: RunContext): Promise<WhatIfResult> {
  const columns = await logColumns(db, log.table);
  requireInputs(log, columns, model);
  const { edits, warnings } = validateEdits(set, model.manifest, model.ref, { allowProtectedNonInputs: false });
  const features = model.manifest.features;
  const row = await readDecision(db, log, columns, features, decisionId);
  const { bounds } = await numericBounds(db, model, log, edits.filter((e) => typeof e.value === 'number').map((e) => e.column));
  for (const e of edits) {
    const b = bounds[e.column];
    if (b && typeof e.value === 'number' && (e.value < b.min || e.value > b.max) && b.source !== 'manifest') {
      warnings.push(`${e.column}=${e.value} lies outside the range of the ${b.source === 'reference' ? 'reference data' : 'log'} [${b.min}, ${b.max}]; the model was not trained on such values.`);
    }
  }
  const scores = await scoreStrict(model.scorer, concatPacked([row.packed, applyEdits(row.packed, edits)]), `decision ${decisionId}`);
  const threshold = model.manifest.threshold;
  const original = { score: scores[0]!, decision: decisionOf(scores[0]!, threshold) };
  const edited = { score: scores[1]!, decision: decisionOf(scores[1]!, threshold) };
  const changes: InputEdit[] = edits.map((e) => ({ column: e.column, from: row.raw[e.column] ?? null, to: e.value }));
  const result: Omit<WhatIfResult, 'runId'> = {
    log: log.name, package: model.ref, decisionId, threshold, logged: row.logged, original, edited,
    changed: original.decision !== edited.decision, edits: changes, warnings,
  };
  const { runId } = await recordRun(db, {
    method: 'whatif.decision', parameters: { log: log.name, package: model.ref, decision: decisionId, set }, seed: null,
    inputHashes: run.inputHashes, result, user: run.user, role: run.role,
  });
  return { ...result, runId };
}
