import type { ShellLike } from './electron-api.ts';

/**
 * The hosts whose https pages may open in the system browser (references in the docs and model cards). Anything
 * else a page tries to open — another scheme, another host, an address with credentials or a port — is dropped.
 */
export const EXTERNAL_HOSTS: readonly string[] = ['github.com', 'onnx.ai', 'fairlearn.org', 'aif360.readthedocs.io', 'arxiv.org', 'doi.org'];

export function isAllowedExternal(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && u.username === '' && u.password === '' && u.port === '' && hosts.includes(u.hostname);
}

/** Opens an allowlisted https address in the system browser; returns whether it did. */
export function openExternalIfAllowed(shell: ShellLike, url: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  if (!isAllowedExternal(url, hosts)) return false;
  shell.openExternal(url).catch(() => undefined);
  return true;
}
