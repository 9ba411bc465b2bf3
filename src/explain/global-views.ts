import type { FeatureValue } from './types.ts';

/** φ of many explained rows: phi[i][j] for row i and feature j, with the rows' raw feature values. */
export interface ShapMatrix {
  features: string[];
  phi: ArrayLike<number>[];
  /** rows[i][j]: the raw value of feature j in row i. */
  values: FeatureValue[][];
}

export interface FeatureImportanceItem {
  feature: string;
  meanAbs: number;
}

/** Global importance: mean |φ_j| over the rows, largest first. */
export function meanAbsImportance(m: Pick<ShapMatrix, 'features' | 'phi'>): FeatureImportanceItem[] {
  const n = m.phi.length;
  return m.features
    .map((feature, j) => {
      let s = 0;
      for (const row of m.phi) s += Math.abs(row[j]!);
      return { feature, meanAbs: n ? s / n : 0 };
    })
    .sort((a, b) => b.meanAbs - a.meanAbs || a.feature.localeCompare(b.feature));
}

export interface BeeswarmFeature {
  feature: string;
  /** φ per row, aligned with `value`. */
  phi: number[];
  value: FeatureValue[];
}

/** Beeswarm (summary plot) data: per feature, every row's φ beside its value, features by mean |φ|. */
export function beeswarm(m: ShapMatrix): BeeswarmFeature[] {
  const order = meanAbsImportance(m).map((i) => m.features.indexOf(i.feature));
  return order.map((j) => ({ feature: m.features[j]!, phi: m.phi.map((row) => row[j]!), value: m.values.map((row) => row[j] ?? null) }));
}

export interface DependencePoints {
  feature: string;
  value: FeatureValue[];
  phi: number[];
  /** The colouring feature's values, when one is asked. */
  colorFeature?: string;
  color?: FeatureValue[];
}

/** Dependence-plot data: a feature's value against its φ, optionally coloured by another feature's value. */
export function dependence(m: ShapMatrix, feature: string, colorBy?: string): DependencePoints {
  const j = m.features.indexOf(feature);
  if (j < 0) throw new Error(`dependence: unknown feature ${feature}`);
  const out: DependencePoints = { feature, value: m.values.map((row) => row[j] ?? null), phi: m.phi.map((row) => row[j]!) };
  if (colorBy !== undefined) {
    const k = m.features.indexOf(colorBy);
    if (k < 0) throw new Error(`dependence: unknown feature ${colorBy}`);
    out.colorFeature = colorBy;
    out.color = m.values.map((row) => row[k] ?? null);
  }
  return out;
}
