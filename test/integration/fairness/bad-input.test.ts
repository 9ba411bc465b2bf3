import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { AssayError } from '../../../src/api/errors.ts';
import { analyseLog, type AnalyseOptions } from '../../../src/fairness/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { caseWithLogs, randomLog, runner, writeCsv } from './synthetic-log.ts';
import type { CaseDb } from '../../../src/case/index.ts';

const dir = tempDir('assay-fairness-bad-');
const base = randomLog(5, 300);
const dupCsv = join(dir, 'dup.csv');
writeCsv(dupCsv, ['decision_id', 'region'], [{ decision_id: 'd1', region: 'n' }, { decision_id: 'd1', region: 's' }, { decision_id: 'd2', region: 's' }]);
const noIdCsv = join(dir, 'noid.csv');
writeFileSync(noIdCsv, 'id,region\nd1,n\n');
const dbPromise: Promise<CaseDb> = caseWithLogs(dir, 'bad', {
  good: base,
  onegroup: base.map((r) => ({ ...r, sex: 'male' })),
  nullsex: base.map((r) => ({ ...r, sex: null })),
  nooutcome: base.map((r) => ({ ...r, outcome: null })),
  allzero: base.map((r) => ({ ...r, decision: 0 as const })),
}, [dupCsv, noIdCsv]);
after(async () => (await dbPromise).close());

function options(table: string, extra: Partial<AnalyseOptions> = {}): AnalyseOptions {
  return { log: { name: table, table }, attributes: ['sex'], favorable: 1, packageReferences: { sex: 'male' }, features: [], consistencyLimit: 0, ...extra };
}

async function rejects(p: Promise<unknown>, code: string, mentions: string[]): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AssayError, String(e));
    assert.equal(e.code, code, e.message);
    for (const m of mentions) assert.ok(e.message.includes(m), `"${e.message}" should mention ${m}`);
    return;
  }
  assert.fail(`expected ${code}`);
}

test('an attribute that does not exist: NOT_FOUND naming it and listing the columns', async () => {
  const db = await dbPromise;
  await rejects(analyseLog(runner(db), options('good', { attributes: ['race', 'religion'] })), 'NOT_FOUND', ['"religion"', '"good"', 'decision_id, score, decision, outcome, sex, race, age, income, purpose']);
});

test('one group only, or no value at all: BAD_ARGUMENT naming the attribute', async () => {
  const db = await dbPromise;
  await rejects(analyseLog(runner(db), options('onegroup')), 'BAD_ARGUMENT', ['"sex"', 'single group', 'male']);
  await rejects(analyseLog(runner(db), options('nullsex')), 'BAD_ARGUMENT', ['"sex"', 'no value in any row']);
});

test('an absent reference group: NOT_FOUND naming it and the groups (given, or from the package)', async () => {
  const db = await dbPromise;
  await rejects(analyseLog(runner(db), options('good', { reference: 'other' })), 'NOT_FOUND', ['"other"', 'female, male', '--reference']);
  await rejects(analyseLog(runner(db), options('good', { packageReferences: { sex: 'M' } })), 'NOT_FOUND', ["package's reference", '"M"']);
});

test('no outcome values: outcome metrics null and flagged, with a warning, not an error', async () => {
  const db = await dbPromise;
  const r = await analyseLog(runner(db), options('nooutcome'));
  assert.ok(r.groups.every((g) => g.flags.includes('no_outcomes') && g.truePositiveRate === null && g.auc === null));
  assert.equal(r.betweenGroups.equalizedOddsDifference, null);
  assert.equal(r.datasetWide.theilIndex, null);
  assert.notEqual(r.betweenGroups.demographicParityDifference, null);
  assert.ok(r.warnings.some((w) => w.includes('no observed outcome in any row')));
});

test('a favorable value that never occurs: a warning naming it, disparate impact undefined', async () => {
  const db = await dbPromise;
  const r = await analyseLog(runner(db), options('allzero'));
  assert.ok(r.warnings.some((w) => w.includes('favorable outcome 1') && w.includes('--favorable')));
  assert.equal(r.vsReference.female!.disparateImpact, null);
  assert.ok(r.groups[0]!.flags.includes('undefined:vsReference.disparateImpact'));
  const flipped = await analyseLog(runner(db), options('allzero', { favorable: 0 }));
  assert.ok(flipped.warnings.some((w) => w.includes('Every decision')));
  assert.equal(flipped.vsReference.female!.disparateImpact, 1);
});

test('bins on a text attribute, bins for an attribute not analysed, and bad attribute files are refused', async () => {
  const db = await dbPromise;
  await rejects(analyseLog(runner(db), options('good', { bins: { sex: [1] } })), 'BAD_ARGUMENT', ['"sex"', '--bins']);
  await rejects(analyseLog(runner(db), options('good', { bins: { age: [30] } })), 'BAD_ARGUMENT', ['"age"', 'not among']);
  await rejects(analyseLog(runner(db), options('good', { attributes: ['region'], attributesFile: dupCsv })), 'BAD_ARGUMENT', ['d1', '2 times']);
  await rejects(analyseLog(runner(db), options('good', { attributes: ['region'], attributesFile: noIdCsv })), 'BAD_ARGUMENT', ['decision_id', 'noid.csv']);
});

test('cancellation stops the analysis with CANCELLED', async () => {
  const db = await dbPromise;
  const controller = new AbortController();
  controller.abort();
  await rejects(analyseLog(runner(db), options('good', { signal: controller.signal })), 'CANCELLED', ['cancelled']);
});
