import type { ServerResponse } from 'node:http';
import type { AssayErrorData, ErrorCode } from '../../api/errors.ts';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The one error shape of every /api response: `{ error: { code, message, details? } }`. */
export function sendError(res: ServerResponse, status: number, error: AssayErrorData | { code: ErrorCode; message: string }, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error }, headers);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
