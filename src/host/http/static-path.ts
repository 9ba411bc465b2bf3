import { isAbsolute, join, resolve, sep } from 'node:path';

export type Refusal = { ok: false; status: 400 | 404; reason: string };
export type PathSegments = { ok: true; segments: string[] } | Refusal;
export type StaticPath = { ok: true; segments: string[]; file: string } | Refusal;

/**
 * Maps the raw path of a request (as the client sent it, query removed) to a file under `root`, or refuses it.
 * Works on the raw text, before any URL normalisation could hide a `..`: every segment is decoded on its own and
 * refused when it is `.` or `..`, holds a slash, backslash, colon, NUL or control character once decoded, or is
 * empty (except a trailing slash). Hidden names (leading dot) are not served. The result is checked to lie under
 * `root` once more.
 */
export function staticPath(root: string, rawPath: string): StaticPath {
  const parsed = pathSegments(rawPath);
  if (!parsed.ok) return parsed;
  const base = resolve(root);
  const file = resolve(join(base, ...parsed.segments));
  if (file !== base && !file.startsWith(base + sep)) return { ok: false, status: 400, reason: 'the path leaves the static folder' };
  return { ok: true, segments: parsed.segments, file };
}

/** The decoded segments of a raw request path, or why it is refused (the checks of staticPath, without a root). */
export function pathSegments(rawPath: string): PathSegments {
  if (!rawPath.startsWith('/')) return { ok: false, status: 400, reason: 'the path must start with /' };
  if (rawPath.includes('\\')) return { ok: false, status: 400, reason: 'backslashes are not allowed' };
  const raw = rawPath.slice(1).split('/');
  const segments: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const part = raw[i]!;
    if (part === '') {
      if (i === raw.length - 1) break; // "/" or "/dir/"
      return { ok: false, status: 400, reason: 'empty path segments are not allowed' };
    }
    let name: string;
    try {
      name = decodeURIComponent(part);
    } catch {
      return { ok: false, status: 400, reason: 'malformed percent-encoding' };
    }
    if (name === '.' || name === '..') return { ok: false, status: 400, reason: 'dot segments are not allowed' };
    if (/[/\\:\u0000-\u001f\u007f]/.test(name)) return { ok: false, status: 400, reason: 'the path holds a forbidden character' };
    if (isAbsolute(name)) return { ok: false, status: 400, reason: 'absolute paths are not allowed' };
    if (name.startsWith('.')) return { ok: false, status: 404, reason: 'hidden files are not served' };
    segments.push(name);
  }
  return { ok: true, segments };
}
