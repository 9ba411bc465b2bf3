import type { IncomingMessage } from 'node:http';

export interface GuardRefusal {
  status: number;
  message: string;
}

/** The Host values the host answers to: its loopback address or localhost, with its port. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * Checks a request before anything else looks at it:
 * - `Host` must name this host (a DNS-rebinding page reaches 127.0.0.1 under its own name and is refused);
 * - `Origin`, when present, must be this host's own origin (no cross-origin caller, `null` included);
 * - for /api, `Sec-Fetch-Site`, when present, must say the request comes from this origin or from the user.
 * Returns null when the request may proceed.
 */
export function checkRequest(req: IncomingMessage, port: number, api: boolean): GuardRefusal | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts(port).includes(host)) {
    return { status: 403, message: `This host answers to 127.0.0.1:${port} and localhost:${port} only, not "${req.headers.host ?? ''}".` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return { status: 403, message: `Requests from the origin "${origin}" are refused; only the page served by this host may call it.` };
  }
  const site = req.headers['sec-fetch-site'];
  if (api && typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
    return { status: 403, message: `Requests from another site (Sec-Fetch-Site: ${site}) are refused.` };
  }
  return null;
}
