import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../../helpers/temp.ts';
import { csvFile, importFile, openCase, quarantineOf } from './helpers.ts';

const dir = tempDir('assay-logs-large-');
/** Enough bytes (~70 MB) for DuckDB to read the file in parallel chunks, which is where row order can get lost. */
const ROWS = 600_000;

/** Line i (1-based source row) holds decision id `d<i>`, so that a row's `_row` can be checked against its id. */
function lines(garbageAt: number[]): string[] {
  const out: string[] = [];
  for (let i = 1; i <= ROWS; i++) {
    if (garbageAt.includes(i)) out.push('garbage line without enough fields');
    else out.push(`d${i},2024-01-01T00:00:00Z,credit,1.0.0,0.${i % 10}5,${i % 2 ? 'approve' : 'DECLINE'},${i % 3 === 0 ? '' : 'true'},${20 + (i % 50)},${['car', 'education', 'furniture'][i % 3]},${i}.5,${i % 2 ? 'male' : 'female'},padding-to-make-the-file-larger-${i}`);
  }
  return out;
}

async function checkRows(name: string, extra: string[], garbageAt: number[]) {
  const all = [...lines(garbageAt), ...extra];
  const path = csvFile(dir, name, all, 'decision_id,timestamp,model_id,model_version,score,decision,outcome,age,purpose,income,sex,note');
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  const check = await db.queryOne<{ n: number; ok: number; dec: number }>(
    `SELECT count(*) AS n, count(*) FILTER (_row = CAST(substr(decision_id, 2) AS BIGINT) AND income = _row + 0.5) AS ok,
       count(*) FILTER (decision = _row % 2) AS dec FROM "${r.table}"`,
  );
  assert.equal(check!.n, ROWS - garbageAt.length);
  assert.equal(check!.ok, check!.n, 'every row keeps its own source row number and values');
  assert.equal(check!.dec, check!.n);
  return { db, r };
}

test('source rows stay exact in a log DuckDB reads in parallel, with rejected lines (fast path)', async () => {
  const { db, r } = await checkRows('large-garbage.csv', [], [7, 300_001]);
  assert.deepEqual((await quarantineOf(db, r.log)).map((q) => [q.source_row, q.reason]), [[7, 'unparseable_row'], [300_001, 'unparseable_row']]);
  await db.close();
});

test('source rows stay exact in a log DuckDB reads in parallel, with a repeated id (slower path)', async () => {
  const { db, r } = await checkRows('large-dup.csv', ['d2,2024-01-01T00:00:00Z,credit,1.0.0,0.5,approve,,30,car,1,male,late repeat'], [450_000]);
  assert.deepEqual((await quarantineOf(db, r.log)).map((q) => [q.source_row, q.reason, q.detail]), [
    [450_000, 'unparseable_row', 'MISSING COLUMNS: Expected Number of Columns: 12 Found: 1'],
    [ROWS + 1, 'duplicate_id', 'decision id "d2" already appears at row 2'],
  ]);
  await db.close();
});
