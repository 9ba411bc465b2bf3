import { favorableConfusionOf } from './confusion.ts';
import { VS_REFERENCE_SPECS, type FavorableRates } from './metric-specs.ts';
import type { Cells, Favorable, VsReference } from './types.ts';

function divide(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/**
 * Rates of AIF360's ClassificationMetric.performance_measures and selection_rate, with the favorable label as
 * "positive". AIF360 divides NumPy floats, so a zero denominator gives NaN or inf; those are null here. One
 * difference: AIF360 sets ACC = 0 (so ERR = 1) for a group without rows; Assay reports that error rate as null.
 */
export function favorableRates(cells: Cells, favorable: Favorable): FavorableRates {
  const c = favorableConfusionOf(cells, favorable);
  const positives = c.tp + c.fn;
  const negatives = c.fp + c.tn;
  const accuracy = divide(c.tp + c.tn, positives + negatives);
  return {
    selectionRate: divide(c.predictedPositive, c.n),
    truePositiveRate: divide(c.tp, positives),
    falsePositiveRate: divide(c.fp, negatives),
    falseNegativeRate: divide(c.fn, positives),
    trueNegativeRate: divide(c.tn, negatives),
    errorRate: accuracy === null ? null : 1 - accuracy,
  };
}

/** AIF360's comparisons of `unprivileged` against the reference (the privileged group): unprivileged − privileged, or unprivileged / privileged. */
export function vsReference(unprivileged: Cells, reference: Cells, favorable: Favorable): VsReference {
  const u = favorableRates(unprivileged, favorable);
  const p = favorableRates(reference, favorable);
  const out = {} as VsReference;
  for (const spec of VS_REFERENCE_SPECS) out[spec.name] = spec.compute(u, p);
  return out;
}
