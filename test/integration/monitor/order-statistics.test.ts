import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CaseDb } from '../../../src/case/index.ts';
import { exactQuantiles, orderStatistics } from '../../../src/monitor/order-statistics.ts';
import { DECILES } from '../../../src/monitor/drift-sql.ts';
import { tempDir } from '../../helpers/temp.ts';

/** Issue 8: the bucketed order statistics are the exact ones (against a full sort) and give quantile_cont's deciles. */
const dir = tempDir('assay-order-stats-');
const dbPromise = CaseDb.create(join(dir, 'o.assay'), 'order statistics', 'test');
after(async () => (await dbPromise).close());

// pseudo-random uniforms from DuckDB's hash of the row number (deterministic)
const U = '(hash(range) % 1000003) / 1000003.0';
const U2 = '(hash(range + 7919) % 999983) / 999983.0';
const DISTRIBUTIONS: Record<string, string> = {
  uniform: U,
  // nearly all mass in a sliver of the range: one far outlier stretches the buckets
  skewed: `CASE WHEN ${U} < 0.0005 THEN 1e6 ELSE 0.5 + ${U2} * 1e-3 END`,
  ties: `floor(${U} * 7) - 3`,
  negative: `-exp(${U} * 10)`,
  missing: `CASE WHEN ${U} < 0.3 THEN NULL ELSE ${U2} * 100 - 50 END`,
  constant: '2.5',
};

test('exactQuantiles equals quantile_cont to the last bits (uniform, skewed with an outlier, ties, negative, missing, constant)', async () => {
  const db = await dbPromise;
  for (const [name, expr] of Object.entries(DISTRIBUTIONS)) {
    await db.exec(`CREATE OR REPLACE TABLE t_${name} AS SELECT CAST(${expr} AS DOUBLE) AS v, range % 2 AS side FROM range(120000)`);
    for (const where of ['', ' WHERE side = 1']) {
      const from = `FROM t_${name}${where}`;
      const ours = await exactQuantiles(db, 'v', from, {}, DECILES);
      const theirs = ((await db.queryOne<{ q: number[] }>(`SELECT quantile_cont(v, [${DECILES.join(', ')}]) AS q ${from}`))!.q ?? []).map(Number);
      // the order statistics are DuckDB's own; the interpolation lo + (hi − lo)·d may round differently in the last bit
      assert.equal(ours?.length, theirs.length, `${name}${where}`);
      ours!.forEach((q, k) => assert.ok(Math.abs(q - theirs[k]!) <= 4 * Number.EPSILON * Math.max(1, Math.abs(q)), `${name}${where} decile ${k + 1}: ${q} vs ${theirs[k]}`));
    }
  }
});

test('orderStatistics gives every rank asked, and declines (null) for NaN', async () => {
  const db = await dbPromise;
  for (const [name, expr] of Object.entries(DISTRIBUTIONS)) {
    await db.exec(`CREATE OR REPLACE TABLE s_${name} AS SELECT CAST(${expr} AS DOUBLE) AS v FROM range(50000)`);
    const sorted = (await db.query<{ v: number }>(`SELECT v FROM s_${name} WHERE v IS NOT NULL ORDER BY v`)).map((r) => Number(r.v));
    const ranks = [0, 1, 2, 99, 4_999, 12_345, Math.floor(sorted.length / 2), sorted.length - 2, sorted.length - 1];
    const os = await orderStatistics(db, 'v', `FROM s_${name}`, {}, () => ranks);
    assert.ok(os);
    assert.equal(os.n, sorted.length);
    for (const r of ranks) assert.equal(os.at.get(r), sorted[r], `${name} rank ${r}`);
  }
  await db.exec("CREATE OR REPLACE TABLE t_nan AS SELECT CASE WHEN range = 5 THEN 'NaN'::DOUBLE ELSE range END AS v FROM range(5000)");
  assert.equal(await orderStatistics(db, 'v', 'FROM t_nan', {}, () => [0]), null);
  const empty = await orderStatistics(db, 'v', 'FROM t_nan WHERE v < -1', {}, () => []);
  assert.deepEqual(empty, { n: 0, at: new Map() });
});
