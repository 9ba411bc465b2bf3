import { AssayError } from '../api/errors.ts';
import { Random } from '../util/random.ts';
import { checkCancelled } from './cancel.ts';
import { DEFAULT_BATCH_ROWS } from './coalition-values.ts';
import { scoreMetric, type ImportanceMetric } from './metrics.ts';
import type { Predict, Row, RunControl } from './types.ts';

export interface FeatureImportance {
  mean: number;
  /** Population standard deviation (ddof 0) over the repeats, as sklearn's permutation_importance. */
  std: number;
  repeats: number[];
}

export interface PermutationImportance {
  metric: ImportanceMetric;
  baseline: number;
  rows: number;
  excludedRows: number;
  features: Record<string, FeatureImportance>;
}

/** Row i of the permuted column takes the value of row permutation[i]. */
export type PermutationSource = (feature: string, repeat: number, n: number) => ArrayLike<number>;

export interface PermutationInput extends RunControl {
  rows: Row[];
  /** Observed outcome per row; rows with null are left out. */
  truth: (0 | 1 | null)[];
  features: string[];
  predict: Predict;
  metric: ImportanceMetric;
  /** The package's decision threshold (accuracy). */
  threshold: number;
  repeats: number;
  seed: number;
  /** Fixed permutations (tests); by default seeded shuffles drawn repeat by repeat, feature by feature in order. */
  permutations?: PermutationSource;
}

async function predictAll(predict: Predict, rows: Row[], batchRows: number): Promise<Float64Array> {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i += batchRows) out.set(await predict(rows.slice(i, i + batchRows)), i);
  return out;
}

function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * Permutation importance (Breiman 2001; sklearn.inspection.permutation_importance): for each feature and repeat,
 * shuffle that column among the rows with an outcome, score through the model, and take baseline − permuted score.
 */
export async function permutationImportance(input: PermutationInput): Promise<PermutationImportance> {
  if (input.rows.length !== input.truth.length) throw new AssayError('INTERNAL', 'permutationImportance: rows and truth differ in length.');
  if (!(Number.isInteger(input.repeats) && input.repeats >= 1)) throw new AssayError('BAD_ARGUMENT', `Permutation importance needs at least 1 repeat, not ${input.repeats}.`);
  const keep = input.truth.flatMap((t, i) => (t === null ? [] : [i]));
  if (keep.length < 2) {
    throw new AssayError('BAD_ARGUMENT', `Permutation importance needs rows with an observed outcome; only ${keep.length} of ${input.rows.length} rows have one.`, { rows: keep.length });
  }
  const rows = keep.map((i) => input.rows[i]!);
  const truth = keep.map((i) => input.truth[i]!);
  const n = rows.length;
  const batch = input.batchRows ?? DEFAULT_BATCH_ROWS;
  const baseline = scoreMetric(input.metric, await predictAll(input.predict, rows, batch), truth, input.threshold);
  const rng = new Random(input.seed);
  const permutation: PermutationSource = input.permutations ?? (() => rng.shuffle(Array.from({ length: n }, (_, i) => i)));
  const drops: number[][] = input.features.map(() => []);
  const total = input.repeats * input.features.length;
  for (let r = 0; r < input.repeats; r++) {
    for (let f = 0; f < input.features.length; f++) {
      checkCancelled(input.signal, 'permutation importance');
      const name = input.features[f]!;
      const perm = permutation(name, r, n);
      if (perm.length !== n) throw new AssayError('INTERNAL', `A permutation of ${perm.length} rows was given for ${n} rows.`);
      const permuted = rows.map((row, i) => ({ ...row, [name]: rows[perm[i]!]![name] ?? null }));
      const score = scoreMetric(input.metric, await predictAll(input.predict, permuted, batch), truth, input.threshold);
      drops[f]!.push(baseline - score);
      input.onProgress?.({ stage: 'permutations', done: r * input.features.length + f + 1, total });
    }
  }
  const features: Record<string, FeatureImportance> = {};
  input.features.forEach((name, f) => {
    features[name] = { ...meanStd(drops[f]!), repeats: drops[f]! };
  });
  return { metric: input.metric, baseline, rows: n, excludedRows: input.rows.length - n, features };
}
