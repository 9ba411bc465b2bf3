import type { IceCurve, IceResult } from '../api/contract-replay.ts';
import { AssayError } from '../api/errors.ts';
import { recordRun, type CaseDb } from '../case/index.ts';
import { concatPacked, type PackedBatch } from '../inference/index.ts';
import type { Feature } from '../packages/index.ts';
import { applyEdits } from './apply-edits.ts';
import { readDecision } from './decision-row.ts';
import { quantileGrid } from './feature-space.ts';
import { logColumns, requireInputs } from './log-columns.ts';
import { readPackedBatches } from './row-reader.ts';
import { sampleRows } from './sample-rows.ts';
import { scoreStrict } from './score-strict.ts';
import type { AuditedLog, AuditedModel, RunContext } from './types.ts';

export interface IceOptions {
  feature: string;
  decisionId?: string;
  sample: number;
  seed: number;
  gridSize: number;
}

export const DEFAULT_ICE_SAMPLE = 100;
export const DEFAULT_GRID_SIZE = 20;

/** The rows of `batch` with the feature set to each grid value in turn: grid point g, row r at g·n + r. */
function onGrid(batch: PackedBatch, feature: Feature, grid: readonly (string | number)[]): PackedBatch {
  return concatPacked(grid.map((value) => applyEdits(batch, [{ column: feature.name, feature, value }])));
}

function display(v: unknown): string | number | null {
  return v === null || v === undefined ? null : typeof v === 'number' ? v : String(v);
}

/**
 * Individual conditional expectation: the model's score of a row as one input runs over a grid (reference
 * quantiles for a numeric input, every level for a categorical one), for a decision and for a seeded sample of
 * the log; their mean is the partial dependence.
 */
export async function iceCurves(db: CaseDb, log: AuditedLog, model: AuditedModel, options: IceOptions, run: RunContext): Promise<IceResult> {
  const feature = model.manifest.features.find((f) => f.name === options.feature);
  if (!feature) {
    throw new AssayError('BAD_ARGUMENT', `"${options.feature}" is not an input of the model of ${model.ref}. Its inputs are: ${model.manifest.features.map((f) => f.name).join(', ')}.`, { column: options.feature });
  }
  const columns = await logColumns(db, log.table);
  requireInputs(log, columns, model);
  const features = model.manifest.features;
  const warnings: string[] = [];
  let grid: (string | number)[];
  if (feature.type === 'categorical') grid = [...feature.levels];
  else {
    const q = await quantileGrid(db, model, log, feature, options.gridSize);
    grid = q.grid;
    if (q.source === 'log') warnings.push(`The package ${model.ref} has no reference data for ${feature.name}; the grid comes from the log's quantiles.`);
  }
  if (grid.length === 0) throw new AssayError('NOT_FOUND', `Neither the reference data nor the log hold a value of ${feature.name} to build a grid from.`, { feature: feature.name });

  let decision: IceCurve | null = null;
  if (options.decisionId !== undefined) {
    const row = await readDecision(db, log, columns, features, options.decisionId);
    const edited = onGrid(row.packed, feature, grid);
    const own = await scoreStrict(model.scorer, row.packed, `decision ${options.decisionId}`);
    const curve = await scoreStrict(model.scorer, edited, `the grid of decision ${options.decisionId}`);
    decision = { decisionId: options.decisionId, value: row.raw[feature.name] ?? null, score: own[0]!, curve: Array.from(curve) };
  }

  const rows = await sampleRows(db, log.table, options.sample, options.seed);
  const curves: (IceCurve & { row: number })[] = [];
  const dependence = new Array<number>(grid.length).fill(0);
  if (rows.length > 0) {
    const where = { sql: `_row IN (${rows.map((_, i) => `$${i + 1}`).join(', ')})`, params: rows };
    await readPackedBatches(db, { table: log.table, columns, features, where, batchRows: rows.length, extra: ['decision_id', feature.name] }, async ({ batch, rows: ids, extra }) => {
      const n = batch.length;
      const edited = onGrid(batch, feature, grid);
      const own = await scoreStrict(model.scorer, batch, 'the sampled rows');
      const scores = await scoreStrict(model.scorer, edited, 'the sampled rows on the grid');
      for (let r = 0; r < n; r++) {
        const curve = grid.map((_, g) => scores[g * n + r]!);
        curve.forEach((s, g) => (dependence[g]! += s));
        curves.push({ row: ids[r]!, decisionId: String(extra[0]![r]), value: display(extra[1]![r]), score: own[r]!, curve });
      }
    });
  }
  const result: Omit<IceResult, 'runId'> = {
    log: log.name, package: model.ref, feature: feature.name, kind: feature.type, threshold: model.manifest.threshold, grid, decision,
    sample: { rows: curves.length, seed: options.seed, curves: curves.sort((a, b) => a.row - b.row).map(({ row: _, ...c }) => c) },
    partialDependence: dependence.map((s) => (curves.length ? s / curves.length : Number.NaN)),
    warnings,
  };
  const { runId } = await recordRun(db, {
    method: 'ice.run',
    parameters: { log: log.name, package: model.ref, feature: feature.name, decision: options.decisionId ?? null, sample: options.sample, gridSize: options.gridSize },
    seed: options.seed, inputHashes: run.inputHashes, result, user: run.user, role: run.role,
  });
  return { ...result, runId };
}
