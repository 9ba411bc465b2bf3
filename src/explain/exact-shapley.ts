import { AssayError } from '../api/errors.ts';
import { coalitionValues, type Coalitions } from './coalition-values.ts';
import { additivityError, checkGame, namedValues } from './game-input.ts';
import { shapleyWeights } from './shapley-weights.ts';
import type { ExplanationResult, RunControl, ShapleyGame } from './types.ts';

/** Exact enumeration scores 2^M coalitions; above this many features use KernelSHAP. */
export const EXACT_MAX_FEATURES = 14;

export function checkExactSize(m: number): void {
  if (m > EXACT_MAX_FEATURES) {
    throw new AssayError(
      'BAD_ARGUMENT',
      `Exact Shapley values enumerate all 2^M coalitions and are limited to ${EXACT_MAX_FEATURES} features; this model has ${m}. Use --method kernel (KernelSHAP), which converges to the same values.`,
      { features: m, limit: EXACT_MAX_FEATURES },
    );
  }
}

/** All 2^M coalitions; coalition k holds feature j when bit j of k is set. */
export function allCoalitions(m: number): Coalitions {
  const count = 2 ** m;
  const masks = new Uint8Array(count * m);
  for (let k = 0; k < count; k++) for (let j = 0; j < m; j++) masks[k * m + j] = (k >>> j) & 1;
  return { count, masks };
}

/** φ_j = Σ_{S ∌ j} |S|!(M−|S|−1)!/M! · (v(S ∪ {j}) − v(S)), from v over all coalitions indexed by bitmask. */
export function shapleyFromValues(v: Float64Array, m: number): Float64Array {
  const w = shapleyWeights(m);
  const popcount = new Uint8Array(v.length);
  for (let k = 1; k < v.length; k++) popcount[k] = popcount[k >>> 1]! + (k & 1);
  const phi = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const bit = 1 << j;
    let sum = 0;
    for (let k = 0; k < v.length; k++) if ((k & bit) === 0) sum += w[popcount[k]!]! * (v[k | bit]! - v[k]!);
    phi[j] = sum;
  }
  return phi;
}

/** Exact interventional Shapley values of every feature, through `predict`, for at most EXACT_MAX_FEATURES features. */
export async function exactShapley(game: ShapleyGame, control: RunControl = {}): Promise<ExplanationResult> {
  checkGame(game);
  const m = game.features.length;
  checkExactSize(m);
  const r = await coalitionValues(game, allCoalitions(m), control, 'exact Shapley explanation');
  const phi = shapleyFromValues(r.values, m);
  const baseValue = r.values[0]!;
  const fx = r.values[r.values.length - 1]!;
  return {
    baseValue, fx, values: namedValues(game.features, phi), additivityError: additivityError(phi, fx, baseValue),
    diagnostics: { modelRows: r.modelRows, clippedProbabilities: r.clippedProbabilities },
  };
}
