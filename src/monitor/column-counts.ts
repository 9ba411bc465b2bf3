import type { CaseDb } from '../case/index.ts';
import { MAX_EXTRA_LEVELS } from './drift-sql.ts';
import { select } from './sides-sql.ts';
import type { Covered, MonitorLog, Side } from './types.ts';
import { CONTINUOUS_SHARE, sampleCardinalitySql, valueCountsSql, CARDINALITY_SAMPLE } from './value-counts-sql.ts';
import type { ValueCounts } from './value-counts.ts';

export interface Level {
  level: string;
  k0: number;
  k1: number;
}

/** What one pass over both sides gives per column. */
export interface ColumnCounts {
  /** Non-missing values per side. */
  n0: number;
  n1: number;
  /** Numeric columns counted by value. */
  values: ValueCounts | null;
  /** Categorical columns: rows per level, most frequent first. */
  levels: Level[] | null;
  /** Near-continuous numeric columns (left to one sort), and identifiers (approximate distinct values). */
  continuous: boolean;
  distinct: number | null;
}

export interface SidesCounts {
  rows0: number;
  rows1: number;
  columns: ColumnCounts[];
}

/**
 * Counts of every column on both sides in one statement. Before it, one small query over the log's first
 * CARDINALITY_SAMPLE rows: extra categorical columns with more than MAX_EXTRA_LEVELS distinct values there are
 * identifiers (only counted), and, for a log longer than twice the sample, numeric columns with more distinct values
 * than CONTINUOUS_SHARE of the sample are near-continuous (only counted; their ECDFs come from one sort each).
 * `distinct` is then the sample's approximate count for an identifier and the number of levels for a counted column.
 */
export async function countSides(db: CaseDb, reference: Side, current: Side, log: MonitorLog, columns: readonly Covered[], logRows: number): Promise<SidesCounts> {
  const indexed = columns.map((c, i) => [c, i] as [Covered, number]);
  const extras = indexed.filter(([c]) => c.type === 'categorical' && c.role === 'extra');
  const numeric = logRows > 2 * CARDINALITY_SAMPLE ? indexed.filter(([c]) => c.type === 'numeric') : [];
  const sampled = [...extras, ...numeric];
  const sample = sampled.length ? (await select(db, sampleCardinalitySql(log, sampled)))[0]! : {};
  const distinct = new Map<number, number>();
  for (const [, i] of extras) if (Number(sample[`d_${i}`]) > MAX_EXTRA_LEVELS) distinct.set(i, Number(sample[`d_${i}`]));
  const countOnly = new Set(distinct.keys());
  const continuous = new Set<number>();
  for (const [, i] of numeric) if (Number(sample[`d_${i}`]) > CONTINUOUS_SHARE * Number(sample.rows)) continuous.add(i);
  const q = valueCountsSql(reference, current, log, columns, new Set([...countOnly, ...continuous]));
  const rows = await select<{ col: number; s: string | null; x: number | null; k0: number; k1: number }>(db, q.sql, q.params);
  const out: ColumnCounts[] = columns.map((c, i) => ({
    n0: 0, n1: 0, continuous: continuous.has(i), distinct: distinct.get(i) ?? null,
    values: c.type === 'numeric' && !continuous.has(i) ? { values: [], reference: [], current: [] } : null,
    levels: c.type === 'categorical' && !countOnly.has(i) ? [] : null,
  }));
  let rows0 = 0, rows1 = 0;
  for (const r of rows) {
    const col = Number(r.col);
    const k0 = Number(r.k0);
    const k1 = Number(r.k1);
    if (col < 0) {
      rows0 = k0;
      rows1 = k1;
      continue;
    }
    const c = out[col]!;
    c.n0 += k0;
    c.n1 += k1;
    if (c.values && r.x !== null) {
      c.values.values.push(Number(r.x));
      c.values.reference.push(k0);
      c.values.current.push(k1);
    } else if (c.levels && r.s !== null) c.levels.push({ level: String(r.s), k0, k1 });
  }
  out.forEach((c, i) => {
    if (c.levels) distinct.set(i, c.levels.length);
    c.distinct = distinct.get(i) ?? null;
  });
  return { rows0, rows1, columns: out };
}
