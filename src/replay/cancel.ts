import { AssayError } from '../api/errors.ts';

export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new AssayError('CANCELLED', `${what} was cancelled; the case is unchanged.`);
}
