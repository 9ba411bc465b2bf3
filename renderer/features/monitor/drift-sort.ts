import type { DriftResult, FeatureDrift } from '../../../src/api/contract.ts';

export type DriftSortKey = 'rank' | 'column' | 'type' | 'psi' | 'ks' | 'chi2' | 'jsDistance' | 'wasserstein' | 'meanChange' | 'levelChanges';
export interface DriftSort {
  key: DriftSortKey;
  descending: boolean;
}

export interface DriftRow {
  column: string;
  rank: number;
  f: FeatureDrift;
}

/** The relative change of the mean (current − reference) / |reference|; null without both means. */
export function meanChange(f: FeatureDrift): number | null {
  const { reference, current } = f.mean;
  if (reference === null || current === null) return null;
  return reference === 0 ? (current === 0 ? 0 : null) : (current - reference) / Math.abs(reference);
}

function value(r: DriftRow, key: DriftSortKey): number | string | null {
  switch (key) {
    case 'rank':
      return r.rank;
    case 'column':
      return r.column;
    case 'type':
      return r.f.type;
    case 'meanChange': {
      const m = meanChange(r.f);
      return m === null ? null : Math.abs(m);
    }
    case 'levelChanges':
      return r.f.type === 'categorical' ? (r.f.newLevels?.length ?? 0) + (r.f.vanishedLevels?.length ?? 0) : null;
    default:
      return r.f[key];
  }
}

/** Rows in the result's ranking (largest PSI first), then sorted by the chosen column; missing values always last. */
export function driftRows(r: DriftResult, sort: DriftSort): DriftRow[] {
  const ranked = r.ranking.filter((c) => r.features[c]);
  const rest = Object.keys(r.features).filter((c) => !ranked.includes(c));
  const rows = [...ranked, ...rest].map((column, i) => ({ column, rank: i + 1, f: r.features[column]! }));
  const dir = sort.descending ? -1 : 1;
  return rows.sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    if (x === null || y === null) return x === y ? a.rank - b.rank : x === null ? 1 : -1;
    const c = typeof x === 'string' || typeof y === 'string' ? String(x).localeCompare(String(y)) : x - y;
    return c === 0 ? a.rank - b.rank : dir * c;
  });
}
