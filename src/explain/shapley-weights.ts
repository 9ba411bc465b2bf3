const FACTORIALS: number[] = [1];
for (let i = 1; i <= 170; i++) FACTORIALS[i] = FACTORIALS[i - 1]! * i;

export function factorial(n: number): number {
  return FACTORIALS[n] ?? Infinity;
}

/** n choose k, exact in doubles for the sizes used here. */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const small = Math.min(k, n - k);
  let r = 1;
  for (let i = 1; i <= small; i++) r = (r * (n - small + i)) / i;
  return Math.round(r);
}

/** The Shapley weight of a coalition of size s among m players: s!(m−s−1)!/m! (Shapley 1953). */
export function shapleyWeights(m: number): Float64Array {
  const w = new Float64Array(m);
  for (let s = 0; s < m; s++) w[s] = (factorial(s) * factorial(m - s - 1)) / factorial(m);
  return w;
}
