import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CaseDb } from '../../../src/case/index.ts';
import { bucketedNumeric } from '../../../src/monitor/bucketed-ecdf.ts';
import { sortedNumericSql } from '../../../src/monitor/value-counts-sql.ts';
import { DECILES } from '../../../src/monitor/drift-sql.ts';
import type { Covered, MonitorLog, Side } from '../../../src/monitor/types.ts';
import { tempDir } from '../../helpers/temp.ts';
import { quantile } from './helpers.ts';

/**
 * Issue 8: drift of a near-continuous column from buckets and a few read buckets equals the brute force — both sides'
 * values sorted in JavaScript, KS and Wasserstein-1 walked over the merged ECDFs, quantile_cont's deciles, the bins.
 */
const dir = tempDir('assay-bucketed-ecdf-');
const dbPromise = CaseDb.create(join(dir, 'b.assay'), 'bucketed ecdf', 'test');
after(async () => (await dbPromise).close());

const U = (salt: number) => `((hash(range * 7 + ${salt}) % 1000003) / 1000003.0)`;
/** Rows 0..n−1: the first half in 2024 (reference), the second in 2025 (current); v drawn as given per side. */
const CASES: Record<string, { ref: string; cur: string }> = {
  'shifted uniform': { ref: U(1), cur: `${U(2)} * 0.9 + 0.08` },
  'same distribution (D changes sign often)': { ref: U(3), cur: U(4) },
  'skewed with outliers': { ref: `CASE WHEN ${U(5)} < 0.001 THEN 1e4 ELSE 0.9 + ${U(6)} * 0.01 END`, cur: `CASE WHEN ${U(7)} < 0.001 THEN -50 ELSE 0.9 + ${U(8)} * 0.012 END` },
  'heavy ties': { ref: `round(${U(9)} * 200) / 200`, cur: `round(${U(10)} * 150) / 150` },
  'missing values': { ref: `CASE WHEN ${U(11)} < 0.2 THEN NULL ELSE ${U(12)} END`, cur: `CASE WHEN ${U(13)} < 0.4 THEN NULL ELSE ${U(14)} ^ 2 END` },
};
const N = 60_000;
const column: Covered = { name: 'v', type: 'numeric', role: 'extra' };
const reference: Side = { kind: 'log', from: null, to: '2025-01-01T00:00:00Z' };
const current: Side = { kind: 'log', from: '2025-01-01T00:00:00Z', to: null };

function bruteForce(a: number[], b: number[]) {
  const all = [...a.map((v) => ({ v, s: 0 })), ...b.map((v) => ({ v, s: 1 }))].sort((x, y) => x.v - y.v);
  let c0 = 0, c1 = 0, ks = 0, w = 0;
  for (let i = 0; i < all.length; i++) {
    if (all[i]!.s === 0) c0++;
    else c1++;
    if (i + 1 < all.length && all[i + 1]!.v === all[i]!.v) continue;
    const d = Math.abs(c0 / a.length - c1 / b.length);
    ks = Math.max(ks, d);
    if (i + 1 < all.length) w += d * (all[i + 1]!.v - all[i]!.v);
  }
  const sorted = [...a].sort((x, y) => x - y);
  const edges = [...new Set(DECILES.map((q) => quantile(sorted, q)))].sort((x, y) => x - y);
  const bin = (v: number) => edges.filter((e) => v > e).length;
  const count = (xs: number[]) => {
    const out = new Array<number>(edges.length + 1).fill(0);
    for (const v of xs) out[bin(v)]!++;
    return out;
  };
  return { ks, w, edges, ref: count(a), cur: count(b) };
}

test('bucketed KS, Wasserstein-1, deciles and bins equal the brute force (shift, no drift, outliers, ties, missing)', async () => {
  const db = await dbPromise;
  for (const [name, c] of Object.entries(CASES)) {
    await db.exec(`CREATE OR REPLACE TABLE log_t AS SELECT TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(CAST(range AS BIGINT) * (2 * 365 * 86400 // ${N})) AS "timestamp",
      CAST(CASE WHEN range < ${N / 2} THEN ${c.ref} ELSE ${c.cur} END AS DOUBLE) AS v FROM range(${N})`);
    const rows = await db.query<{ early: boolean; v: number | null }>(`SELECT "timestamp" < TIMESTAMPTZ '2025-01-01 00:00:00+00' AS early, v FROM log_t WHERE v IS NOT NULL`);
    const a = rows.filter((r) => r.early).map((r) => Number(r.v));
    const b = rows.filter((r) => !r.early).map((r) => Number(r.v));
    const log: MonitorLog = { name: 't', table: 'log_t', packageRef: 'p@1', sourceSha256: '', columns: [{ name: 'v', type: 'DOUBLE', role: 'extra' }], personal: [], loggedThreshold: 0.5 };
    const all = [...a, ...b];
    const got = await bucketedNumeric(db, reference, current, log, column, a.length, b.length, Math.min(...all), Math.max(...all));
    assert.ok(got, name);
    const want = bruteForce(a, b);
    assert.ok(Math.abs(got.ks - want.ks) <= 1e-15, `${name}: KS ${got.ks} vs ${want.ks}`);
    assert.ok(Math.abs(got.wasserstein - want.w) <= 1e-9 * Math.max(1, want.w), `${name}: W1 ${got.wasserstein} vs ${want.w}`);
    assert.equal(got.edges.length, want.edges.length, name);
    got.edges.forEach((e, k) => assert.ok(Math.abs(e - want.edges[k]!) <= 4 * Number.EPSILON * Math.max(1, Math.abs(e)), `${name}: edge ${k}`));
    assert.deepEqual(got.ref, want.ref, `${name}: reference bins`);
    assert.deepEqual(got.cur, want.cur, `${name}: current bins`);
    // the fallback (NaN, or an edge in too full a bucket): one sort of every value gives the same KS and Wasserstein-1
    const q = sortedNumericSql(reference, current, log, column, a.length, b.length, []);
    const sorted = (await db.query<{ ks: number; w1: number }>(q.sql, q.params))[0]!;
    assert.ok(Math.abs(sorted.ks - want.ks) <= 1e-15, `${name}: sorted KS ${sorted.ks} vs ${want.ks}`);
    assert.ok(Math.abs(sorted.w1 - want.w) <= 1e-9 * Math.max(1, want.w), `${name}: sorted W1`);
  }
});

test('a column holding NaN is left to the full sort (bucketedNumeric declines)', async () => {
  const db = await dbPromise;
  await db.exec(`CREATE OR REPLACE TABLE log_t AS SELECT TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(CAST(range AS BIGINT) * 1000) AS "timestamp",
    CASE WHEN range = 7 THEN 'NaN'::DOUBLE ELSE range / 3.0 END AS v FROM range(${N})`);
  const log: MonitorLog = { name: 't', table: 'log_t', packageRef: 'p@1', sourceSha256: '', columns: [{ name: 'v', type: 'DOUBLE', role: 'extra' }], personal: [], loggedThreshold: 0.5 };
  assert.equal(await bucketedNumeric(db, reference, current, log, column, N / 2, N / 2, 0, N / 3), null);
});
