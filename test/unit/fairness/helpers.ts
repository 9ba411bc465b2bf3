import type { Cells, GroupCounts, RankSums } from '../../../src/fairness/index.ts';

/** Cells with zeros where not given. */
export function cells(partial: Partial<Cells>): Cells {
  return { y0d0: 0, y0d1: 0, y1d0: 0, y1d1: 0, yNd0: 0, yNd1: 0, ...partial };
}

export function group(name: string, partial: Partial<Cells>, ranks: RankSums | null = null): GroupCounts {
  const c = cells(partial);
  const n = Object.values(c).reduce((s, v) => s + v, 0);
  return { group: name, cells: c, score: { count: n, sum: n / 2, sumSquares: n / 4 }, ranks };
}

/** Cells counted from rows of (y, ŷ) with y null when not observed. */
export function cellsFromRows(rows: readonly { y: 0 | 1 | null; d: 0 | 1 }[]): Cells {
  const c = cells({});
  for (const r of rows) {
    const key = `y${r.y === null ? 'N' : r.y}d${r.d}` as keyof Cells;
    c[key]++;
  }
  return c;
}
