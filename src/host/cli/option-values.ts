import type { MethodName } from '../../api/contract.ts';
import { AssayError } from '../../api/errors.ts';
import type { Invocation } from './command.ts';

/** Calls a method on the case named by the command's first positional. */
export const call = <R>(inv: Invocation, method: MethodName, args: Record<string, unknown>): Promise<R> =>
  inv.service(inv.positionals[0]!).call(method, args, inv.context) as Promise<R>;

/** A required text option. */
export function text(v: unknown, option: string, command: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new AssayError('BAD_ARGUMENT', `assay ${command} needs --${option}.`, { option });
  return v;
}

export function optionalText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** An optional whole-number option of at least `min`. */
export function whole(v: unknown, option: string, min = 0): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isInteger(n) || n < min) {
    throw new AssayError('BAD_ARGUMENT', `--${option} takes a whole number${min > 0 ? ` of at least ${min}` : ''}, not "${String(v)}".`, { option });
  }
  return n;
}
