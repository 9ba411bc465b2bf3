import { sigmoid } from './link.ts';
import { compileEnsemble, ensembleMargin, modelInput } from './tree-compile.ts';
import type { TreeEnsemble } from './tree-ensemble.ts';
import type { Predict, Row } from './types.ts';

/** P(positive) of raw rows computed from the ensemble itself (for exact Shapley over trees in the other space). */
export function treePredict(ensemble: TreeEnsemble, encode: (row: Row) => ArrayLike<number>): Predict {
  const model = compileEnsemble(ensemble);
  const transform = model.logistic ? sigmoid : (z: number) => z;
  return async (rows) => Float64Array.from(rows, (r) => transform(ensembleMargin(model, modelInput(model, encode(r)))));
}
