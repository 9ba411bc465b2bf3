import { useEffect, useState } from 'react';

/** Hash routes (they survive reloads under the HTTP host and file:// in Electron alike). */
export type Route =
  | { page: 'home' }
  | { page: 'package'; ref: string }
  | { page: 'explorer'; log: string }
  | { page: 'decision'; log: string; id: string }
  | { page: 'fairness'; log: string }
  | { page: 'missing'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts.length === 0) return { page: 'home' };
  if (parts[0] === 'package' && parts.length === 2) return { page: 'package', ref: parts[1]! };
  if (parts[0] === 'log' && parts.length === 2) return { page: 'explorer', log: parts[1]! };
  if (parts[0] === 'log' && parts.length === 4 && parts[2] === 'decision') return { page: 'decision', log: parts[1]!, id: parts[3]! };
  if (parts[0] === 'fairness' && parts.length === 2) return { page: 'fairness', log: parts[1]! };
  return { page: 'missing', path };
}

export const href = {
  home: () => '#/',
  package: (ref: string) => `#/package/${encodeURIComponent(ref)}`,
  explorer: (log: string) => `#/log/${encodeURIComponent(log)}`,
  decision: (log: string, id: string) => `#/log/${encodeURIComponent(log)}/decision/${encodeURIComponent(id)}`,
  fairness: (log: string) => `#/fairness/${encodeURIComponent(log)}`,
};

export function navigate(to: string): void {
  window.location.hash = to;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
