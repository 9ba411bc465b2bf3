import type { FeatureValue, Row } from './types.ts';

/** Whether two raw values are the same input to the model (NaN equals NaN, null equals null). */
export function sameValue(a: FeatureValue | undefined, b: FeatureValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  return (a === null || a === undefined) && (b === null || b === undefined);
}

/** Positions (into `features`) where x and b differ: only these features can change f when taken from x. */
export function differingFeatures(x: Row, b: Row, features: readonly string[]): number[] {
  const out: number[] = [];
  for (let j = 0; j < features.length; j++) if (!sameValue(x[features[j]!], b[features[j]!])) out.push(j);
  return out;
}

/** Positions where x differs from at least one background row (SHAP's "varying" features). */
export function varyingFeatures(x: Row, background: readonly Row[], features: readonly string[]): number[] {
  const varying = new Uint8Array(features.length);
  for (const b of background) for (const j of differingFeatures(x, b, features)) varying[j] = 1;
  const out: number[] = [];
  varying.forEach((v, j) => {
    if (v) out.push(j);
  });
  return out;
}
