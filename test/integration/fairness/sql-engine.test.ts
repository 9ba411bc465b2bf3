import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyseLog, type FairnessReport } from '../../../src/fairness/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { fairnessRow, type Row } from './row-by-row.ts';
import { caseWithLogs, randomLog, runner, writeCsv, type LogRow } from './synthetic-log.ts';
import type { CaseDb } from '../../../src/case/index.ts';

const dir = tempDir('assay-fairness-');
const TOLERANCE = 1e-12;
const SEEDS = [11, 22, 33, 44];
const logs = Object.fromEntries(SEEDS.map((s) => [`log_${s}`, randomLog(s, 500 + s * 10)]));
const attributesCsv = join(dir, 'attributes.csv');
writeCsv(attributesCsv, ['decision_id', 'ethnicity'], logs.log_11!.filter((r) => r._row % 7 !== 0).map((r) => ({ decision_id: r.decision_id, ethnicity: r.race })));
const dbPromise: Promise<CaseDb> = caseWithLogs(dir, 'engine', logs, [attributesCsv]);
after(async () => (await dbPromise).close());

const FEATURES = [{ name: 'income', type: 'numeric' as const }, { name: 'purpose', type: 'categorical' as const }, { name: 'age', type: 'numeric' as const }];

function same(actual: unknown, expected: unknown, path: string): void {
  if (expected === null || actual === null) {
    assert.equal(actual, expected, path);
    return;
  }
  if (typeof expected !== 'object') {
    if (typeof expected !== 'number') return assert.equal(actual, expected, path);
    assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= TOLERANCE, `${path}: ${String(actual)} vs ${expected}`);
    return;
  }
  for (const [k, v] of Object.entries(expected as Record<string, unknown>)) same((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
}

function compare(report: FairnessReport, rows: Row[], reference: string, fav: 0 | 1): void {
  const expected = fairnessRow(rows, reference, fav);
  assert.deepEqual(report.groups.map((g) => g.group).sort(), Object.keys(expected.groups).sort());
  for (const g of report.groups) same(g, expected.groups[g.group], `groups.${g.group}`);
  same(report.betweenGroups, expected.betweenGroups, 'betweenGroups');
  assert.deepEqual(Object.keys(report.vsReference).sort(), Object.keys(expected.vsReference).sort());
  same(report.vsReference, expected.vsReference, 'vsReference');
  same(report.datasetWide.theilIndex, expected.theilIndex, 'theilIndex');
}

function rowsBy(log: readonly LogRow[], key: (r: LogRow) => string | null): Row[] {
  return log.map((r) => ({ group: key(r), y: r.outcome, d: r.decision, s: r.score }));
}

const options = (table: string) => ({
  log: { name: table, table }, favorable: 1 as const, packageReferences: { sex: 'male', race: 'y' }, features: FEATURES, consistencyLimit: 0,
});

test('one attribute: the SQL engine equals the row-by-row implementation on random logs (4 seeds, 1e-12)', async () => {
  const db = await dbPromise;
  for (const s of SEEDS) {
    for (const fav of [1, 0] as const) {
      const report = await analyseLog(runner(db), { ...options(`log_${s}`), attributes: ['sex'], favorable: fav });
      assert.equal(report.reference, 'male');
      compare(report, rowsBy(logs[`log_${s}`]!, (r) => r.sex), 'male', fav);
      assert.equal(report.rows.missingAttribute, logs[`log_${s}`]!.filter((r) => r.sex === null).length);
    }
  }
});

test('intersections are named x|y in the order given, and the reference takes a combined value', async () => {
  const db = await dbPromise;
  for (const s of SEEDS.slice(0, 2)) {
    const report = await analyseLog(runner(db), { ...options(`log_${s}`), attributes: ['race', 'sex'], reference: 'y|male' });
    assert.equal(report.attribute, 'race|sex');
    assert.deepEqual(report.groups.map((g) => g.group), ['x|female', 'x|male', 'y|female', 'y|male', 'z|female', 'z|male']);
    compare(report, rowsBy(logs[`log_${s}`]!, (r) => (r.sex === null ? null : `${r.race}|${r.sex}`)), 'y|male', 1);
    const small = report.groups.filter((g) => g.flags.includes('small_group')).map((g) => g.group);
    assert.ok(small.includes('z|female'), small.join());
    // the package's references of both attributes make the default reference
    const byDefault = await analyseLog(runner(db), { ...options(`log_${s}`), attributes: ['race', 'sex'] });
    assert.equal(byDefault.reference, 'y|male');
  }
});

test('a numeric attribute by given edges: groups named by interval, in order', async () => {
  const db = await dbPromise;
  const name = (a: number | null) => (a === null ? null : a < 25 ? '(-inf,25)' : a < 35 ? '[25,35)' : a < 50 ? '[35,50)' : '[50,inf)');
  const report = await analyseLog(runner(db), { ...options('log_22'), attributes: ['age'], bins: { age: [25, 50, 35] }, reference: '[35,50)' });
  assert.deepEqual(report.groups.map((g) => g.group), ['(-inf,25)', '[25,35)', '[35,50)', '[50,inf)']);
  compare(report, rowsBy(logs.log_22!, (r) => name(r.age)), '[35,50)', 1);
  // without bins, 60 distinct ages are cut at their quartiles, with a warning naming the groups
  const quart = await analyseLog(runner(db), { ...options('log_22'), attributes: ['age'], reference: undefined, packageReferences: {} });
  assert.equal(quart.groups.length, 4);
  assert.ok(quart.warnings.some((w) => w.includes('quartiles')));
  assert.ok(quart.warnings.some((w) => w.includes('largest group')));
});

test('a protected attribute from a separate CSV joined by decision id', async () => {
  const db = await dbPromise;
  const report = await analyseLog(runner(db), { ...options('log_11'), attributes: ['ethnicity'], reference: 'y', attributesFile: attributesCsv });
  compare(report, rowsBy(logs.log_11!, (r) => (r._row % 7 === 0 ? null : r.race)), 'y', 1);
  assert.equal(report.rows.missingAttribute, logs.log_11!.filter((r) => r._row % 7 === 0).length);
  assert.ok(report.warnings.some((w) => w.includes('no value for ethnicity')));
});

test('duplicating every row leaves every rate (AUC included) unchanged; renaming the groups permutes them', async () => {
  const db = await dbPromise;
  await db.exec('CREATE TABLE doubled AS SELECT * FROM log_33 UNION ALL SELECT * FROM log_33');
  await db.exec("CREATE TABLE renamed AS SELECT * REPLACE (CASE sex WHEN 'male' THEN 'M' WHEN 'female' THEN 'A' END AS sex) FROM log_33");
  const once = await analyseLog(runner(db), { ...options('log_33'), attributes: ['sex'] });
  const twice = await analyseLog(runner(db), { ...options('doubled'), attributes: ['sex'] });
  once.groups.forEach((g, i) => {
    const h = twice.groups[i]!;
    assert.equal(h.count, 2 * g.count);
    same({ ...h, count: g.count, ci: null, flags: null }, { ...g, ci: null, flags: null }, `doubled.${g.group}`);
  });
  same(twice.betweenGroups, once.betweenGroups, 'doubled.betweenGroups');
  same(twice.vsReference, once.vsReference, 'doubled.vsReference');
  same(twice.datasetWide.theilIndex, once.datasetWide.theilIndex, 'doubled.theil');
  const renamed = await analyseLog(runner(db), { ...options('renamed'), attributes: ['sex'], reference: 'M' });
  assert.deepEqual(renamed.groups.map((g) => g.group), ['A', 'M']);
  same({ ...renamed.groups[0]!, group: 'female', flags: null }, { ...once.groups[0]!, flags: null }, 'renamed.female');
  same(renamed.vsReference.A, once.vsReference.female, 'renamed.vsReference');
  same(renamed.betweenGroups, once.betweenGroups, 'renamed.betweenGroups');
});

test('bootstrap through the engine is reproducible with its seed', async () => {
  const db = await dbPromise;
  const a = await analyseLog(runner(db), { ...options('log_44'), attributes: ['sex'], bootstrap: 200, seed: 5 });
  const b = await analyseLog(runner(db), { ...options('log_44'), attributes: ['sex'], bootstrap: 200, seed: 5 });
  assert.deepEqual(a.ci, b.ci);
  assert.deepEqual(a.groups.map((g) => g.ci), b.groups.map((g) => g.ci));
  const female = a.groups.find((g) => g.group === 'female')!;
  assert.ok(female.ci!.selectionRate![0] <= female.selectionRate! && female.selectionRate! <= female.ci!.selectionRate![1]);
});

test('threshold sweep: each point equals the row-by-row metrics of the log decided at score ≥ t', async () => {
  const db = await dbPromise;
  const thresholds = [0.72, 0.3, 0.5];
  const report = await analyseLog(runner(db), { ...options('log_22'), attributes: ['sex'], thresholds });
  assert.deepEqual(report.thresholdSweep!.map((p) => p.threshold), [0.3, 0.5, 0.72]);
  for (const point of report.thresholdSweep!) {
    const rows = logs.log_22!.map((r) => ({ group: r.sex, y: r.outcome, d: (r.score >= point.threshold ? 1 : 0) as 0 | 1, s: r.score }));
    const expected = fairnessRow(rows, 'male', 1);
    same(point.betweenGroups, expected.betweenGroups, `sweep ${point.threshold}`);
    for (const [g, v] of Object.entries(point.groups)) {
      same(v, { selectionRate: expected.groups[g]!.selectionRate, truePositiveRate: expected.groups[g]!.truePositiveRate, falsePositiveRate: expected.groups[g]!.falsePositiveRate }, `sweep ${point.threshold} ${g}`);
    }
    same(point.disparateImpact, { female: expected.vsReference.female!.disparateImpact, allOthers: expected.vsReference.allOthers!.disparateImpact }, 'DI');
  }
  assert.equal((await analyseLog(runner(db), { ...options('log_22'), attributes: ['sex'] })).thresholdSweep, null);
});
