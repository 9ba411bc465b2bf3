import { CELL_NAMES, type Cells, type Favorable } from './types.ts';

/**
 * Confusion counts of one group with a chosen "positive" label. tp/fp/tn/fn count observed rows only;
 * n and predictedPositive count every row, observed or not.
 */
export interface Confusion {
  n: number;
  observed: number;
  predictedPositive: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Confusion counts with 1 as the positive label (Fairlearn's pos_label=1 for y and ŷ). */
export function confusionOf(c: Cells): Confusion {
  return {
    n: c.y0d0 + c.y0d1 + c.y1d0 + c.y1d1 + c.yNd0 + c.yNd1,
    observed: c.y0d0 + c.y0d1 + c.y1d0 + c.y1d1,
    predictedPositive: c.y0d1 + c.y1d1 + c.yNd1,
    tp: c.y1d1,
    fp: c.y0d1,
    tn: c.y0d0,
    fn: c.y1d0,
  };
}

/**
 * Confusion counts in terms of the favorable label, as AIF360's `utils.compute_num_TF_PN` counts them:
 * "positive" means y = favorable / ŷ = favorable. With favorable 0 this swaps the roles of 0 and 1 in both y and ŷ.
 */
export function favorableConfusionOf(c: Cells, favorable: Favorable): Confusion {
  return confusionOf(favorable === 1 ? c : swapLabels(c));
}

/** The same rows with 0 and 1 exchanged in both the outcome and the decision. */
export function swapLabels(c: Cells): Cells {
  return { y0d0: c.y1d1, y0d1: c.y1d0, y1d0: c.y0d1, y1d1: c.y0d0, yNd0: c.yNd1, yNd1: c.yNd0 };
}

export function emptyCells(): Cells {
  return { y0d0: 0, y0d1: 0, y1d0: 0, y1d1: 0, yNd0: 0, yNd1: 0 };
}

export function addCells(a: Cells, b: Cells): Cells {
  const out = emptyCells();
  for (const k of CELL_NAMES) out[k] = a[k] + b[k];
  return out;
}

export function sumCells(list: readonly Cells[]): Cells {
  return list.reduce(addCells, emptyCells());
}
