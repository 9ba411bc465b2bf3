import type { Params } from './sides-sql.ts';

/** Buckets of a first pass: enough that a bucket holds a few dozen values, few enough to read back at once. */
const MAX_BUCKETS = 65_536;
const MIN_BUCKETS = 1024;
const VALUES_PER_BUCKET = 64;

/**
 * Equal-width buckets of [lo, hi] for `n` values: bucket(v) = floor((v − lo)·B/(hi − lo)), the top edge folded into
 * the last bucket. Monotone in v (each floating-point step is), so a bucket holds a run of the sorted values and equal
 * values share one. Returns the SQL of `value`'s bucket; its two parameters go into `params` under names starting with `tag`.
 */
export function valueBucket(value: string, n: number, lo: number, hi: number, params: Params, tag: string): string {
  const count = Math.min(MAX_BUCKETS, Math.max(MIN_BUCKETS, Math.ceil(n / VALUES_PER_BUCKET)));
  params[`${tag}_lo`] = lo;
  params[`${tag}_scale`] = count / (hi - lo);
  return `least(CAST(floor((${value} - $${tag}_lo) * $${tag}_scale) AS INTEGER), ${count - 1})`;
}
