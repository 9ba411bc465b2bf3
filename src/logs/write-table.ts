import { quoteIdent, type CaseDb } from '../case/index.ts';
import { alignedWith, markDuplicates } from './duplicates.ts';
import type { Positions } from './positions.ts';
import { typedRelation, type PlanColumn, type RowPlan } from './row-plan.ts';
import type { Scratch } from './scratch.ts';
import type { LogSource } from './source.ts';
import { IS_GOOD } from './verdict.ts';

/**
 * Writes the good rows to `table`, each with its source row in `_row`, and marks repeated ids in the first-pass
 * table. A Parquet source is written by file position after the duplicates are found (a GROUP BY on the id hash).
 * A scanned source first tries the id-hash join, which needs no GROUP BY over all ids; if some id repeats, the
 * table is dropped and written again by position once the duplicates are known.
 */
export async function writeTable(db: CaseDb, source: LogSource, plan: RowPlan, columns: PlanColumn[], scratch: Scratch, pos: Positions, table: string, good: number, cancelled: () => void): Promise<void> {
  if (source.positions === 'scan' && await writeByIdHash(db, source, plan, columns, scratch, pos, table, good)) {
    await markDuplicates(db, source, plan, scratch, pos, 'quarantined');
    return;
  }
  cancelled();
  await markDuplicates(db, source, plan, scratch, pos, 'all');
  await writeByPosition(db, source, plan, columns, scratch, pos, table);
}

function selectList(src: string, columns: PlanColumn[]): string {
  return [`${src} AS _row`, ...columns.map((c) => `${c.expr} AS ${quoteIdent(c.name)}`)].join(', ');
}

/**
 * Writes the good rows of a scanned source (CSV, NDJSON) in one parallel pass, finding each row's source position by
 * its id hash among the good rows of the first pass. That is exact only when every id occurs once; a repeated id
 * makes the join yield more rows than there are good rows, and then the table is dropped and false is returned.
 */
async function writeByIdHash(db: CaseDb, source: LogSource, plan: RowPlan, columns: PlanColumn[], scratch: Scratch, pos: Positions, table: string, good: number): Promise<boolean> {
  const map = `SELECT _mh, _src FROM (${pos.withSource(`SELECT _h AS _mh, ${pos.k()} AS _k FROM ${scratch.table('p1')} WHERE ${IS_GOOD}`)})`;
  await db.exec(
    `CREATE TABLE ${quoteIdent(table)} AS SELECT ${selectList('m._src', columns)}
     FROM ${typedRelation(source, plan)} c JOIN (${map}) m ON m._mh = hash(${plan.id})`,
    source.params,
  );
  const n = Number((await db.queryOne<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`))!.n);
  if (n === good) return true;
  await db.exec(`DROP TABLE ${quoteIdent(table)}`);
  return false;
}

/**
 * Writes the good rows by position: Parquet by file_row_number, a scanned source by lining a second scan up with
 * the first-pass table (POSITIONAL JOIN, checked row by row against the id hash).
 */
async function writeByPosition(db: CaseDb, source: LogSource, plan: RowPlan, columns: PlanColumn[], scratch: Scratch, pos: Positions, table: string): Promise<void> {
  const p1 = scratch.table('p1');
  if (source.positions === 'file') {
    const left = Number((await db.queryOne<{ n: number }>(`SELECT count(*) AS n FROM ${p1} WHERE NOT ${IS_GOOD}`))!.n);
    await db.exec(
      `CREATE TABLE ${quoteIdent(table)} AS SELECT ${selectList('_pos + 1', columns)}
       FROM ${typedRelation(source, plan)} ${left > 0 ? `WHERE _pos NOT IN (SELECT _pos FROM ${p1} WHERE NOT ${IS_GOOD})` : ''}`,
      source.params,
    );
    return;
  }
  let aligned = `SELECT ${pos.k()} AS _src, _h, ${IS_GOOD} AS _keep FROM ${p1}`;
  if (pos.gaps) {
    await db.exec(`CREATE TEMP TABLE ${scratch.table('aligned')} AS
      SELECT _src, _h, _keep FROM (${pos.withSource(`SELECT ${pos.k()} AS _k, _h, ${IS_GOOD} AS _keep FROM ${p1}`)}) ORDER BY _k`);
    aligned = `SELECT _src, _h, _keep FROM ${scratch.table('aligned')}`;
  }
  await db.exec(
    `CREATE TABLE ${quoteIdent(table)} AS SELECT ${selectList('p._src', columns)}
     FROM ${typedRelation(source, plan)} c POSITIONAL JOIN (${aligned}) p WHERE ${alignedWith(plan, 'p')} AND p._keep`,
    source.params,
  );
}
