import type { MethodArgs, MethodName, MethodResult } from '../../src/api/contract.ts';
import { ApiError, chooseTransport, type Transport } from './transport.ts';

export { ApiError } from './transport.ts';

let transport: Transport = chooseTransport();

/** For tests: replace the transport. */
export function setTransport(t: Transport): void {
  transport = t;
}

/** The one client of the contract: typed by the method's arguments and result. */
export function call<M extends MethodName>(method: M, args: MethodArgs<M>, options?: { job?: string }): Promise<MethodResult<M>> {
  return transport.call(method, args, options);
}

/** The sentence to show a user for any failure. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
