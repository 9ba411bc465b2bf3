import type { Random } from '../util/random.ts';
import { binomial } from './shapley-weights.ts';

export interface WeightedCoalitions {
  count: number;
  /** count × m row-major 0/1 masks. */
  masks: Uint8Array;
  weights: Float64Array;
}

/** SHAP's default budget: nsamples = 2M + 2^11, capped at the 2^M − 2 coalitions that exist (shap KernelExplainer.explain). */
export function defaultKernelSamples(m: number): number {
  return 2 * m + 2048;
}

export function maxKernelSamples(m: number): number {
  return m <= 30 ? 2 ** m - 2 : Infinity;
}

class MaskList {
  masks: Uint8Array;
  weights: Float64Array;
  count = 0;
  constructor(readonly m: number, capacity: number) {
    this.masks = new Uint8Array(capacity * m);
    this.weights = new Float64Array(capacity);
  }
  add(mask: Uint8Array, weight: number): number {
    this.masks.set(mask, this.count * this.m);
    this.weights[this.count] = weight;
    return this.count++;
  }
}

function* combinations(m: number, size: number): Generator<number[]> {
  const idx = Array.from({ length: size }, (_, i) => i);
  for (;;) {
    yield idx;
    let i = size - 1;
    while (i >= 0 && idx[i] === m - size + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let k = i + 1; k < size; k++) idx[k] = idx[k - 1]! + 1;
  }
}

function complementOf(mask: Uint8Array): Uint8Array {
  return mask.map((v) => 1 - v);
}

function drawIndex(cumulative: Float64Array, rng: Random): number {
  const u = rng.next() * cumulative[cumulative.length - 1]!;
  let i = 0;
  while (i < cumulative.length - 1 && u >= cumulative[i]!) i++;
  return i;
}

/** The first `size` entries of a seeded random permutation of 0..m−1 (a partial Fisher–Yates shuffle). */
function randomSubset(m: number, size: number, rng: Random): Uint8Array {
  const order = Array.from({ length: m }, (_, i) => i);
  const mask = new Uint8Array(m);
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(m - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
    mask[order[i]!] = 1;
  }
  return mask;
}

/**
 * The coalitions KernelSHAP regresses on and their kernel weights, following shap's KernelExplainer.explain
 * (Lundberg & Lee 2017): the Shapley kernel (M−1)/(s(M−s)) summed per coalition size and normalised; sizes s and M−s
 * paired; whole sizes enumerated, smallest first, while the budget covers them; the rest drawn by size from the
 * remaining kernel mass with each draw's complement added (antithetic), repeats adding weight instead of rows;
 * the drawn coalitions' weights rescaled to the mass left. The empty and the full coalition are not included.
 */
export function kernelCoalitions(m: number, nsamples: number, rng: Random): WeightedCoalitions {
  const budget = Math.min(nsamples, maxKernelSamples(m));
  const list = new MaskList(m, budget);
  const numSubsetSizes = Math.ceil((m - 1) / 2);
  const numPaired = Math.floor((m - 1) / 2);
  const weightVector = new Float64Array(numSubsetSizes);
  for (let i = 1; i <= numSubsetSizes; i++) weightVector[i - 1] = ((m - 1) / (i * (m - i))) * (i <= numPaired ? 2 : 1);
  const total = weightVector.reduce((a, b) => a + b, 0);
  for (let i = 0; i < numSubsetSizes; i++) weightVector[i]! /= total;

  let numFull = 0;
  let samplesLeft = budget;
  const remaining = Float64Array.from(weightVector);
  for (let size = 1; size <= numSubsetSizes; size++) {
    const paired = size <= numPaired;
    const nsubsets = binomial(m, size) * (paired ? 2 : 1);
    if (!((samplesLeft * remaining[size - 1]!) / nsubsets >= 1 - 1e-8)) break;
    numFull++;
    samplesLeft -= nsubsets;
    if (remaining[size - 1]! < 1) {
      const scale = 1 - remaining[size - 1]!;
      for (let i = 0; i < remaining.length; i++) remaining[i]! /= scale;
    }
    const w = weightVector[size - 1]! / binomial(m, size) / (paired ? 2 : 1);
    for (const inds of combinations(m, size)) {
      const mask = new Uint8Array(m);
      for (const i of inds) mask[i] = 1;
      list.add(mask, w);
      if (paired) list.add(complementOf(mask), w);
    }
  }

  const fixed = list.count;
  let left = budget - fixed;
  if (numFull !== numSubsetSizes && left > 0) {
    const rest = weightVector.slice(numFull).map((w, i) => (i + numFull < numPaired ? w / 2 : w));
    const cumulative = new Float64Array(rest.length);
    rest.reduce((acc, w, i) => (cumulative[i] = acc + w), 0);
    const draws = Array.from({ length: 4 * left }, () => drawIndex(cumulative, rng));
    const used = new Map<string, { index: number; complement: number }>();
    for (let pos = 0; left > 0 && pos < draws.length; pos++) {
      const size = draws[pos]! + numFull + 1;
      const mask = randomSubset(m, size, rng);
      const key = mask.join('');
      let entry = used.get(key);
      const isNew = entry === undefined;
      if (!entry) {
        entry = { index: list.add(mask, 1), complement: -1 };
        used.set(key, entry);
        left--;
      } else {
        list.weights[entry.index]! += 1;
      }
      if (size <= numPaired) {
        if (isNew && left > 0) {
          entry.complement = list.add(complementOf(mask), 1);
          left--;
        } else if (!isNew && entry.complement >= 0) {
          list.weights[entry.complement]! += 1;
        }
      }
    }
    const weightLeft = weightVector.slice(numFull).reduce((a, b) => a + b, 0);
    let drawn = 0;
    for (let k = fixed; k < list.count; k++) drawn += list.weights[k]!;
    for (let k = fixed; k < list.count; k++) list.weights[k]! *= weightLeft / drawn;
  }
  return { count: list.count, masks: list.masks.subarray(0, list.count * m), weights: list.weights.subarray(0, list.count) };
}
