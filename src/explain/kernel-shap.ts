import { Random } from '../util/random.ts';
import { AssayError } from '../api/errors.ts';
import { coalitionValues } from './coalition-values.ts';
import { additivityError, checkGame, namedValues } from './game-input.ts';
import { defaultKernelSamples, kernelCoalitions } from './kernel-coalitions.ts';
import { solveKernel } from './kernel-solve.ts';
import { varyingFeatures } from './same-value.ts';
import type { ExplanationResult, RunControl, ShapleyGame } from './types.ts';

export interface KernelOptions extends RunControl {
  seed: number;
  /** Coalitions to sample; default SHAP's 2M + 2048 over the M features that vary. */
  nsamples?: number;
}

/**
 * KernelSHAP (Lundberg & Lee 2017) as shap's KernelExplainer computes it, on the same game as the exact engine.
 * Features equal to x in every background row cannot matter and get φ = 0 (shap's varying groups); the coalitions
 * of the others are sampled with a seeded generator, so one seed gives one answer.
 */
export async function kernelShap(game: ShapleyGame, options: KernelOptions): Promise<ExplanationResult & { nsamples: number }> {
  checkGame(game);
  if (options.nsamples !== undefined && !(Number.isInteger(options.nsamples) && options.nsamples >= 1)) {
    throw new AssayError('BAD_ARGUMENT', `KernelSHAP needs a whole number of samples of at least 1, not ${options.nsamples}.`);
  }
  const m = game.features.length;
  const varying = varyingFeatures(game.x, game.background, game.features);
  const mv = varying.length;
  const nsamples = options.nsamples ?? defaultKernelSamples(mv);
  const sampled = mv >= 2 ? kernelCoalitions(mv, nsamples, new Random(options.seed)) : { count: 0, masks: new Uint8Array(0), weights: new Float64Array(0) };

  // Evaluate the sampled coalitions plus the empty (row 0) and the full (row 1) coalition over all M features.
  const count = sampled.count + 2;
  const masks = new Uint8Array(count * m);
  masks.fill(1, m, 2 * m);
  for (let k = 0; k < sampled.count; k++) {
    for (let i = 0; i < mv; i++) masks[(k + 2) * m + varying[i]!] = sampled.masks[k * mv + i]!;
  }
  const r = await coalitionValues(game, { count, masks }, options, 'KernelSHAP explanation');
  const fnull = r.values[0]!;
  const fx = r.values[1]!;
  const phi = new Float64Array(m);
  if (mv === 1) phi[varying[0]!] = fx - fnull;
  if (mv >= 2) {
    const reduced = solveKernel(sampled, r.values.subarray(2), mv, fnull, fx);
    varying.forEach((j, i) => {
      phi[j] = reduced[i]!;
    });
  }
  return {
    baseValue: fnull, fx, values: namedValues(game.features, phi), additivityError: additivityError(phi, fx, fnull),
    diagnostics: { modelRows: r.modelRows, clippedProbabilities: r.clippedProbabilities },
    nsamples: sampled.count,
  };
}
