import type { ErrorCode } from '../../api/errors.ts';

/** Nginx's "client closed request": the caller itself asked for the job to stop. */
export const STATUS_CANCELLED = 499;

/**
 * The HTTP status of each error code. A Record over the whole union, so that a new code is a type error here until
 * it has a status. 422 (unprocessable content) is for well-formed requests whose input Assay refuses on inspection.
 */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  BAD_ARGUMENT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CASE_INVALID: 422,
  CASE_TOO_NEW: 422,
  CASE_LOCKED: 409,
  CASE_READ_ONLY: 409,
  PACKAGE_INVALID: 422,
  PACKAGE_MISMATCH: 422,
  HASH_MISMATCH: 422,
  SIGNATURE_INVALID: 422,
  UNSAFE_PATH: 422,
  ARCHIVE_CORRUPT: 422,
  MODEL_INVALID: 422,
  MODEL_UNSUPPORTED: 422,
  MODEL_RUNTIME: 422,
  LOG_INVALID: 422,
  LOG_MISMATCH: 422,
  LOG_DUPLICATE: 409,
  PERMISSION_DENIED: 403,
  CANCELLED: STATUS_CANCELLED,
  VERIFICATION_FAILED: 422,
  RULES_INVALID: 422,
  PASSPHRASE_WRONG: 422,
  CERTIFICATE_INVALID: 422,
  INTERNAL: 500,
};

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code] ?? 500;
}
