import { quoteIdent, type CaseDb } from '../case/index.ts';
import type { Scratch } from './scratch.ts';
import type { LogSource } from './source.ts';

/**
 * Collects the lines DuckDB's reader rejected (one row per line, whatever the number of errors on it) into the
 * scratch table `rejected`, and, when there are any, the `gaps` table that Positions uses to number source rows.
 * Returns the number of rejected lines.
 */
export async function collectRejects(db: CaseDb, source: LogSource, scratch: Scratch): Promise<number> {
  if (!source.recordsRejects) return 0;
  const exists = await db.queryOne(
    'SELECT 1 AS x FROM duckdb_tables() WHERE temporary AND table_name = $t',
    { t: scratch.rejects.errors },
  );
  if (!exists) return 0;
  await db.exec(
    `CREATE TEMP TABLE ${scratch.table('rejected')} AS
     SELECT line - ${source.linesBeforeData} AS _src, string_agg(DISTINCT error_type, ', ') AS _types,
       first(error_message ORDER BY column_idx) AS _message, first(csv_line) AS _line
     FROM temp.main.${quoteIdent(scratch.rejects.errors)} GROUP BY line`,
  );
  const n = Number((await db.queryOne<{ n: number }>(`SELECT count(*) AS n FROM ${scratch.table('rejected')}`))!.n);
  if (n > 0) {
    await db.exec(
      `CREATE TEMP TABLE ${scratch.table('gaps')} AS
       SELECT _g, count(*) OVER (ORDER BY _g) AS _c FROM (SELECT _src - row_number() OVER (ORDER BY _src) AS _g FROM ${scratch.table('rejected')})`,
    );
  }
  return n;
}
