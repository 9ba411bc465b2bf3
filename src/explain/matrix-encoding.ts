import type { ExplainFeature, FeatureValue, Row } from './types.ts';

/** How a matrix-layout model takes its row (DESIGN.md §2.1): features in order, a categorical as its level index. */
export interface MatrixLayout {
  features: ExplainFeature[];
  /** The index of a level the model never saw (and of a missing categorical). */
  unknownValue: number;
}

function toNumber(v: FeatureValue | undefined): number {
  if (v === null || v === undefined || v === '') return Number.NaN;
  return typeof v === 'number' ? v : Number(v);
}

/** Encodes raw rows as the model's numeric vectors, the way src/inference feeds the matrix input. */
export function matrixEncoder(layout: MatrixLayout): (row: Row) => Float64Array {
  const indices = layout.features.map((f) => (f.type === 'categorical' ? new Map((f.levels ?? []).map((l, k) => [l, k])) : null));
  return (row) => {
    const out = new Float64Array(layout.features.length);
    layout.features.forEach((f, j) => {
      const v = row[f.name];
      const index = indices[j];
      out[j] = index ? (v === null || v === undefined ? layout.unknownValue : (index.get(String(v)) ?? layout.unknownValue)) : toNumber(v);
    });
    return out;
  };
}
