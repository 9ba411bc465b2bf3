import type { Status } from './model.ts';

/**
 * The policy thresholds the executive summary checks, fixed and printed in the report so that a reader can apply
 * them by hand: the four-fifths rule (EEOC Uniform Guidelines, 29 CFR 1607.4(D)) for disparate impact, 0.1 for the
 * Fairlearn differences, and the usual PSI bands (below 0.1 stable, 0.1 to 0.2 moderate shift, 0.2 and above a
 * significant shift).
 */
export const POLICY = {
  disparateImpactMin: 0.8,
  disparateImpactMax: 1.25,
  maxDifference: 0.1,
  psiWarn: 0.1,
  psiFail: 0.2,

  disparateImpactOk(x: number): boolean {
    return x >= this.disparateImpactMin && x <= this.disparateImpactMax;
  },
  describeBetween(metric: string, v: number | null): string {
    if (v === null) return 'undefined';
    if (metric.endsWith('Difference')) return Math.abs(v) <= this.maxDifference ? `pass (≤ ${this.maxDifference})` : `FAIL (> ${this.maxDifference})`;
    if (metric.endsWith('Ratio')) return v >= this.disparateImpactMin ? `pass (≥ ${this.disparateImpactMin})` : `FAIL (< ${this.disparateImpactMin})`;
    return '';
  },
  describeVsReference(metric: string, v: number | null): string {
    if (metric !== 'disparateImpact') return '';
    if (v === null) return 'undefined';
    return this.disparateImpactOk(v) ? 'pass (0.8 to 1.25)' : 'FAIL (outside 0.8 to 1.25)';
  },
  psiStatus(psi: number): Status {
    return psi >= this.psiFail ? 'fail' : psi >= this.psiWarn ? 'warn' : 'pass';
  },
};
