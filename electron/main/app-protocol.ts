import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { contentType } from '../../src/host/http/content-types.ts';
import { staticPath } from '../../src/host/http/static-path.ts';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';
import { SHELL_HEADERS } from './content-security.ts';
import type { ProtocolLike, ProtocolRequest } from './electron-api.ts';

/**
 * Registers assay:// as a standard, secure scheme (an origin of its own, fetch and ES modules work). Must run before
 * the app is ready. No CSP bypass, no service workers.
 */
export function registerAppScheme(protocol: ProtocolLike): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true, bypassCSP: false, allowServiceWorkers: false } },
  ]);
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SHELL_HEADERS } });
}

async function fileInfo(path: string) {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

async function staysInside(root: string, file: string): Promise<boolean> {
  try {
    const [r, f] = await Promise.all([realpath(root), realpath(file)]);
    return f === r || f.startsWith(r + sep);
  } catch {
    return false;
  }
}

/**
 * Answers assay://app/<path> from the built renderer in `root`, with the HTTP host's path checks (static-path.ts:
 * every raw segment decoded and refused when it is a dot segment or holds a slash, backslash, colon or control
 * character; hidden names not served), links resolved and checked to stay inside `root`. A path without an
 * extension that names no file gets index.html (client-side routes).
 */
export async function appResponse(root: string, request: ProtocolRequest): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Only GET and HEAD are served here.\n');
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i.exec(request.url);
  if (!match || match[1]!.toLowerCase() !== APP_SCHEME || match[2]!.toLowerCase() !== APP_HOST) return text(404, 'Not found.\n');
  const target = staticPath(root, match[3] || '/');
  if (!target.ok) return text(target.status, target.status === 400 ? `Bad request: ${target.reason}.\n` : 'Not found.\n');
  let file = target.file;
  let info = await fileInfo(file);
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
    info = await fileInfo(file);
  }
  if (!info?.isFile()) {
    const last = target.segments[target.segments.length - 1] ?? '';
    if (extname(last) !== '') return text(404, 'Not found.\n');
    file = join(root, 'index.html');
    info = await fileInfo(file);
    if (!info?.isFile()) return text(404, 'The UI is not built: run npm run build:renderer.\n');
  }
  if (!(await staysInside(root, file))) return text(404, 'Not found.\n');
  const body = request.method === 'HEAD' ? null : await readFile(file);
  return new Response(body, { status: 200, headers: { 'Content-Type': contentType(file), 'Cache-Control': 'no-cache', ...SHELL_HEADERS } });
}

/** Serves the renderer under assay://app/ (after the app is ready). */
export function handleAppProtocol(protocol: ProtocolLike, root: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(root, request));
}
