import type { IncomingMessage } from 'node:http';
import { AssayError } from '../../api/errors.ts';

export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The body is larger than the host accepts (→ 413). */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body exceeds ${limit} bytes.`);
  }
}

/** The media type of a request without its parameters, lower case, or null when there is none. */
export function mediaType(req: IncomingMessage): string | null {
  const ct = req.headers['content-type'];
  return ct ? ct.split(';')[0]!.trim().toLowerCase() : null;
}

/**
 * Reads the request body (at most `limit` bytes; the Content-Length is checked before reading) and parses it as
 * JSON. An empty body is `{}`. The arguments of a method are one plain object, so anything else is BAD_ARGUMENT.
 */
export async function readJsonBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit);
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return; // the rest is read and dropped, so that the client can read the 413
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AssayError('BAD_ARGUMENT', `The request body is not valid JSON (${(e as Error).message}); send the arguments as one JSON object.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AssayError('BAD_ARGUMENT', 'The request body must be one JSON object holding the arguments, e.g. {"log": "decisions"}.');
  }
  return value as Record<string, unknown>;
}
