import { CONTENT_SECURITY_POLICY } from '../../src/host/http/security-headers.ts';
import type { HeadersReceivedDetails, HeadersReceivedResponse, SessionLike } from './electron-api.ts';

export { CONTENT_SECURITY_POLICY };

/** Headers every response to the renderer carries: the HTTP host's CSP (one policy for both doors) and nosniff. */
export const SHELL_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

/** The response headers with the shell's headers set, replacing any variant of them a response brought. */
export function withShellHeaders(details: HeadersReceivedDetails): HeadersReceivedResponse {
  const names = new Set(Object.keys(SHELL_HEADERS).map((n) => n.toLowerCase()));
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
    if (!names.has(name.toLowerCase())) headers[name] = value;
  }
  for (const [name, value] of Object.entries(SHELL_HEADERS)) headers[name] = [value];
  return { responseHeaders: headers };
}

/** Sets the CSP on every response of the session and refuses every permission (camera, notifications, …). */
export function secureSession(session: SessionLike): void {
  session.webRequest.onHeadersReceived((details, callback) => callback(withShellHeaders(details)));
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
