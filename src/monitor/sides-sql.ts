import { quoteIdent, type CaseDb, type SqlParam } from '../case/index.ts';
import type { Covered, MonitorLog, Side } from './types.ts';

/** The temporary table holding the package's reference data with the model's score and decision (see reference-data.ts). */
export const REFERENCE_RELATION = 'temp.monitor_reference';
export const TIMESTAMP = 'timestamp';

export type Params = Record<string, SqlParam>;

/** The column as the statistics see it: numbers as DOUBLE, everything else as text. */
export function valueExpr(c: Covered): string {
  return c.type === 'numeric' ? `CAST(${quoteIdent(c.name)} AS DOUBLE)` : `CAST(${quoteIdent(c.name)} AS VARCHAR)`;
}

/** `FROM … WHERE …` of one side; its bounds go into `params` under names starting with `tag`. */
export function sideFrom(side: Side, log: MonitorLog, tag: string, params: Params): string {
  if (side.kind === 'referenceData') return `FROM ${REFERENCE_RELATION}`;
  const conditions: string[] = [];
  if (side.from !== null) {
    params[`${tag}_from`] = side.from;
    conditions.push(`${quoteIdent(TIMESTAMP)} >= CAST($${tag}_from AS TIMESTAMPTZ)`);
  }
  if (side.to !== null) {
    params[`${tag}_to`] = side.to;
    conditions.push(`${quoteIdent(TIMESTAMP)} < CAST($${tag}_to AS TIMESTAMPTZ)`);
  }
  return `FROM ${quoteIdent(log.table)}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
}

/** Both sides stacked, with `_side` 0 for the reference and 1 for the current window, and the given select list. */
export function stackedSides(reference: Side, current: Side, log: MonitorLog, select: string[], params: Params): string {
  const list = select.length ? `, ${select.join(', ')}` : '';
  return `SELECT 0 AS _side${list} ${sideFrom(reference, log, 'r', params)}
          UNION ALL
          SELECT 1 AS _side${list} ${sideFrom(current, log, 'c', params)}`;
}

/** The bin of a value among right-closed bins with the given inner edges: the number of edges strictly below it. */
export function binExpr(value: string, edges: readonly number[], params: Params, tag: string): string {
  if (edges.length === 0) return '0';
  return edges.map((e, k) => {
    params[`${tag}_e${k}`] = e;
    return `CAST(${value} > $${tag}_e${k} AS INTEGER)`;
  }).join(' + ');
}

/** The parameters a statement names ($name); DuckDB refuses a parameter the statement does not use. */
export function usedParams(sql: string, params: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) if (new RegExp(`\\$${k}(?![A-Za-z0-9_])`).test(sql)) out[k] = v;
  return out;
}

/** Runs a statement with the parameters it names. */
export function select<T extends Record<string, unknown> = Record<string, unknown>>(db: CaseDb, sql: string, params: Params = {}): Promise<T[]> {
  return db.query<T>(sql, usedParams(sql, params));
}
