import { AssayError } from '../api/errors.ts';
import type { ShapleyGame } from './types.ts';

export function checkGame(game: ShapleyGame): void {
  if (game.background.length === 0) {
    throw new AssayError('BAD_ARGUMENT', 'The background is empty: interventional Shapley values need at least one background row. Give the package reference data, or a larger --background.');
  }
  if (game.features.length === 0) throw new AssayError('BAD_ARGUMENT', 'There are no features to explain.');
  if (new Set(game.features).size !== game.features.length) {
    throw new AssayError('BAD_ARGUMENT', `The features to explain repeat a name (${game.features.join(', ')}).`);
  }
}

/** Σφ against f(x) − base: zero up to rounding for every exact method. */
export function additivityError(phi: ArrayLike<number>, fx: number, baseValue: number): number {
  let sum = 0;
  for (let j = 0; j < phi.length; j++) sum += phi[j]!;
  return Math.abs(sum - (fx - baseValue));
}

export function namedValues(features: readonly string[], phi: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  features.forEach((f, j) => {
    out[f] = phi[j]!;
  });
  return out;
}
