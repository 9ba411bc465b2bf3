import { AssayError } from '../api/errors.ts';

export function checkCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new AssayError('CANCELLED', `The ${what} was cancelled; nothing was recorded.`);
}
