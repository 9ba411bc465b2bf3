import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Role } from '../../api/contract.ts';
import { AssayError } from '../../api/errors.ts';
import { AssayService } from '../../api/service.ts';
import { routeApi, type ApiState } from './api-routes.ts';
import { Uploads } from './uploads.ts';
import { isAuthenticated, newToken, tokenCookie, tokenMatches } from './auth-token.ts';
import { CallQueue } from './call-queue.ts';
import { HEARTBEAT_MS } from './event-stream.ts';
import { JobRegistry } from './job-registry.ts';
import { wrongTokenPage } from './host-pages.ts';
import { MAX_BODY_BYTES } from './read-json-body.ts';
import { checkRequest } from './request-guard.ts';
import { applySecurityHeaders, rawSecurityHeaders } from './security-headers.ts';
import { sendError, sendText } from './send.ts';
import { serveStatic } from './static-files.ts';

export const HOST_ADDRESS = '127.0.0.1';

export interface HostOptions {
  /** The one case this host serves; it need not exist yet (case.create makes it). */
  casePath: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer (dist/renderer); without it / explains how to build the UI. */
  staticDir?: string | null;
  /** Who acts through this host, as recorded in the audit trail. */
  user: string;
  role: Role;
  /** Interval of the event streams' heartbeat comments (default 15 s). */
  heartbeatMs?: number;
  /** Largest accepted request body (default 16 MiB). */
  maxBodyBytes?: number;
  /** Largest file a page may upload (default 8 GiB). */
  maxUploadBytes?: number;
  /** Where internal errors are reported (default: nowhere). */
  log?: (line: string) => void;
}

export interface Host {
  /** http://127.0.0.1:PORT/?token=… — the address to open; it sets the token cookie and redirects to /. */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  token: string;
  port: number;
  server: Server;
  /** What is in flight, for diagnostics and tests. */
  stats(): HostStats;
  /** Cancels the calls in flight, ends the event streams, waits for the queue, closes the case and the server. */
  close(): Promise<void>;
}

export interface HostStats {
  /** Open event streams. */
  streams: number;
  /** Calls queued or running. */
  calls: number;
}

function splitUrl(url: string): { rawPath: string; query: URLSearchParams } {
  const q = url.indexOf('?');
  return q < 0 ? { rawPath: url, query: new URLSearchParams() } : { rawPath: url.slice(0, q), query: new URLSearchParams(url.slice(q + 1)) };
}

/**
 * The local HTTP door onto the service: the contract's methods as POST /api/<method>, job events and cancellation,
 * and the built renderer. In the order a request meets them:
 * 1. security headers on every answer (CSP, nosniff, no-referrer, no framing; no-store on /api; never CORS);
 * 2. Host must be 127.0.0.1:PORT or localhost:PORT, Origin (when sent) this host's own → else 403;
 * 3. /api/*: the per-launch token, as a bearer token or the HttpOnly cookie → else 401, before any routing;
 * 4. /api/<method> (POST, JSON object body ≤ 16 MiB), /api/events (GET, text/event-stream), /api/jobs/cancel (POST);
 * 5. any other path: `?token=` sets the cookie and redirects to the same path without it; else a static file.
 * Calls run one at a time on the host's one case.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const casePath = resolve(options.casePath);
  const service = new AssayService(casePath);
  const ctx = { user: options.user, role: options.role };
  if (existsSync(casePath)) {
    try {
      await service.call('case.info', {}, ctx); // fail now, not at the first click: not a case, locked, too new
    } catch (e) {
      await service.close();
      throw e;
    }
  }
  const token = newToken();
  const staticDir = options.staticDir ? resolve(options.staticDir) : null;
  const state: ApiState = {
    service, user: options.user, role: options.role, queue: new CallQueue(), jobs: new JobRegistry(), streams: new Set(),
    heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS, maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES, log: options.log ?? (() => undefined), closing: false,
    uploads: new Uploads(options.maxUploadBytes),
  };
  let port = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { rawPath, query } = splitUrl(req.url ?? '/');
    const api = rawPath === '/api' || rawPath.startsWith('/api/');
    applySecurityHeaders(res, api);
    if (state.closing) {
      res.setHeader('Connection', 'close');
      sendText(res, 503, 'The host is shutting down.\n');
      return;
    }
    const refusal = checkRequest(req, port, api);
    if (refusal) {
      if (api) sendError(res, refusal.status, { code: 'PERMISSION_DENIED', message: refusal.message });
      else sendText(res, refusal.status, `${refusal.message}\n`);
      return;
    }
    if (api) {
      // the token is checked before any routing: an unauthenticated request learns nothing about the routes
      if (!isAuthenticated(req, token, port)) {
        req.resume();
        sendError(res, 401, { code: 'PERMISSION_DENIED', message: 'This request lacks the token of this host. Open the address that assay serve printed.' }, { 'WWW-Authenticate': 'Bearer realm="assay"' });
        return;
      }
      await routeApi(req, res, state, rawPath.slice('/api/'.length), query);
      return;
    }
    if (query.has('token') && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!tokenMatches(token, query.get('token'))) {
        const page = wrongTokenPage(port);
        res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(page) });
        res.end(req.method === 'HEAD' ? undefined : page);
        return;
      }
      // the token goes into an HttpOnly cookie and out of the address bar and history
      query.delete('token');
      const rest = query.toString();
      const path = /^\/(?![/\\])[^\\]*$/.test(rawPath) ? rawPath : '/'; // never "//host": that would leave this origin
      res.writeHead(303, { 'Set-Cookie': tokenCookie(port, token), 'Content-Length': 0, Location: `${path}${rest ? `?${rest}` : ''}` });
      res.end();
      return;
    }
    await serveStatic(req, res, staticDir, rawPath);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      state.log(`assay serve: ${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent) sendText(res, 500, 'Internal error.\n');
      else res.destroy();
    });
  });
  // requests Node's parser refuses (malformed request line, oversized headers) get the same headers as the rest
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n${rawSecurityHeaders()}\r\n`);
  });
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen({ host: HOST_ADDRESS, port: options.port ?? 0, exclusive: true }, () => {
        server.off('error', reject);
        resolveListen();
      });
    });
  } catch (e) {
    await service.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new AssayError('BAD_ARGUMENT', `The port ${options.port} on ${HOST_ADDRESS} is ${code === 'EADDRINUSE' ? 'in use' : 'not open to this user'}; choose another with --port, or 0 for a free one.`, { port: options.port });
    }
    throw e;
  }
  port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST_ADDRESS}:${port}`;

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      state.closing = true;
      const stopped = new Promise<void>((r) => server.close(() => r()));
      state.jobs.cancelAll();
      for (const stream of state.streams) stream.end();
      server.closeIdleConnections();
      await state.queue.idle();
      await service.close();
      state.uploads.clear();
      server.closeAllConnections();
      await stopped;
    })();
    return closed;
  };

  const stats = (): HostStats => ({ streams: state.streams.size, calls: state.queue.size });
  return { url: `${origin}/?token=${token}`, origin, token, port, server, stats, close };
}
