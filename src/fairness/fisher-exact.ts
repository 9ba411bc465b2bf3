/**
 * Two-sided Fisher exact test of the 2×2 table [[a, b], [c, d]], as scipy.stats.fisher_exact(alternative='two-sided')
 * defines it: the p-value is the total hypergeometric probability of the tables (same margins) that are no more
 * probable than the observed one. Probabilities are kept in log space relative to the mode, so that margins of
 * millions neither overflow nor lose the relative precision that decides which tables count as "no more probable".
 * scipy compares with a relative tolerance of 1e-14; this uses 1e-7 (as R's fisher.test does), so that tables that
 * are exactly as probable as the observed one are never lost to rounding. The two agree except when two distinct
 * table probabilities differ by a relative 1e-14 … 1e-7.
 */
const RELATIVE_TOLERANCE = 1e-7;
/** Terms this far (in log) below both the mode and the observed table cannot move the p-value in double precision. */
const NEGLIGIBLE_LOG = 40;

export interface FisherResult {
  /** Sample odds ratio a·d / (b·c), as scipy reports it; null when b·c = 0. */
  oddsRatio: number | null;
  pValue: number;
}

export function fisherExact(a: number, b: number, c: number, d: number): FisherResult {
  const oddsRatio = b * c === 0 ? null : (a * d) / (b * c);
  const n1 = a + b;
  const n2 = c + d;
  const m = a + c;
  const N = n1 + n2;
  if (n1 === 0 || n2 === 0 || m === 0 || m === N) return { oddsRatio, pValue: 1 };
  const lo = Math.max(0, m - n2);
  const hi = Math.min(n1, m);
  // log of P(x+1)/P(x) for the hypergeometric count x of the top-left cell
  const logRatio = (x: number) => Math.log(((n1 - x) * (m - x)) / ((x + 1) * (n2 - m + x + 1)));
  const mode = Math.min(hi, Math.max(lo, Math.floor(((m + 1) * (n1 + 1)) / (N + 2))));

  let wa = 0;
  if (a > mode) for (let x = mode; x < a; x++) wa += logRatio(x);
  else for (let x = mode; x > a; x--) wa -= logRatio(x - 1);

  const threshold = wa + Math.log1p(RELATIVE_TOLERANCE);
  const stop = Math.min(wa, 0) - NEGLIGIBLE_LOG;
  let total = 0;
  let tailScaled = 0;
  const visit = (w: number) => {
    total += Math.exp(w);
    if (w <= threshold) tailScaled += Math.exp(w - wa);
  };
  visit(0);
  for (let x = mode, w = 0; x < hi; x++) {
    w += logRatio(x);
    if (w < stop) break;
    visit(w);
  }
  for (let x = mode, w = 0; x > lo; x--) {
    w -= logRatio(x - 1);
    if (w < stop) break;
    visit(w);
  }
  const pValue = Math.exp(wa + Math.log(tailScaled) - Math.log(total));
  return { oddsRatio, pValue: Math.min(1, pValue) };
}
