/**
 * The renderer is served from `assay://app/` (see app-protocol.ts), a privileged standard scheme: it gives the page
 * an origin of its own, which the IPC sender check and the CSP's 'self' rely on. file:// would not: every local file
 * shares one opaque origin, ES module scripts from file:// are blocked, and a navigation to any file:// URL would
 * look like the app.
 */
export const APP_SCHEME = 'assay';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True when `url` is a page of the app itself (assay://app/…). Node's URL gives "null" origins for non-special
 * schemes, so the scheme and host are compared instead. */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}
