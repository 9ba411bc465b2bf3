import type { Random } from '../util/random.ts';

/**
 * Seeded binomial and multinomial draws. For a mean below 10 the binomial counts geometric waiting times (exact);
 * above, it is Hörmann's BTRS transformed rejection with squeeze ("The generation of binomial random variates",
 * J. Statist. Comput. Simul. 46, 1993), as TensorFlow and PyTorch sample binomials — exact up to the Stirling
 * series of the log-factorials (error below 1e-9 in the acceptance bound).
 */
const INVERSION_BELOW_MEAN = 10;

function logFactorialSmall(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

/** fc(k) = ln k! − [(k + ½) ln(k + 1) − (k + 1) + ½ ln 2π], the Stirling remainder. */
const STIRLING_TAIL = Array.from({ length: 10 }, (_, k) => logFactorialSmall(k) - ((k + 0.5) * Math.log(k + 1) - (k + 1) + 0.5 * Math.log(2 * Math.PI)));

function stirlingTail(k: number): number {
  if (k < STIRLING_TAIL.length) return STIRLING_TAIL[k]!;
  const k1 = k + 1;
  const k1sq = k1 * k1;
  return (1 / 12 - (1 / 360 - 1 / 1260 / k1sq) / k1sq) / k1;
}

function binomialInversion(n: number, p: number, rng: Random): number {
  const logq = Math.log1p(-p);
  let sum = 0;
  let count = 0;
  for (;;) {
    const gap = Math.max(1, Math.ceil(Math.log(1 - rng.next()) / logq));
    sum += gap;
    if (sum > n) return count;
    count++;
  }
}

function binomialBtrs(n: number, p: number, rng: Random): number {
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const r = p / (1 - p);
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((n + 1) * p);
  for (;;) {
    const u = rng.next() - 0.5;
    let v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    const bound =
      (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) +
      (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
      (k + 0.5) * Math.log((r * (n - k + 1)) / (k + 1)) +
      stirlingTail(m) + stirlingTail(n - m) - stirlingTail(k) - stirlingTail(n - k);
    if (v <= bound) return k;
  }
}

/** A draw from Binomial(n, p); n a non-negative integer, 0 ≤ p ≤ 1. */
export function binomial(n: number, p: number, rng: Random): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, rng);
  return n * p < INVERSION_BELOW_MEAN ? binomialInversion(n, p, rng) : binomialBtrs(n, p, rng);
}

/**
 * A draw of n rows over cells with the given weights (counts), as sequential conditional binomials:
 * x_i ~ Binomial(n − x_1 − … − x_{i−1}, w_i / (w_i + … + w_k)).
 */
export function multinomial(n: number, weights: readonly number[], rng: Random): number[] {
  const out = new Array<number>(weights.length).fill(0);
  let remainingRows = n;
  let remainingWeight = weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < weights.length && remainingRows > 0; i++) {
    const w = weights[i]!;
    if (i === weights.length - 1 || w >= remainingWeight) {
      out[i] = remainingRows;
      break;
    }
    const x = w === 0 ? 0 : binomial(remainingRows, w / remainingWeight, rng);
    out[i] = x;
    remainingRows -= x;
    remainingWeight -= w;
  }
  return out;
}
