import type { CaseDb } from '../case/index.ts';
import type { Positions } from './positions.ts';
import { typedRelation, type RowPlan } from './row-plan.ts';
import type { Scratch } from './scratch.ts';
import { paramsOf, type LogSource } from './source.ts';
import { IS_GOOD, IS_QUARANTINED, Q_ID, Q_RAW, reasonCode } from './verdict.ts';

/** A WHERE term that aborts the statement when a second scan of the source does not line up with the first pass. */
export function alignedWith(plan: RowPlan, alias: string): string {
  return `(CASE WHEN ${alias}._h IS DISTINCT FROM hash(${plan.id}) THEN error('Assay internal error: two scans of the log file did not yield the same rows; import it again') ELSE true END)`;
}

/** Good rows whose id hash occurs more than once, with their real id and raw record, read from the source again. */
function goodCandidates(source: LogSource, plan: RowPlan, scratch: Scratch, pos: Positions): string {
  const p1 = scratch.table('p1');
  const dupHashes = `(SELECT _h FROM ${scratch.table('dup_hashes')})`;
  if (source.positions === 'file') {
    return `SELECT c._pos + 1 AS _k, ${plan.id} AS _id, ${source.rawJson} AS _raw FROM ${typedRelation(source, plan)} c
      JOIN (SELECT _pos AS _ppos FROM ${p1} WHERE ${IS_GOOD} AND _h IN ${dupHashes}) p ON c._pos = p._ppos`;
  }
  return `SELECT p._k, ${plan.id} AS _id, ${source.rawJson} AS _raw FROM ${typedRelation(source, plan)} c
    POSITIONAL JOIN (SELECT ${pos.k()} AS _k, _h, ${IS_GOOD} AS _good FROM ${p1}) p
    WHERE ${alignedWith(plan, 'p')} AND p._good AND p._h IN ${dupHashes}`;
}

/**
 * Marks every later occurrence of a decision id as `duplicate_id` in the first-pass table (the first occurrence
 * keeps its own fate). Scope `quarantined` only looks among rows already quarantined (cheap: their ids are kept);
 * `all` also among good rows, grouping by id hash first so that only the few ids that occur twice are read again.
 * Returns the number of rows marked.
 */
export async function markDuplicates(db: CaseDb, source: LogSource, plan: RowPlan, scratch: Scratch, pos: Positions, scope: 'quarantined' | 'all'): Promise<number> {
  const p1 = scratch.table('p1');
  const withId = `${IS_QUARANTINED} AND ${Q_ID} IS NOT NULL`;
  let candidates: string;
  if (scope === 'quarantined') {
    candidates = `SELECT ${pos.k()} AS _k, ${Q_ID} AS _id, ${Q_RAW} AS _raw FROM ${p1}
      WHERE ${withId} AND ${Q_ID} IN (SELECT ${Q_ID} FROM ${p1} WHERE ${withId} GROUP BY 1 HAVING count(*) > 1)`;
  } else {
    await db.exec(`CREATE TEMP TABLE ${scratch.table('dup_hashes')} AS
      SELECT _h FROM ${p1} WHERE ${IS_GOOD} OR (${withId}) GROUP BY _h HAVING count(*) > 1`);
    const n = (await db.queryOne<{ n: number }>(`SELECT count(*) AS n FROM ${scratch.table('dup_hashes')}`))!.n;
    if (Number(n) === 0) return 0;
    candidates = `SELECT ${pos.k()} AS _k, ${Q_ID} AS _id, ${Q_RAW} AS _raw FROM ${p1} WHERE ${withId} AND _h IN (SELECT _h FROM ${scratch.table('dup_hashes')})
      UNION ALL ${goodCandidates(source, plan, scratch, pos)}`;
  }
  const create = `CREATE TEMP TABLE ${scratch.table('dup_rows')} AS ${candidates}`;
  await db.exec(create, paramsOf(create, source.params));
  await db.exec(`CREATE TEMP TABLE ${scratch.table('dup_later')} AS
    SELECT d._k, d._id, d._raw, f._src AS _first_src FROM ${scratch.table('dup_rows')} d
    JOIN (${pos.withSource(`SELECT _id, min(_k) AS _k FROM ${scratch.table('dup_rows')} GROUP BY _id HAVING count(*) > 1`)}) f
      ON d._id = f._id AND d._k > f._k`);
  const later = Number((await db.queryOne<{ n: number }>(`SELECT count(*) AS n FROM ${scratch.table('dup_later')}`))!.n);
  if (later > 0) {
    await db.exec(`UPDATE ${p1} SET _f = CAST((_f & 240) + ${reasonCode('duplicate_id')} AS UTINYINT),
        _q = json_object('d', 'decision id "' || left(d._id, 100) || '" already appears at row ' || d._first_src, 'id', d._id, 'raw', d._raw)
      FROM ${scratch.table('dup_later')} d WHERE ${pos.k(`${p1}.`)} = d._k`);
  }
  return later;
}
