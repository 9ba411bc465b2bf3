import { AssayError } from '../api/errors.ts';
import { solveLinear } from './linear-solve.ts';
import type { WeightedCoalitions } from './kernel-coalitions.ts';

/**
 * The KernelSHAP estimate: weighted least squares of v(S) − v(∅) on the coalition masks under the efficiency
 * constraint Σφ = f(x) − v(∅), which eliminates the last feature (shap KernelExplainer.solve, without L1 selection):
 * regress v(S) − v(∅) − z_M·Δ on (z_j − z_M), j < M, then φ_M = Δ − Σ_{j<M} φ_j.
 */
export function solveKernel(c: WeightedCoalitions, values: Float64Array, m: number, fnull: number, fx: number): Float64Array {
  const delta = fx - fnull;
  const p = m - 1;
  const xtwx = new Float64Array(p * p);
  const xtwy = new Float64Array(p);
  const row = new Float64Array(p);
  for (let k = 0; k < c.count; k++) {
    const base = k * m;
    const last = c.masks[base + p]!;
    const y = values[k]! - fnull - last * delta;
    const w = c.weights[k]!;
    for (let j = 0; j < p; j++) row[j] = c.masks[base + j]! - last;
    for (let i = 0; i < p; i++) {
      const wi = w * row[i]!;
      if (wi === 0) continue;
      xtwy[i]! += wi * y;
      for (let j = 0; j < p; j++) xtwx[i * p + j]! += wi * row[j]!;
    }
  }
  const head = solveLinear(xtwx, xtwy, p);
  if (!head) {
    throw new AssayError('BAD_ARGUMENT', `The KernelSHAP regression is singular: ${c.count} coalitions do not determine the ${m} features that vary. Raise --nsamples (default 2M + 2048).`, { coalitions: c.count, features: m });
  }
  const phi = new Float64Array(m);
  let sum = 0;
  for (let j = 0; j < p; j++) {
    phi[j] = head[j]!;
    sum += head[j]!;
  }
  phi[p] = delta - sum;
  return phi;
}
