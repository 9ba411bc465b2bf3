/**
 * Every error Assay reports is `{ code, message, details? }`; the code comes from this one union.
 * The message is a sentence for a person: it names the offending value and what to do.
 */
export const ERROR_CODES = [
  'BAD_ARGUMENT', // an argument fails the contract's schema or a command-line usage error
  'NOT_FOUND', // a named thing (file, log, package, decision) does not exist
  'ALREADY_EXISTS', // creating something that is there already
  'CASE_INVALID', // the file is not an Assay case file
  'CASE_TOO_NEW', // written by a newer schema version
  'CASE_LOCKED', // another process holds the case file
  'CASE_READ_ONLY', // a write to a case opened read-only
  'PACKAGE_INVALID', // manifest missing/malformed, structure wrong
  'PACKAGE_MISMATCH', // manifest does not match the ONNX graph
  'HASH_MISMATCH', // a file's sha256 differs from the manifest
  'SIGNATURE_INVALID', // a signature does not verify
  'UNSAFE_PATH', // zip slip, external data outside the package, path traversal
  'ARCHIVE_CORRUPT', // truncated / unreadable zip
  'MODEL_INVALID', // ONNX bytes cannot be parsed, or ONNX Runtime refuses the model
  'MODEL_UNSUPPORTED', // opset / operator / task / output type Assay cannot run
  'MODEL_RUNTIME', // the model failed while scoring
  'LOG_INVALID', // a log file is empty, has no header, cannot be parsed
  'LOG_MISMATCH', // a log does not fit the package (missing features, wrong model id)
  'LOG_DUPLICATE', // the same log file (by hash) or log name is already in the case
  'PERMISSION_DENIED', // the role may not call this method
  'CANCELLED', // the user cancelled a long job
  'VERIFICATION_FAILED', // a verification ran and found a mismatch (exit 1)
  'RULES_INVALID', // a guardrail rules file is malformed (names the line and the rule)
  'PASSPHRASE_WRONG', // a passphrase does not open a key or an encrypted bundle
  'CERTIFICATE_INVALID', // a signing key file holds no usable certificate, or the certificate is expired / not yet valid (with --strict)
  'INTERNAL', // a bug: exit 3
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AssayErrorData {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class AssayError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AssayError';
    this.code = code;
    this.details = details;
  }

  toData(): AssayErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAssayError(e: unknown): e is AssayError {
  return e instanceof AssayError;
}

/** Codes whose CLI exit status is 1 (a verification failed), not 2 (bad input). */
export const VERIFICATION_CODES: readonly ErrorCode[] = ['HASH_MISMATCH', 'SIGNATURE_INVALID', 'VERIFICATION_FAILED'];

export function toErrorData(e: unknown): AssayErrorData {
  if (isAssayError(e)) return e.toData();
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: `Internal error: ${message}. Please report it with the command you ran.` };
}
