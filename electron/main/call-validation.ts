import type { z } from 'zod';
import { isMethodName, METHOD_NAMES, METHODS, type MethodName } from '../../src/api/contract.ts';
import { AssayError } from '../../src/api/errors.ts';
import { JOB_ID } from '../../src/host/http/job-registry.ts';

export interface ValidCall {
  method: MethodName;
  args: unknown;
  job: string | null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a call from the renderer before it reaches the service: a method of the contract, arguments its zod schema
 * accepts, an optional job id the HTTP host would accept too. Throws BAD_ARGUMENT naming what is wrong.
 */
export function validateCall(request: unknown): ValidCall {
  if (!isPlainObject(request) || typeof request.method !== 'string') {
    throw new AssayError('BAD_ARGUMENT', 'A call is { method, args, job? } with the method named as text.');
  }
  const { method } = request;
  if (!isMethodName(method)) {
    throw new AssayError('BAD_ARGUMENT', `There is no method "${method.slice(0, 100)}". The methods are: ${METHOD_NAMES.join(', ')}.`, { method: method.slice(0, 100) });
  }
  const job = request.job ?? null;
  if (job !== null && (typeof job !== 'string' || !JOB_ID.test(job))) {
    throw new AssayError('BAD_ARGUMENT', 'A job id is 1 to 100 letters, digits or ._:- characters.', { method });
  }
  const args = request.args ?? {};
  const parsed = (METHODS[method].args as z.ZodType).safeParse(args);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'arguments'}: ${i.message}`).join('; ');
    throw new AssayError('BAD_ARGUMENT', `Invalid arguments for ${method}: ${issues}.`, { method });
  }
  return { method, args, job };
}

export function validateJobId(value: unknown): string {
  const job = isPlainObject(value) ? value.job : undefined;
  if (typeof job !== 'string' || !JOB_ID.test(job)) throw new AssayError('BAD_ARGUMENT', 'Cancel takes { job } with the id given to the call.');
  return job;
}
