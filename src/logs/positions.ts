/**
 * Where a record sits in the source file. A scan of the source numbers its records k = 1, 2, ... (the rowid of the
 * first-pass table, or Parquet's file_row_number + 1); lines DuckDB rejected are not scanned, so the source row of
 * record k is k plus the number of rejected lines before it, looked up in the `gaps` table with an ASOF join.
 */
export class Positions {
  constructor(
    readonly kind: 'scan' | 'file',
    /** min(rowid) of the first-pass table, as SQL text (rowids of a new table start far above 2^53). */
    private readonly base: string,
    /** Table of (_g, _c): _c rejected lines lie before every record k > _g; null when nothing was rejected. */
    readonly gaps: string | null,
  ) {}

  /** Record number k of a first-pass row (`alias` qualifies rowid / _pos, with its dot). */
  k(alias = ''): string {
    return this.kind === 'scan' ? `(${alias}rowid - ${this.base} + 1)` : `(${alias}_pos + 1)`;
  }

  /** `inner` (a query with a `_k` column) with `_src`, the 1-based source row, added. Does not keep the order. */
  withSource(inner: string): string {
    if (!this.gaps) return `SELECT *, _k AS _src FROM (${inner})`;
    return `SELECT p.*, p._k + coalesce(g._c, 0) AS _src FROM (${inner}) p ASOF LEFT JOIN ${this.gaps} g ON p._k > g._g`;
  }
}
