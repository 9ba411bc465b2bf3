import { AssayError } from '../api/errors.ts';
import { appendColumns, recordRun, type CaseDb } from '../case/index.ts';
import { sampleIndices } from '../fairness/index.ts';
import { Random } from '../util/random.ts';
import type { DomainClassifierArgs, DomainClassifierResult } from './contract.ts';
import { prepareComparison } from './drift.ts';
import { fitLogistic, predict, rocAuc, type LogisticModel } from './logistic-regression.ts';
import { select, sideFrom, valueExpr, type Params } from './sides-sql.ts';
import type { Covered, MonitorRun, MonitorSubject, Side } from './types.ts';
import { requireRows } from './windows.ts';

export const DEFAULT_FOLDS = 5;
export const DEFAULT_SAMPLE = 5000;
/** L2 penalty on the standardised, one-hot inputs: mild, so that separable windows still give finite weights. */
export const L2 = 1;
/** Levels per categorical column kept as their own input (most frequent first); the rest share one. */
const MAX_LEVELS = 30;

/** Rows of one side at the given positions (in _row order for the log, rowid order for the reference data). */
async function sampleSide(db: CaseDb, subject: MonitorSubject, side: Side, tag: string, columns: Covered[], positions: number[] | null): Promise<Record<string, unknown>[]> {
  const params: Params = {};
  const from = sideFrom(side, subject.log, tag, params);
  const order = side.kind === 'referenceData' ? 'rowid' : '_row';
  const inner = `SELECT row_number() OVER (ORDER BY ${order}) - 1 AS _pos, ${columns.map((c, i) => `${valueExpr(c)} AS c${i}`).join(', ')} ${from}`;
  if (positions === null) return select(db, `SELECT * FROM (${inner}) ORDER BY _pos`, params);
  await db.exec('CREATE OR REPLACE TEMP TABLE monitor_positions (position DOUBLE)');
  await appendColumns(db, { table: 'monitor_positions', temporary: true }, [Float64Array.from(positions)]);
  const rows = await select(db, `SELECT s.* FROM (${inner}) s JOIN temp.monitor_positions p ON s._pos = CAST(p.position AS BIGINT) ORDER BY s._pos`, params);
  await db.exec('DROP TABLE temp.monitor_positions');
  return rows;
}

interface Encoded {
  x: Float64Array;
  width: number;
  /** The inputs of each column: [start, end). */
  blocks: { column: string; start: number; end: number }[];
}

/** Numeric columns standardised over the sample (missing → the mean, i.e. 0); categorical columns one-hot (missing → all 0). */
export function encode(rows: readonly Record<string, unknown>[], columns: readonly Covered[]): Encoded {
  const blocks: Encoded['blocks'] = [];
  const encoders: ((r: Record<string, unknown>, out: Float64Array, at: number) => void)[] = [];
  let width = 0;
  columns.forEach((c, i) => {
    const key = `c${i}`;
    const start = width;
    if (c.type === 'numeric') {
      const values = rows.map((r) => r[key]).filter((v) => v !== null && v !== undefined).map(Number);
      const mean = values.reduce((s, v) => s + v, 0) / Math.max(values.length, 1);
      const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(values.length, 1)) || 1;
      const col = width++;
      encoders.push((r, out, at) => {
        const v = r[key];
        out[at + col] = v === null || v === undefined ? 0 : (Number(v) - mean) / sd;
      });
    } else {
      const counts = new Map<string, number>();
      for (const r of rows) if (r[key] !== null && r[key] !== undefined) counts.set(String(r[key]), (counts.get(String(r[key])) ?? 0) + 1);
      const levels = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([l]) => l);
      const kept = new Map(levels.slice(0, MAX_LEVELS).map((l, k) => [l, k]));
      const other = levels.length > MAX_LEVELS ? kept.size : -1;
      const base = width;
      width += kept.size + (other >= 0 ? 1 : 0);
      encoders.push((r, out, at) => {
        const v = r[key];
        if (v === null || v === undefined) return;
        const k = kept.get(String(v)) ?? other;
        if (k >= 0) out[at + base + k] = 1;
      });
    }
    blocks.push({ column: c.name, start, end: width });
  });
  const x = new Float64Array(rows.length * width);
  rows.forEach((r, n) => {
    for (const e of encoders) e(r, x, n * width);
  });
  return { x, width, blocks };
}

function aucOn(model: LogisticModel, x: Float64Array, width: number, y: Uint8Array, rows: readonly number[]): number {
  return rocAuc(rows.map((r) => predict(model, x, width, r)), rows.map((r) => y[r]!)) ?? 0.5;
}

/**
 * `monitor.domainClassifier`: multivariate drift. A logistic regression learns to tell current rows (1) from
 * reference rows (0) on the encoded columns; its k-fold cross-validated AUC says how separable the two are (0.5: not
 * at all), and the mean drop of held-out AUC when one column is permuted says which columns it relies on. Folds,
 * samples and permutations are seeded.
 */
