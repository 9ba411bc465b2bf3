import { QUARANTINE_REASONS, type QuarantineReason } from './types.ts';

/**
 * The first pass's verdict on a record, kept in the 4 low bits of its `_f` flags: 0 for a good row, 1..7 for a
 * quarantine reason (in QUARANTINE_REASONS order), SKIP for a record that is no row (a blank NDJSON line), and
 * OTHER_MODEL for a row naming another model. Bit 16 marks a timestamp without a zone.
 */
export const SKIP = 8;
export const OTHER_MODEL = 9;
export const NAIVE_FLAG = 16;

export const IS_GOOD = '((_f & 15) = 0)';
export const IS_QUARANTINED = '((_f & 15) BETWEEN 1 AND 7)';
export const IS_OTHER_MODEL = `((_f & 15) = ${OTHER_MODEL})`;

export function reasonCode(reason: QuarantineReason): number {
  return QUARANTINE_REASONS.indexOf(reason) + 1;
}

/** SQL: the reason name of a quarantined record. */
export const REASON_NAME = `([${QUARANTINE_REASONS.map((r) => `'${r}'`).join(', ')}])[_f & 15]`;

/** Fields of `_q`, the JSON a quarantined record carries from the first pass. */
export const Q_ID = `json_extract_string(_q, '$.id')`;
export const Q_DETAIL = `json_extract_string(_q, '$.d')`;
export const Q_RAW = `json_extract(_q, '$.raw')`;
