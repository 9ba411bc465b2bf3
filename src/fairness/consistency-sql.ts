import { ident } from './sql-text.ts';
import type { SqlQuery } from './sql-text.ts';

/** Rows with a 0/1 decision (the population consistency is computed over), and whether their _row values are dense. */
export function decisionRowCountSql(table: string): SqlQuery {
  return {
    sql: `SELECT count(*) AS n, count(DISTINCT "_row") AS distinct_rows, min("_row") AS first_row, max("_row") AS last_row
      FROM ${ident(table)} WHERE "decision" IN (0, 1)`,
    params: [],
  };
}

/**
 * The features and decision of the rows at the given positions (0-based, in _row order, among rows with a 0/1
 * decision), or of every such row when positions is null. When those rows' _row values are the dense range
 * first_row … first_row + n − 1, a position is found by _row directly instead of numbering every row.
 */
export function consistencyRowsSql(table: string, features: readonly string[], positions: readonly number[] | null, denseFrom: number | null): SqlQuery {
  const cols = [...features.map((f) => ident(f)), '"decision"'].join(', ');
  const valid = `${ident(table)} WHERE "decision" IN (0, 1)`;
  if (positions === null) return { sql: `SELECT ${cols} FROM ${valid} ORDER BY "_row"`, params: [] };
  const list = 'SELECT CAST(unnest(string_split($1, \',\')) AS BIGINT)';
  if (denseFrom !== null) {
    return { sql: `SELECT ${cols} FROM ${valid} AND "_row" IN (${list}) ORDER BY "_row"`, params: [positions.map((p) => p + denseFrom).join(',')] };
  }
  return {
    sql: `SELECT ${cols} FROM (SELECT *, row_number() OVER (ORDER BY "_row") - 1 AS _position FROM ${valid}) AS r
      WHERE _position IN (${list}) ORDER BY _position`,
    params: [positions.join(',')],
  };
}
