import type { CaseDb } from '../case/index.ts';
import type { Positions } from './positions.ts';
import type { Scratch } from './scratch.ts';
import { IS_QUARANTINED, Q_DETAIL, Q_ID, Q_RAW, REASON_NAME } from './verdict.ts';

/** Moves the first pass's quarantined rows and the reader's rejected lines into the case's `quarantine` table. */
export async function fillQuarantine(db: CaseDb, logName: string, scratch: Scratch, pos: Positions, rejected: number): Promise<void> {
  const rows = pos.withSource(`SELECT ${pos.k()} AS _k, ${REASON_NAME} AS _r, _q FROM ${scratch.table('p1')} WHERE ${IS_QUARANTINED}`);
  await db.exec(`INSERT INTO quarantine SELECT $log, _src, ${Q_ID}, _r, ${Q_DETAIL}, ${Q_RAW} FROM (${rows})`, { log: logName });
  if (rejected > 0) {
    await db.exec(
      `INSERT INTO quarantine SELECT $log, _src, NULL, 'unparseable_row', _types || ': ' || _message, json_object('line', _line)
       FROM ${scratch.table('rejected')}`,
      { log: logName },
    );
  }
}

export async function quarantineCounts(db: CaseDb, logName: string): Promise<Record<string, number>> {
  const rows = await db.query<{ reason: string; n: number }>(
    'SELECT reason, count(*) AS n FROM quarantine WHERE log_name = $log GROUP BY reason ORDER BY reason',
    { log: logName },
  );
  return Object.fromEntries(rows.map((r) => [r.reason, Number(r.n)]));
}
