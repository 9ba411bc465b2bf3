import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';

const dir = tempDir();

async function caseWith(name: string, ...packages: string[]): Promise<string> {
  const path = join(dir, `${name}.assay`);
  assert.equal((await cli('case', 'create', path)).code, 0);
  for (const p of packages) assert.equal((await cli('package', 'import', path, demoPackage(p))).code, 0, p);
  return path;
}

function csvRows(file: string): string[][] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(','));
}

test('log import of the demo CSV, Parquet and NDJSON logs answers {log, rows, quarantined} in JSON', async () => {
  const c = await caseWith('formats', 'credit-logreg', 'credit-gbm');
  const cases: [string, string, string][] = [
    ['decisions-clean.csv', 'credit-logreg@1.0.0', 'csv'],
    ['decisions-drifted.parquet', 'credit-logreg@1.0.0', 'parquet'],
    ['decisions-gbm.ndjson', 'credit-gbm@1.0.0', 'ndjson'],
  ];
  for (const [file, ref, format] of cases) {
    const r = await cli('log', 'import', c, demoLog(file), '--package', ref, '--personal', 'applicant_id', '--json');
    assert.equal(r.code, 0, r.stdout);
    const j = r.json();
    assert.equal(j.log, file.replace(/\.[^.]+$/, ''));
    assert.equal(j.rows, 1000, file);
    assert.equal(j.quarantined, 0, file);
    assert.equal(j.format, format);
    assert.deepEqual(j.personalColumns, ['applicant_id']);
    assert.equal(j.mapping.decision_id, 'decision_id');
  }
  const list = (await cli('log', 'list', c, '--json')).json();
  assert.equal(list.length, 3);
});

test('imported values equal the source file: ids, scores to the last digit, decisions mapped through the outcome labels', async () => {
  const c = await caseWith('values', 'credit-logreg');
  assert.equal((await cli('log', 'import', c, demoLog('decisions-clean.csv'), '--package', 'credit-logreg@1.0.0', '--name', 'clean')).code, 0);
  const page = (await cli('log', 'rows', c, '--log', 'clean', '--limit', '1000', '--json')).json();
  const [header, ...rows] = csvRows(demoLog('decisions-clean.csv'));
  const col = (name: string) => header!.indexOf(name);
  assert.equal(page.total, rows.length);
  rows.forEach((src, i) => {
    const got = page.rows[i];
    assert.equal(got.decision_id, src[col('decision_id')]);
    assert.equal(got.score, Number(src[col('score')]));
    assert.equal(got.decision, src[col('decision')] === 'approve' ? 1 : 0);
    assert.equal(got.outcome, src[col('outcome')] === '' ? null : Number(src[col('outcome')]));
    assert.equal(got.credit_amount, Number(src[col('credit_amount')]));
    assert.equal(got.foreign_worker, src[col('foreign_worker')], 'a yes/no categorical stays text, not a boolean');
    assert.equal(new Date(got.timestamp).toISOString().replace('.000Z', 'Z'), src[col('timestamp')]);
  });
});

test('the same log imported twice is refused, and so is a log name used twice', async () => {
  const c = await caseWith('twice', 'credit-logreg');
  assert.equal((await cli('log', 'import', c, demoLog('decisions-clean.csv'), '--package', 'credit-logreg@1.0.0')).code, 0);
  const again = await cli('log', 'import', c, demoLog('decisions-clean.csv'), '--package', 'credit-logreg@1.0.0', '--name', 'other', '--json');
  assert.equal(again.code, 2);
  assert.equal(again.json().error.code, 'LOG_DUPLICATE');
  const sameName = await cli('log', 'import', c, demoLog('decisions-tampered.csv'), '--package', 'credit-logreg@1.0.0', '--name', 'decisions-clean', '--json');
  assert.equal(sameName.code, 2);
  assert.equal(sameName.json().error.code, 'ALREADY_EXISTS');
});

test('--map maps a canonical field to a differently named column', async () => {
  const c = await caseWith('map', 'credit-logreg');
  const src = readFileSync(demoLog('decisions-clean.csv'), 'utf8').replace(/^decision_id,/, 'application_no,');
  const file = join(dir, 'renamed.csv');
  (await import('node:fs')).writeFileSync(file, src);
  const without = await cli('log', 'import', c, file, '--package', 'credit-logreg@1.0.0', '--json');
  assert.equal(without.code, 2);
  assert.equal(without.json().error.code, 'LOG_MISMATCH');
  const r = await cli('log', 'import', c, file, '--package', 'credit-logreg@1.0.0', '--map', 'decision_id=application_no', '--json');
  assert.equal(r.code, 0, r.stdout);
  assert.equal(r.json().mapping.decision_id, 'application_no');
  assert.equal(r.json().rows, 1000);
});
