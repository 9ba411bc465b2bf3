import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { analyseLog, sampleIndices, type AnalyseOptions } from '../../../src/fairness/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { caseWithLogs, randomLog, runner, type LogRow } from './synthetic-log.ts';
import type { CaseDb } from '../../../src/case/index.ts';

const dir = tempDir('assay-fairness-knn-');
const log = randomLog(77, 400);
const dbPromise: Promise<CaseDb> = caseWithLogs(dir, 'knn', { log });
after(async () => (await dbPromise).close());

const FEATURES: AnalyseOptions['features'] = [{ name: 'income', type: 'numeric' }, { name: 'purpose', type: 'categorical' }, { name: 'age', type: 'numeric' }, { name: 'not_in_log', type: 'numeric' }];
const options: AnalyseOptions = { log: { name: 'log', table: 'log' }, attributes: ['sex'], favorable: 1, packageReferences: { sex: 'male' }, features: FEATURES };

/** Independent AIF360-style consistency: standardised numbers, one-hot categories, brute-force 5-NN with the row first. */
function consistencyByHand(rows: readonly LogRow[]): number {
  const standardise = (values: (number | null)[]) => {
    const present = values.filter((v): v is number => v !== null);
    const mean = present.reduce((s, v) => s + v, 0) / present.length;
    const sd = Math.sqrt(present.reduce((s, v) => s + (v - mean) ** 2, 0) / present.length);
    return values.map((v) => (v === null ? 0 : (v - mean) / sd));
  };
  const income = standardise(rows.map((r) => r.income));
  const age = standardise(rows.map((r) => r.age));
  const x = rows.map((r, i) => [income[i]!, age[i]!, r.purpose === 'car' ? 1 : 0, r.purpose === 'education' ? 1 : 0, r.purpose === 'home' ? 1 : 0]);
  let total = 0;
  rows.forEach((r, i) => {
    const others = rows.map((_, j) => ({ j, d: x[i]!.reduce((s, v, t) => s + (v - x[j]![t]!) ** 2, 0) })).filter((o) => o.j !== i);
    others.sort((a, b) => a.d - b.d || a.j - b.j);
    const nn = [i, ...others.slice(0, 4).map((o) => o.j)];
    total += Math.abs(r.decision - nn.reduce((s, j) => s + rows[j]!.decision, 0) / 5);
  });
  return 1 - total / rows.length;
}

test('consistency equals an independent brute-force 5-NN on the encoded features (exact below the limit)', async () => {
  const db = await dbPromise;
  const r = await analyseLog(runner(db), options);
  assert.deepEqual(r.datasetWide.consistencyDetail, { rows: 400, sampled: false, seed: null, neighbours: 5 });
  assert.ok(Math.abs(r.datasetWide.consistency! - consistencyByHand(log)) < 1e-12, `${r.datasetWide.consistency} vs ${consistencyByHand(log)}`);
});

test('above the limit, consistency uses a documented, seeded sample', async () => {
  const db = await dbPromise;
  const a = await analyseLog(runner(db), { ...options, consistencyLimit: 100, seed: 4 });
  const b = await analyseLog(runner(db), { ...options, consistencyLimit: 100, seed: 4 });
  assert.deepEqual(a.datasetWide.consistencyDetail, { rows: 100, sampled: true, seed: 4, neighbours: 5 });
  assert.equal(a.datasetWide.consistency, b.datasetWide.consistency);
  // the sample is the rows at sampleIndices(n, 100, seed) in _row order, whether _row is dense or has gaps
  const picked = sampleIndices(400, 100, 4).map((i) => log[i]!);
  assert.ok(Math.abs(a.datasetWide.consistency! - consistencyByHand(picked)) < 1e-12);
  await db.exec('CREATE TABLE gaps AS SELECT * REPLACE (_row * 3 + 7 AS _row) FROM log');
  const g = await analyseLog(runner(db), { ...options, log: { name: 'gaps', table: 'gaps' }, consistencyLimit: 100, seed: 4 });
  assert.equal(g.datasetWide.consistency, a.datasetWide.consistency);
  const skipped = await analyseLog(runner(db), { ...options, consistencyLimit: 0 });
  assert.equal(skipped.datasetWide.consistency, null);
});

/** numpy.quantile (linear) of the present values. */
function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = q * (s.length - 1);
  return s[Math.floor(h)]! + (h - Math.floor(h)) * (s[Math.ceil(h)]! - s[Math.floor(h)]!);
}

function association(pairs: [string, string][]): { v: number; mi: number } {
  const rows = [...new Set(pairs.map((p) => p[0]))];
  const cols = [...new Set(pairs.map((p) => p[1]))];
  const n = pairs.length;
  const count = (a: string, b: string) => pairs.filter((p) => p[0] === a && p[1] === b).length;
  const ri = (a: string) => pairs.filter((p) => p[0] === a).length;
  const cj = (b: string) => pairs.filter((p) => p[1] === b).length;
  let chi2 = 0, mi = 0;
  for (const a of rows) {
    for (const b of cols) {
      const e = (ri(a) * cj(b)) / n;
      const o = count(a, b);
      chi2 += (o - e) ** 2 / e;
      if (o > 0) mi += (o / n) * Math.log((n * o) / (ri(a) * cj(b)));
    }
  }
  return { v: Math.sqrt(chi2 / (n * (Math.min(rows.length, cols.length) - 1))), mi };
}

test("proxies: Cramér's V and mutual information of each model input with the attribute, from SQL contingency tables", async () => {
  const db = await dbPromise;
  const r = await analyseLog(runner(db), { ...options, proxies: true, consistencyLimit: 0 });
  const withSex = log.filter((x) => x.sex !== null);
  const purpose = association(withSex.map((x) => [x.sex!, x.purpose!]));
  const p = r.proxies!.find((x) => x.feature === 'purpose')!;
  assert.equal(p.rows, withSex.length);
  assert.ok(Math.abs(p.cramersV! - purpose.v) < 1e-12 && Math.abs(p.mutualInformation - purpose.mi) < 1e-12);
  const edges = [...new Set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((q) => quantile(log.map((x) => x.income), q)))];
  const decile = (v: number) => String(edges.filter((e) => v > e).length);
  const income = association(withSex.map((x) => [x.sex!, decile(x.income)]));
  const i = r.proxies!.find((x) => x.feature === 'income')!;
  assert.ok(Math.abs(i.cramersV! - income.v) < 1e-12 && Math.abs(i.mutualInformation - income.mi) < 1e-12, `${i.cramersV} vs ${income.v}`);
  assert.ok(i.cramersV! > purpose.v, 'income was generated to depend on sex');
  assert.deepEqual(r.proxies!.map((x) => x.feature).sort(), ['age', 'income', 'purpose']);
  assert.ok(r.proxies!.every((x) => x.attribute === 'sex'));
});
