import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { contentType } from './content-types.ts';
import { notBuiltPage } from './host-pages.ts';
import { sendText } from './send.ts';
import { pathSegments, staticPath, type Refusal } from './static-path.ts';

async function fileStat(path: string) {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

/** True when `file`, symbolic links resolved, still lies inside `root` (also resolved). */
async function staysInside(root: string, file: string): Promise<boolean> {
  try {
    const [r, f] = await Promise.all([realpath(root), realpath(file)]);
    return f === r || f.startsWith(r + sep);
  } catch {
    return false;
  }
}

function refuse(res: ServerResponse, r: Refusal): void {
  sendText(res, r.status, r.status === 400 ? `Bad request: ${r.reason}.\n` : 'Not found.\n');
}

function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  res.end(req.method === 'HEAD' ? undefined : html);
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, size: number): Promise<void> {
  res.writeHead(200, { 'Content-Type': contentType(file), 'Content-Length': size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

/**
 * Serves the built renderer from `staticDir`: files by path with their content type, `index.html` for a folder and
 * for client-side routes (paths without an extension that name no file). Without a build (no `index.html`), `/`
 * gets a short page that says how to build it. Nothing outside `staticDir` is ever read (see static-path.ts; links
 * are resolved and checked too).
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, staticDir: string | null, rawPath: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Only GET and HEAD are served here.\n', { Allow: 'GET, HEAD' });
    return;
  }
  const parsed = pathSegments(rawPath);
  if (!parsed.ok) {
    refuse(res, parsed);
    return;
  }
  const index = staticDir ? join(staticDir, 'index.html') : null;
  const indexStat = index ? await fileStat(index) : null;
  if (!staticDir || !index || !indexStat?.isFile()) {
    if (parsed.segments.length === 0) sendHtml(req, res, 200, notBuiltPage(staticDir));
    else sendText(res, 404, 'Not found.\n');
    return;
  }
  const root = staticDir;
  const target = staticPath(root, rawPath);
  if (!target.ok) {
    refuse(res, target);
    return;
  }
  let file = target.file;
  let info = await fileStat(file);
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
    info = await fileStat(file);
  }
  if (!info?.isFile()) {
    const last = target.segments[target.segments.length - 1] ?? '';
    if (extname(last) !== '') {
      sendText(res, 404, 'Not found.\n');
      return;
    }
    file = index; // a client-side route: the app decides what to show
    info = indexStat;
  }
  if (!(await staysInside(root, file))) {
    sendText(res, 404, 'Not found.\n');
    return;
  }
  await sendFile(req, res, file, info.size);
}
