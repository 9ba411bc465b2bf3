import { Random } from '../../../src/util/random.ts';
import type { OutputSpace, Predict, Row } from '../../../src/explain/index.ts';

/** v(S) from the definition: mean over the background of link(f(x_S, b_rest)), one row at a time. */
export async function coalitionValue(f: (r: Row) => number, x: Row, background: Row[], features: string[], inS: boolean[], output: OutputSpace): Promise<number> {
  let sum = 0;
  for (const b of background) {
    const z: Row = { ...b };
    features.forEach((name, j) => {
      if (inS[j]) z[name] = x[name] ?? null;
    });
    const p = f(z);
    sum += output === 'logodds' ? Math.log(p / (1 - p)) : p;
  }
  return sum / background.length;
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

/** Shapley values by the permutation formula: φ_j = (1/M!) Σ over orderings of v(pred ∪ {j}) − v(pred). */
export async function bruteForceShapley(f: (r: Row) => number, x: Row, background: Row[], features: string[], output: OutputSpace): Promise<number[]> {
  const m = features.length;
  const memo = new Map<string, number>();
  const v = async (inS: boolean[]) => {
    const key = inS.map(Number).join('');
    if (!memo.has(key)) memo.set(key, await coalitionValue(f, x, background, features, inS, output));
    return memo.get(key)!;
  };
  const phi = new Array<number>(m).fill(0);
  const orders = permutations(m);
  for (const order of orders) {
    const inS = new Array<boolean>(m).fill(false);
    for (const j of order) {
      const before = await v(inS);
      inS[j] = true;
      phi[j]! += (await v(inS)) - before;
    }
  }
  return phi.map((p) => p / orders.length);
}

export function batchPredict(f: (r: Row) => number): Predict & { calls: number; rows: number } {
  const p = (async (rows: Row[]) => {
    p.calls++;
    p.rows += rows.length;
    return Float64Array.from(rows, f);
  }) as Predict & { calls: number; rows: number };
  p.calls = 0;
  p.rows = 0;
  return p;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export const LEVELS = ['a', 'b', 'c'];

/** A non-additive model over numerics n0..n(k-1) and one categorical "cat". */
export function nonlinearModel(k: number): (r: Row) => number {
  return (r) => {
    const n = Array.from({ length: k }, (_, i) => Number(r[`n${i}`]));
    const cat = r.cat === 'a' ? 0.8 : r.cat === 'b' ? -0.4 : 0;
    let z = 0.3 + cat;
    n.forEach((v, i) => {
      z += (i % 2 ? 0.5 : -0.7) * v;
      if (i > 0) z += 0.25 * v * n[i - 1]!;
    });
    z += n[0]! > 0.2 ? 0.6 * (r.cat === 'c' ? 1 : -1) : 0;
    return sigmoid(z);
  };
}

export function randomRows(seed: number, k: number, count: number): Row[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => {
    const r: Row = { cat: LEVELS[rng.int(3)]! };
    for (let i = 0; i < k; i++) r[`n${i}`] = Math.round(rng.normal() * 100) / 100;
    return r;
  });
}

export function featureNames(k: number): string[] {
  return [...Array.from({ length: k }, (_, i) => `n${i}`), 'cat'];
}

export function assertClose(actual: number, expected: number, tolerance: number, what: string): void {
  if (!(Math.abs(actual - expected) <= tolerance)) throw new Error(`${what}: ${actual} differs from ${expected} by ${Math.abs(actual - expected)} (> ${tolerance})`);
}
