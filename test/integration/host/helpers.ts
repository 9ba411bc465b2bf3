import { createWriteStream, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { once } from 'node:events';
import { AssayService } from '../../../src/api/service.ts';
import type { Host } from '../../../src/host/http/index.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';

export const OWNER = { user: 'olga', role: 'owner' as const };
export const REF = 'credit-logreg@1.0.0';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One request through node:http, which sends the path exactly as given (fetch would normalise `..` away) and lets
 * the test set Host. Host defaults to 127.0.0.1:PORT.
 */
export function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...options.headers };
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.body !== undefined) {
      if (options.chunked) {
        // several writes without a Content-Length: the host only learns the size while reading
        const body = Buffer.from(options.body);
        const step = 256 * 1024;
        for (let i = 0; i < body.length; i += step) req.write(body.subarray(i, i + step));
      } else {
        req.setHeader('Content-Length', Buffer.byteLength(options.body));
        req.write(options.body);
      }
    }
    req.end();
  });
}

/** POST /api/<method> with the host's bearer token (or the given headers instead). */
export async function api(host: Host, method: string, args: unknown = {}, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of any method
  const res = await fetch(`${host.origin}/api/${method}`, {
    method: 'POST',
    headers: headers ?? { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** A case holding the credit-logreg package, made through the service and closed again. */
export async function caseWithPackage(dir: string, name = 'host.assay', withLog = false): Promise<string> {
  const path = join(dir, name);
  const s = new AssayService(path);
  await s.call('case.create', { title: 'host test' }, OWNER);
  await s.call('package.import', { path: demoPackage('credit-logreg') }, OWNER);
  if (withLog) await s.call('log.import', { path: demoLog('decisions-clean.csv'), package: REF }, OWNER);
  await s.close();
  return path;
}

/** A decision log of `rows` rows for credit-logreg: the clean demo log's rows repeated under new ids. */
export async function bigCsv(dir: string, rows: number, name = 'big.csv'): Promise<string> {
  const lines = readFileSync(demoLog('decisions-clean.csv'), 'utf8').trim().split('\n');
  const header = lines[0]!;
  const body = lines.slice(1).map((l) => l.slice(l.indexOf(',')));
  const path = join(dir, name);
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  const batch: string[] = [];
  for (let i = 0; i < rows; i++) {
    batch.push(`B-${i}${body[i % body.length]}`);
    if (batch.length === 10_000 || i === rows - 1) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch.length = 0;
    }
  }
  out.end();
  await once(out, 'finish');
  return path;
}

export interface SseItem {
  event: string | null;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed event data
  comment: string | null;
}

/** A reader of GET /api/events: every event and comment in order, and a way to wait for the next match. */
export class EventReader {
  readonly items: SseItem[] = [];
  private waiters: { match: (i: SseItem) => boolean; resolve: (i: SseItem) => void }[] = [];
  private readonly abort = new AbortController();
  status = 0;
  contentType = '';
  closed: Promise<void> = Promise.resolve();

  static async open(host: Host, query = ''): Promise<EventReader> {
    const r = new EventReader();
    const res = await fetch(`${host.origin}/api/events${query}`, { headers: { Authorization: `Bearer ${host.token}` }, signal: r.abort.signal });
    r.status = res.status;
    r.contentType = res.headers.get('content-type') ?? '';
    if (res.body) r.closed = r.pump(res.body);
    return r;
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const item of parseBlock(block)) this.push(item);
        }
      }
    } catch {
      // aborted by close()
    }
  }

  private push(item: SseItem): void {
    this.items.push(item);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(item)) return true;
      w.resolve(item);
      return false;
    });
  }

  /** The first item so far or to come that matches, within `ms`. */
  next(match: (i: SseItem) => boolean, ms = 20_000, what = 'an event'): Promise<SseItem> {
    const seen = this.items.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms; got ${JSON.stringify(this.items)}`)), ms);
      this.waiters.push({ match, resolve: (i) => { clearTimeout(timer); resolve(i); } });
    });
  }

  events(type?: string): SseItem[] {
    return this.items.filter((i) => i.event !== null && (type === undefined || i.event === type));
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.closed;
  }
}

function parseBlock(block: string): SseItem[] {
  const out: SseItem[] = [];
  let event: string | null = null;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) out.push({ event: null, data: null, comment: line.slice(1).trim() });
    else if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trim());
  }
  if (event !== null || data.length) out.push({ event: event ?? 'message', data: data.length ? JSON.parse(data.join('\n')) : null, comment: null });
  return out;
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
