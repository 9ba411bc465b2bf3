import { proportions } from './psi.ts';

function klTerm(p: number, m: number): number {
  return p > 0 ? p * Math.log2(p / m) : 0;
}

/**
 * Jensen–Shannon distance with base-2 logarithms (so it lies in [0, 1]), over counts or proportions on the same bins:
 * sqrt((KL(p‖m) + KL(q‖m)) / 2), m = (p + q) / 2, 0·log 0 = 0; no flooring. The definition of
 * scipy.spatial.distance.jensenshannon(p, q, base=2), which also normalises p and q to sum 1.
 */
export function jensenShannonDistance(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) throw new Error('jensenShannonDistance: the two histograms differ in length');
  const a = proportions(p);
  const b = proportions(q);
  let divergence = 0;
  for (let i = 0; i < a.length; i++) {
    const m = (a[i]! + b[i]!) / 2;
    if (m > 0) divergence += (klTerm(a[i]!, m) + klTerm(b[i]!, m)) / 2;
  }
  return Math.sqrt(Math.max(0, divergence));
}
