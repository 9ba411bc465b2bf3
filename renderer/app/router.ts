import { useEffect, useState } from 'react';

/** Hash routes (they survive reloads under the HTTP host and file:// in Electron alike). */
export type Route =
  | { page: 'home' }
  | { page: 'import' }
  | { page: 'package'; ref: string }
  | { page: 'explorer'; log: string; filters?: ColumnFilter[] }
  | { page: 'decision'; log: string; id: string }
  | { page: 'fairness'; log: string }
  | { page: 'replay'; log: string }
  | { page: 'whatif'; log: string }
  | { page: 'explain'; log: string }
  | { page: 'monitor'; log: string }
  | { page: 'audit' }
  | { page: 'members' }
  | { page: 'findings'; query: Record<string, string> }
  | { page: 'lineage'; target: { kind: 'decision'; log: string; id: string } | { kind: 'run'; id: string } | null }
  | { page: 'subject'; query: Record<string, string> }
  | { page: 'reports' }
  | { page: 'missing'; path: string };

/** An equality filter carried in a route's query (`#/log/NAME?sex=female`), e.g. a fairness group opened in the explorer. */
export interface ColumnFilter {
  column: string;
  value: string;
}

function queryFilters(query: string): ColumnFilter[] {
  return [...new URLSearchParams(query).entries()].map(([column, value]) => ({ column, value }));
}

export function parseRoute(hash: string): Route {
  const [pathPart = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const path = pathPart || '/';
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts.length === 0) return { page: 'home' };
  if (parts[0] === 'import' && parts.length === 1) return { page: 'import' };
  if (parts[0] === 'package' && parts.length === 2) return { page: 'package', ref: parts[1]! };
  if (parts[0] === 'log' && parts.length === 2) {
    const filters = queryFilters(query);
    return filters.length ? { page: 'explorer', log: parts[1]!, filters } : { page: 'explorer', log: parts[1]! };
  }
  if (parts[0] === 'log' && parts.length === 4 && parts[2] === 'decision') return { page: 'decision', log: parts[1]!, id: parts[3]! };
  if (parts[0] === 'fairness' && parts.length === 2) return { page: 'fairness', log: parts[1]! };
  if (parts[0] === 'replay' && parts.length === 2) return { page: 'replay', log: parts[1]! };
  if (parts[0] === 'whatif' && parts.length === 2) return { page: 'whatif', log: parts[1]! };
  if (parts[0] === 'explain' && parts.length === 2) return { page: 'explain', log: parts[1]! };
  if (parts[0] === 'monitor' && parts.length === 2) return { page: 'monitor', log: parts[1]! };
  if (parts[0] === 'audit' && parts.length === 1) return { page: 'audit' };
  if (parts[0] === 'members' && parts.length === 1) return { page: 'members' };
  if (parts[0] === 'findings' && parts.length === 1) return { page: 'findings', query: Object.fromEntries(new URLSearchParams(query)) };
  if (parts[0] === 'lineage' && parts.length === 1) return { page: 'lineage', target: null };
  if (parts[0] === 'lineage' && parts.length === 4 && parts[1] === 'decision') return { page: 'lineage', target: { kind: 'decision', log: parts[2]!, id: parts[3]! } };
  if (parts[0] === 'lineage' && parts.length === 3 && parts[1] === 'run') return { page: 'lineage', target: { kind: 'run', id: parts[2]! } };
  if (parts[0] === 'subject' && parts.length === 1) return { page: 'subject', query: Object.fromEntries(new URLSearchParams(query)) };
  if (parts[0] === 'reports' && parts.length === 1) return { page: 'reports' };
  return { page: 'missing', path };
}

export const href = {
  home: () => '#/',
  importLog: () => '#/import',
  package: (ref: string) => `#/package/${encodeURIComponent(ref)}`,
  explorer: (log: string, filters: ColumnFilter[] = []) =>
    `#/log/${encodeURIComponent(log)}${filters.length ? `?${new URLSearchParams(filters.map((f) => [f.column, f.value])).toString()}` : ''}`,
  decision: (log: string, id: string) => `#/log/${encodeURIComponent(log)}/decision/${encodeURIComponent(id)}`,
  fairness: (log: string) => `#/fairness/${encodeURIComponent(log)}`,
  replay: (log: string) => `#/replay/${encodeURIComponent(log)}`,
  whatif: (log: string) => `#/whatif/${encodeURIComponent(log)}`,
  explain: (log: string) => `#/explain/${encodeURIComponent(log)}`,
  monitor: (log: string) => `#/monitor/${encodeURIComponent(log)}`,
  audit: () => '#/audit',
  members: () => '#/members',
  /** The findings board, its add form prefilled: `{ kind: 'decision', target: 'D-000001', log: 'clean' }`. */
  findings: (prefill: { kind?: 'decision' | 'group' | 'run'; target?: string; log?: string } = {}) => {
    const q = new URLSearchParams(Object.entries(prefill).filter((e): e is [string, string] => typeof e[1] === 'string')).toString();
    return `#/findings${q ? `?${q}` : ''}`;
  },
  lineage: () => '#/lineage',
  lineageDecision: (log: string, id: string) => `#/lineage/decision/${encodeURIComponent(log)}/${encodeURIComponent(id)}`,
  lineageRun: (runId: string) => `#/lineage/run/${encodeURIComponent(runId)}`,
  subject: () => '#/subject',
  reports: () => '#/reports',
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
