import type { ServerResponse } from 'node:http';

/**
 * The page may load scripts, styles, images, fonts and data from its own origin only; nothing inline, no eval, no
 * plugins, no framing, no <base>. Kept in one place so the renderer issue can widen one directive deliberately.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const COMMON: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), payment=()',
};

/** Sets the headers every response carries; /api responses are never cached. No CORS header is ever set. */
export function applySecurityHeaders(res: ServerResponse, api: boolean): void {
  for (const [name, value] of Object.entries(COMMON)) res.setHeader(name, value);
  res.setHeader('Cache-Control', api ? 'no-store' : 'no-cache');
}

/** The security headers as raw header lines, for the few answers written straight to the socket. */
export function rawSecurityHeaders(): string {
  return Object.entries({ ...COMMON, 'Cache-Control': 'no-store' }).map(([k, v]) => `${k}: ${v}\r\n`).join('');
}
