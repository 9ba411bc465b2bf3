import type { Counterfactual, CounterfactualResult, InputEdit } from '../api/contract-replay.ts';
import { AssayError } from '../api/errors.ts';
import { recordRun, type CaseDb } from '../case/index.ts';
import { allocatePacked, setPackedRow } from '../inference/index.ts';
import { distance, searchCounterfactuals, type SearchFeature, type Value } from './counterfactual-search.ts';
import { throwIfCancelled } from './cancel.ts';
import { decisionOf } from './decision.ts';
import { readDecision } from './decision-row.ts';
import { numericBounds } from './feature-space.ts';
import { logColumns, requireInputs } from './log-columns.ts';
import { scoreStrict } from './score-strict.ts';
import type { AuditedLog, AuditedModel, RunContext } from './types.ts';

export interface CounterfactualOptions {
  count: number;
  /** Inputs that must not change besides the protected attributes. */
  immutable: string[];
  seed: number;
  maxChanges: number;
}

export const DEFAULT_COUNTERFACTUALS = 5;
export const DEFAULT_MAX_CHANGES = 4;

function immutableSet(model: AuditedModel, extra: string[]): Set<string> {
  const inputs = new Set(model.manifest.features.map((f) => f.name));
  const protectedNames = model.manifest.protected_attributes.map((p) => p.name);
  for (const name of extra) {
    if (!inputs.has(name) && !protectedNames.includes(name)) {
      throw new AssayError('BAD_ARGUMENT', `--immutable names "${name}", which is not an input of the model of ${model.ref}. Its inputs are: ${[...inputs].join(', ')}.`, { column: name });
    }
  }
  return new Set([...protectedNames, ...extra]);
}

/**
 * K diverse, minimal changes of a decision's inputs that flip it, searched over the real model, never touching
 * the protected attributes or the inputs named immutable, numeric inputs within the reference range and their
 * monotonic direction, categorical inputs within their levels.
 */
export async function counterfactuals(db: CaseDb, log: AuditedLog, model: AuditedModel, decisionId: string, options: CounterfactualOptions, run: RunContext): Promise<CounterfactualResult> {
  const immutable = immutableSet(model, options.immutable);
  const columns = await logColumns(db, log.table);
  requireInputs(log, columns, model);
  const features = model.manifest.features;
  const row = await readDecision(db, log, columns, features, decisionId);
  const threshold = model.manifest.threshold;
  const originalScore = (await scoreStrict(model.scorer, row.packed, `decision ${decisionId}`))[0]!;
  const originalDecision = decisionOf(originalScore, threshold);
  const { bounds, warnings } = await numericBounds(db, model, log);

  const original: Value[] = features.map((f) => {
    const v = row.raw[f.name] ?? null;
    return v === null ? null : f.type === 'numeric' ? Number(v) : String(v);
  });
  const space: SearchFeature[] = features.map((f, j) => {
    if (f.type === 'categorical') {
      return { name: f.name, kind: 'categorical', mutable: !immutable.has(f.name), min: 0, max: 0, integer: false, scale: 1, levels: f.levels };
    }
    const b = bounds[f.name]!;
    const x = original[j];
    let lo = b.min, hi = b.max;
    if (typeof x === 'number' && Number.isFinite(x)) {
      if (f.monotonic === 'increasing') lo = Math.max(lo, x);
      if (f.monotonic === 'decreasing') hi = Math.min(hi, x);
    }
    return { name: f.name, kind: 'numeric', mutable: !immutable.has(f.name) && lo <= hi, min: lo, max: hi, integer: b.integer, scale: b.max - b.min || 1, levels: [] };
  });

  const { found, scored } = await searchCounterfactuals({
    features: space, original, threshold, target: originalDecision === 1 ? 0 : 1, count: options.count, maxChanges: options.maxChanges, seed: options.seed,
    check: () => throwIfCancelled(run.signal, 'The counterfactual search'),
    score: (rows) => {
      const batch = allocatePacked(features, rows.length);
      rows.forEach((values, i) => setPackedRow(batch, features, i, Object.fromEntries(features.map((f, j) => [f.name, values[j]]))));
      return scoreStrict(model.scorer, batch, `candidates for decision ${decisionId}`);
    },
  });

  const results: Counterfactual[] = found.map((c) => ({
    changes: features.flatMap((f, j): InputEdit[] => (c.values[j] !== original[j] ? [{ column: f.name, from: row.raw[f.name] ?? null, to: c.values[j] as string | number }] : [])),
    score: c.score, decision: decisionOf(c.score, threshold), distance: c.distance,
  }));
  let pairs = 0, spread = 0;
  for (let a = 0; a < found.length; a++) {
    for (let b = a + 1; b < found.length; b++) {
      spread += distance(space, found[a]!.values, found[b]!.values);
      pairs++;
    }
  }
  if (found.length < options.count) {
    warnings.push(found.length === 0
      ? `No change of the mutable inputs within their bounds flips decision ${decisionId}.`
      : `Only ${found.length} of the ${options.count} counterfactuals asked for were found within the bounds.`);
  }
  const result: Omit<CounterfactualResult, 'runId'> = {
    log: log.name, package: model.ref, decisionId, threshold, original: { score: originalScore, decision: originalDecision },
    target: originalDecision === 1 ? 0 : 1, requested: options.count, counterfactuals: results, diversity: pairs ? spread / pairs : null,
    immutable: [...immutable].sort(),
    bounds: Object.fromEntries(space.filter((f) => f.mutable).map((f) => [f.name, f.kind === 'numeric' ? { min: f.min, max: f.max, integer: f.integer } : { levels: [...f.levels] }])),
    seed: options.seed, candidatesScored: scored, warnings,
  };
  const { runId } = await recordRun(db, {
    method: 'counterfactual.run',
    parameters: { log: log.name, package: model.ref, decision: decisionId, count: options.count, immutable: options.immutable, maxChanges: options.maxChanges },
    seed: options.seed, inputHashes: run.inputHashes, result, user: run.user, role: run.role,
  });
  return { ...result, runId };
}
