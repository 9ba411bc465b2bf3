import { closeSync, openSync, readSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { AssayError } from '../api/errors.ts';
import type { LogFormat } from './types.ts';

const HEAD_BYTES = 64 * 1024;
const PARQUET_MAGIC = 'PAR1';

const BY_EXTENSION: Record<string, LogFormat> = {
  '.csv': 'csv', '.tsv': 'csv', '.txt': 'csv',
  '.parquet': 'parquet',
  '.json': 'ndjson', '.ndjson': 'ndjson', '.jsonl': 'ndjson',
};

export function readHead(path: string, bytes = HEAD_BYTES): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return new Uint8Array(buf.buffer, buf.byteOffset, n);
  } finally {
    closeSync(fd);
  }
}

function hasParquetMagic(head: Uint8Array): boolean {
  return head.length >= 4 && Buffer.from(head.subarray(0, 4)).toString('latin1') === PARQUET_MAGIC;
}

/** True when the bytes are UTF-8 text without NUL bytes (a multi-byte character cut at the end is fine). */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function firstNonBlankChar(head: Uint8Array): string | undefined {
  return new TextDecoder('utf-8').decode(head).replace(/^\uFEFF/, '').trimStart()[0];
}

/**
 * The log format of a file: by its extension, confirmed by its first bytes (a Parquet file starts with "PAR1",
 * whatever its name). Throws LOG_INVALID for an empty file, a binary file that is not Parquet, or a ".parquet"
 * without the magic.
 */
export function detectFormat(path: string, head: Uint8Array): LogFormat {
  const name = basename(path);
  if (head.length === 0) {
    throw new AssayError('LOG_INVALID', `The log file ${name} is empty. Export the decisions again and import the new file.`, { path });
  }
  if (hasParquetMagic(head)) return 'parquet';
  const byExt = BY_EXTENSION[extname(path).toLowerCase()];
  if (byExt === 'parquet') {
    throw new AssayError('LOG_INVALID', `The file ${name} is named .parquet but is not a Parquet file (it does not start with "PAR1"). Check that the export finished, or rename it after its real format.`, { path });
  }
  if (!looksLikeText(head)) {
    throw new AssayError('LOG_INVALID', `The file ${name} is binary data, not a CSV, NDJSON or Parquet log. Choose the decision log file itself.`, { path });
  }
  if (byExt) return byExt;
  return firstNonBlankChar(head) === '{' ? 'ndjson' : 'csv';
}
