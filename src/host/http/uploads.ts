import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { sendError, sendJson } from './send.ts';

/** A file a browser dropped on the page, stored where the service can read it by path. */
export interface UploadResult {
  path: string;
  name: string;
  bytes: number;
  sha256: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,199}$/;
export const DEFAULT_MAX_UPLOAD_BYTES = 8 * 2 ** 30;

/**
 * Browsers give a page the bytes of a dropped file, never its path; the service imports by path. The host stores an
 * upload in a folder of its own (mode 0700, removed when the host closes) under a fresh random prefix, so that no
 * name can reach outside it or replace an earlier upload.
 */
export class Uploads {
  private dir: string | null = null;

  constructor(private readonly maxBytes: number = DEFAULT_MAX_UPLOAD_BYTES) {}

  private folder(): string {
    this.dir ??= mkdtempSync(join(tmpdir(), 'assay-uploads-'));
    return this.dir;
  }

  async receive(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    if (req.method !== 'POST') {
      req.resume();
      sendError(res, 405, { code: 'BAD_ARGUMENT', message: '/api/upload takes POST only.' }, { Allow: 'POST' });
      return;
    }
    const name = query.get('name') ?? '';
    if (!NAME.test(name) || name.includes('..')) {
      req.resume();
      sendError(res, 400, { code: 'BAD_ARGUMENT', message: `"${name.slice(0, 100)}" is not a file name an upload may have: use letters, digits, spaces and . _ - only (up to 200), without a folder.` });
      return;
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      req.resume();
      sendError(res, 413, { code: 'BAD_ARGUMENT', message: `${name} is ${declared} bytes, more than the ${this.maxBytes} an upload may hold; run "assay log import" on the file instead.` }, { Connection: 'close' });
      return;
    }
    const path = join(this.folder(), `${randomBytes(8).toString('hex')}-${name}`);
    const hash = createHash('sha256');
    let bytes = 0;
    const max = this.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > max) return done(new Error('too large'));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(req, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch {
      rmSync(path, { force: true });
      if (!res.headersSent) {
        const tooLarge = bytes > max;
        sendError(res, tooLarge ? 413 : 400, { code: 'BAD_ARGUMENT', message: tooLarge ? `${name} is larger than the ${max} bytes an upload may hold.` : `The upload of ${name} was cut off; send it again.` }, { Connection: 'close' });
      }
      return;
    }
    const result: UploadResult = { path, name, bytes, sha256: hash.digest('hex') };
    sendJson(res, 200, result);
  }

  /** Removes every upload. */
  clear(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
