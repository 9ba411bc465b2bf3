import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { pageByRow } from '../../../src/api/handlers/explorer-handlers.ts';
import { AssayService } from '../../../src/api/service.ts';
import { CaseDb, quoteIdent } from '../../../src/case/index.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';
import { tempDir } from '../../helpers/temp.ts';

/**
 * log.page in the log's own order finds a page by `_row` ranges, not OFFSET (see pageByRow). Checked against the
 * matching rows listed whole by one plain ORDER BY "_row", sliced in JS, at every offset that meets a bucket edge.
 */
const owner = { user: 'olga', role: 'owner' as const };
const dir = tempDir();
const path = join(dir, 'paging.assay');

before(async () => {
  const s = new AssayService(path);
  await s.call('case.create', {}, owner);
  await s.call('package.import', { path: demoPackage('credit-logreg') }, owner);
  await s.call('log.import', { path: demoLog('decisions-clean.csv'), package: 'credit-logreg@1.0.0', name: 'clean' }, owner);
  // rows without an id are quarantined, leaving gaps in _row: every 37th, and a run of 12 across a bucket edge of 64
  const lines = readFileSync(demoLog('decisions-clean.csv'), 'utf8').trimEnd().split('\n');
  const gappy = lines.map((l, i) => (i > 0 && (i % 37 === 0 || (i >= 120 && i < 132)) ? l.replace(/^[^,]*/, '') : l));
  writeFileSync(join(dir, 'gappy.csv'), `${gappy.join('\n')}\n`);
  const r = await s.call('log.import', { path: join(dir, 'gappy.csv'), package: 'credit-logreg@1.0.0', name: 'gappy' }, owner);
  assert.ok(r.quarantined >= 30, `rows quarantined: ${r.quarantined}`);
  await s.close();
});

async function withDb<T>(fn: (db: CaseDb) => Promise<T>): Promise<T> {
  const db = await CaseDb.open(path);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

test('a page by _row ranges is the slice of the matching rows in _row order, with or without gaps and filters', async () => {
  await withDb(async (db) => {
    for (const log of ['clean', 'gappy']) {
      const table = quoteIdent(String((await db.queryOne<{ t: string }>('SELECT table_name AS t FROM logs WHERE name = $1', [log]))!.t));
      const span = (await db.queryOne<{ lo: number; hi: number; n: number }>(`SELECT min("_row") AS lo, max("_row") AS hi, count(*) AS n FROM ${table}`))!;
      assert.equal(Number(span.hi) - Number(span.lo) + 1 > Number(span.n), log === 'gappy', `${log}: gaps in _row`);
      const views: [string, (string | number)[]][] = [['', []], ['WHERE CAST("sex" AS VARCHAR) = $1', ['female']], ['WHERE "score" >= $1 AND "decision" = $2', [0.3, 0]]];
      for (const [where, params] of views) {
        const all = (await db.query<{ _row: number }>(`SELECT "_row" FROM ${table} ${where}`, params)).map((r) => Number(r._row)).sort((a, b) => a - b);
        assert.ok(all.length > 20, `${log} ${where}: enough rows`);
        for (const bucket of [1, 7, 64, 8192]) {
          const edges = new Set<number>([0, 1, all.length - 1, all.length, all.length + 3]);
          for (let i = 0; i < all.length; i++) if (i === 0 || Math.floor(all[i]! / bucket) !== Math.floor(all[i - 1]! / bucket)) for (const d of [-1, 0, 1]) edges.add(Math.max(0, i + d));
          const offsets = [...edges].filter((_, i) => bucket > 7 || i % 11 === 0);
          for (const offset of offsets) {
            for (const limit of [1, 13, 200]) {
              const page = await pageByRow(db, table, where, params, offset, limit, bucket);
              assert.equal(page.total, all.length, `${log} ${where} total`);
              assert.deepEqual(page.rows.map((r) => Number(r._row)), all.slice(offset, offset + limit), `${log} ${where} bucket ${bucket} offset ${offset} limit ${limit}`);
            }
          }
        }
      }
    }
  });
});

test('the chart aggregates match a count of the rows themselves', async () => {
  const s = new AssayService(path);
  try {
    for (const args of [{}, { filters: [{ column: 'sex', op: 'eq' as const, value: 'female' }] }]) {
      const head = await s.call('log.page', { log: 'gappy', limit: 10_000, summary: true, ...args }, owner);
      assert.equal(head.rows.length, head.total);
      const months = new Map<string, number>();
      const bins: Record<string, number[]> = {};
      for (const r of head.rows) {
        const key = `${String(r.timestamp).slice(0, 7)} ${r.decision === null ? 'null' : String(r.decision)}`;
        months.set(key, (months.get(key) ?? 0) + 1);
        if (r.score === null) continue;
        const d = r.decision === null ? 'null' : String(r.decision);
        bins[d] ??= new Array<number>(20).fill(0);
        bins[d][Math.min(19, Math.max(0, Math.floor((r.score as number) * 20)))]! += 1;
      }
      assert.ok(String(head.rows[0]!.timestamp).endsWith('Z'), 'timestamps are UTC ISO strings, so their first 7 characters are the UTC month');
      const expected = [...months.entries()].map(([k, count]) => ({ month: k.split(' ')[0]!, decision: k.split(' ')[1] === 'null' ? null : Number(k.split(' ')[1]), count }));
      expected.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : (a.decision ?? Infinity) - (b.decision ?? Infinity)));
      assert.deepEqual(head.summary!.monthly, expected);
      assert.deepEqual(head.summary!.scoreCounts, bins);
    }
  } finally {
    await s.close();
  }
});