export async function runDomainClassifier(db: CaseDb, subject: MonitorSubject, args: DomainClassifierArgs, run: MonitorRun): Promise<DomainClassifierResult> {
  const cmp = await prepareComparison(db, subject, args);
  const columns = cmp.coverage.columns.filter((c) => c.role !== 'score' && c.role !== 'decision');
  if (columns.length === 0) throw new AssayError('BAD_ARGUMENT', 'The domain classifier needs at least one feature or extra column besides the score and the decision.');
  const folds = args.folds ?? DEFAULT_FOLDS;
  const sample = args.sample ?? DEFAULT_SAMPLE;
  const seed = args.seed ?? 0;
  const counts: number[] = [];
  for (const [side, tag, which] of [[cmp.reference, 'r', 'reference'], [cmp.current, 'c', 'current']] as const) {
    const params: Params = {};
    const n = Number((await select<{ n: number }>(db, `SELECT count(*) AS n ${sideFrom(side, subject.log, tag, params)}`, params))[0]!.n);
    requireRows(side, which, n, cmp.span, subject.log.name, folds);
    counts.push(n);
  }
  const sampled = counts.some((n) => n > sample);
  run.onProgress?.({ stage: 'sampling' });
  const ref = await sampleSide(db, subject, cmp.reference, 'r', columns, counts[0]! > sample ? sampleIndices(counts[0]!, sample, seed) : null);
  const cur = await sampleSide(db, subject, cmp.current, 'c', columns, counts[1]! > sample ? sampleIndices(counts[1]!, sample, seed + 1) : null);
  const rows = [...ref, ...cur];
  const y = Uint8Array.from(rows, (_, i) => (i < ref.length ? 0 : 1));
  const { x, width, blocks } = encode(rows, columns);

  const rng = new Random(seed);
  const order = rng.shuffle(rows.map((_, i) => i));
  const foldOf = new Int32Array(rows.length);
  order.forEach((r, k) => (foldOf[r] = k % folds));
  const foldAuc: number[] = [];
  const drops = new Float64Array(blocks.length);
  let iterations = 0;
  for (let f = 0; f < folds; f++) {
    if (run.signal?.aborted) throw new AssayError('CANCELLED', 'The domain classifier was cancelled; nothing was recorded.');
    run.onProgress?.({ stage: 'cross-validation', done: f, total: folds });
    const train = order.filter((r) => foldOf[r] !== f);
    const test = order.filter((r) => foldOf[r] === f);
    const model = fitLogistic(x, width, y, train, L2);
    iterations = Math.max(iterations, model.iterations);
    const auc = aucOn(model, x, width, y, test);
    foldAuc.push(auc);
    blocks.forEach((b, k) => {
      const permuted = Float64Array.from(x);
      const shuffled = rng.shuffle([...test]);
      test.forEach((r, t) => {
        for (let j = b.start; j < b.end; j++) permuted[r * width + j] = x[shuffled[t]! * width + j]!;
      });
      drops[k]! += (auc - aucOn(model, permuted, width, y, test)) / folds;
    });
  }
  const full = fitLogistic(x, width, y, order, L2);
  const importance = blocks.map((b, k) => {
    let coefficient = 0;
    for (let j = b.start; j < b.end; j++) coefficient += Math.abs(full.weights[1 + j]!);
    return { column: b.column, aucDrop: drops[k]!, coefficient };
  }).sort((a, b) => b.aucDrop - a.aucDrop || b.coefficient - a.coefficient);
  const auc = foldAuc.reduce((s, a) => s + a, 0) / folds;
  const top = importance.filter((i) => i.aucDrop > 0.01).slice(0, 3).map((i) => i.column);
  const interpretation = auc < 0.55
    ? `A classifier tells current from reference rows hardly better than chance (AUC ${auc.toFixed(3)}): no multivariate drift is detectable.`
    : `A classifier tells current from reference rows with AUC ${auc.toFixed(3)} (${auc < 0.7 ? 'some' : 'strong'} multivariate drift)${top.length ? `, relying most on ${top.join(', ')}` : ''}.`;
  const result: Omit<DomainClassifierResult, 'runId'> = {
    log: subject.log.name, package: subject.pkg.ref,
    reference: { kind: cmp.reference.kind, from: cmp.reference.from, to: cmp.reference.to, rows: counts[0]! },
    current: { kind: cmp.current.kind, from: cmp.current.from, to: cmp.current.to, rows: counts[1]! },
    rows: { reference: ref.length, current: cur.length }, sampled, seed, folds, auc, foldAuc, importance,
    model: { kind: 'logistic_regression', l2: L2, inputs: width, iterations },
    interpretation, warnings: cmp.coverage.skipped.map((s) => `${s.column} left out: ${s.reason}.`),
  };
  const { runId } = await recordRun(db, {
    method: 'monitor.domainClassifier',
    parameters: { log: subject.log.name, package: subject.pkg.ref, reference: result.reference, current: result.current, folds, sample, seed, columns: args.columns ?? null },
    seed, inputHashes: run.inputHashes, result, user: run.user, role: run.role,
  });
  return { ...result, runId };
}

