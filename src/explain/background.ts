import { AssayError } from '../api/errors.ts';
import { Random } from '../util/random.ts';

export const DEFAULT_BACKGROUND_SIZE = 100;

export interface BackgroundChoice {
  /** Row positions in the reference data, ascending. */
  indices: number[];
  sampled: boolean;
  warning: string | null;
}

/**
 * The background rows: all of the reference data when it has at most `size` rows, else a seeded sample of `size`
 * rows without replacement. Fewer rows than explicitly asked is a warning, not an error: the explanation uses them all.
 */
export function chooseBackground(available: number, size: number, seed: number, explicit: boolean): BackgroundChoice {
  if (!(Number.isInteger(size) && size >= 1)) throw new AssayError('BAD_ARGUMENT', `The background size must be a whole number of at least 1, not ${size}.`);
  if (available === 0) {
    throw new AssayError('NOT_FOUND', 'The reference data has no rows, so there is no background to explain against.');
  }
  if (available <= size) {
    const warning = explicit && available < size
      ? `The reference data has only ${available} rows, fewer than the ${size} asked for the background; all ${available} are used.`
      : null;
    return { indices: Array.from({ length: available }, (_, i) => i), sampled: false, warning };
  }
  const picked = new Random(seed).shuffle(Array.from({ length: available }, (_, i) => i)).slice(0, size);
  return { indices: picked.sort((a, b) => a - b), sampled: true, warning: null };
}
