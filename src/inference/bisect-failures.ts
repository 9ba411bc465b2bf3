import { AssayError, isAssayError } from '../api/errors.ts';
import { slicePacked, type PackedBatch } from './packed-batch.ts';

export interface RowFailure {
  /** Row index within the batch that was scored. */
  index: number;
  message: string;
}

export interface ScoredBatch {
  /** P(positive) per row; NaN for the rows listed in `failures`. */
  scores: Float64Array;
  failures: RowFailure[];
}

/** Errors that one row's values can cause: the model failing at run time, or a value the encoder refuses. */
function isRowError(e: unknown): e is AssayError {
  return isAssayError(e) && (e.code === 'MODEL_RUNTIME' || e.code === 'BAD_ARGUMENT');
}

function rowMessage(e: AssayError): string {
  return e.message.replace(/^The model failed while scoring a batch of \d+ rows?: /, '');
}

/**
 * Scores a batch; when the model fails on it, splits it in halves until the failing rows stand alone, so that one
 * bad row costs about 2·log2(batch) extra runs and every other row is still scored.
 */
export async function scoreBisecting(
  batch: PackedBatch,
  score: (part: PackedBatch) => Promise<Float64Array>,
  maxFailures = Number.POSITIVE_INFINITY,
): Promise<ScoredBatch> {
  const scores = new Float64Array(batch.length);
  const failures: RowFailure[] = [];
  const visit = async (part: PackedBatch, offset: number): Promise<void> => {
    try {
      scores.set(await score(part), offset);
      return;
    } catch (e) {
      if (!isRowError(e)) throw e;
      if (part.length === 1) {
        scores[offset] = Number.NaN;
        failures.push({ index: offset, message: rowMessage(e) });
        if (failures.length > maxFailures) {
          throw new AssayError('MODEL_RUNTIME', `The model fails on more than ${maxFailures} rows (the first: ${failures[0]!.message}); the run was stopped and nothing was recorded.`, { failures: failures.length });
        }
        return;
      }
    }
    const half = Math.ceil(part.length / 2);
    await visit(slicePacked(part, 0, half), offset);
    await visit(slicePacked(part, half, part.length), offset + half);
  };
  if (batch.length > 0) await visit(batch, 0);
  return { scores, failures };
}
