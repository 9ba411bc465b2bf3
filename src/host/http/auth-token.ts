import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A per-launch secret: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares a presented token with the launch token in constant time. Both sides are hashed first so that
 * `timingSafeEqual` always compares equal lengths and the comparison time does not depend on the presented length.
 */
export function tokenMatches(expected: string, presented: string | undefined | null): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 1024) return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(presented, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * The cookie's name carries the port: cookies are not isolated by port, so two hosts on 127.0.0.1 would otherwise
 * overwrite each other's token.
 */
export function cookieName(port: number): string {
  return `assay_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The value of one cookie from a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

/** True when the request presents the launch token, as `Authorization: Bearer …` or as the host's cookie. */
export function isAuthenticated(req: IncomingMessage, token: string, port: number): boolean {
  return tokenMatches(token, bearerToken(req.headers.authorization)) || tokenMatches(token, readCookie(req.headers.cookie, cookieName(port)));
}
