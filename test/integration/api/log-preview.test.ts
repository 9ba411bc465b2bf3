import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../../helpers/cli.ts';
import { caseFingerprint } from '../../helpers/case-fingerprint.ts';
import { tempDir } from '../../helpers/temp.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';

const dir = tempDir();

async function caseWithLogreg(): Promise<string> {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.assay`);
  assert.equal((await cli('case', 'create', path)).code, 0);
  assert.equal((await cli('package', 'import', path, demoPackage('credit-logreg'))).code, 0);
  return path;
}

test('log preview shows the first rows as they are in the file, the full mapping and the personal-looking columns, and changes nothing', async () => {
  const c = await caseWithLogreg();
  const before = await caseFingerprint(c);
  const r = await cli('log', 'preview', c, demoLog('decisions-clean.csv'), '--package', 'credit-logreg@1.0.0', '--limit', '5', '--json');
  assert.equal(r.code, 0, r.stderr);
  const p = r.json();
  const lines = readFileSync(demoLog('decisions-clean.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  assert.deepEqual(p.columns.map((col: { name: string }) => col.name), lines[0]);
  assert.equal(p.rows.length, 5);
  for (let i = 0; i < 5; i++) {
    assert.equal(p.rows[i].decision_id, lines[i + 1]![0]);
    assert.equal(Number(p.rows[i].credit_amount), Number(lines[i + 1]![lines[0]!.indexOf('credit_amount')]));
  }
  const required = p.fields.filter((f: { required: boolean }) => f.required).map((f: { name: string }) => f.name);
  assert.ok(required.includes('decision_id') && required.includes('credit_amount'));
  for (const f of p.fields) assert.equal(p.mapping[f.name], f.name, `${f.name} maps to its own column`);
  assert.deepEqual(p.personalSuggestions, ['applicant_id']);
  assert.equal(p.format, 'csv');
  assert.equal(await caseFingerprint(c), before);
});

test('a file missing a feature previews with that feature unmapped and says how to map it; --map fixes it', async () => {
  const c = await caseWithLogreg();
  const lines = readFileSync(demoLog('decisions-clean.csv'), 'utf8').trim().split('\n').slice(0, 4);
  const renamed = join(dir, 'renamed.csv');
  writeFileSync(renamed, [lines[0]!.replace('credit_amount', 'amount_eur'), ...lines.slice(1)].join('\n'));
  const r = await cli('log', 'preview', c, renamed, '--package', 'credit-logreg@1.0.0');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /credit_amount\s+feature\s+MISSING/);
  assert.match(r.stdout, /Not importable as is: no column for credit_amount/);
  const fixed = (await cli('log', 'preview', c, renamed, '--package', 'credit-logreg@1.0.0', '--map', 'credit_amount=amount_eur', '--json')).json();
  assert.equal(fixed.mapping.credit_amount, 'amount_eur');
  assert.equal(fixed.rows.length, 3);
});

test('bad input: a missing file, an unknown package, an unknown field in --map — each a sentence, the case unchanged', async () => {
  const c = await caseWithLogreg();
  const before = await caseFingerprint(c);
  const missing = await cli('log', 'preview', c, join(dir, 'nope.csv'), '--package', 'credit-logreg@1.0.0');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.csv/);
  const pkg = await cli('log', 'preview', c, demoLog('decisions-clean.csv'), '--package', 'other@1.0.0');
  assert.equal(pkg.code, 2);
  assert.match(pkg.stderr, /other@1\.0\.0/);
  const field = await cli('log', 'preview', c, demoLog('decisions-clean.csv'), '--package', 'credit-logreg@1.0.0', '--map', 'salary=credit_amount');
  assert.equal(field.code, 2);
  assert.match(field.stderr, /"salary" is not a field/);
  const noPackage = await cli('log', 'preview', c, demoLog('decisions-clean.csv'));
  assert.equal(noPackage.code, 2);
  assert.match(noPackage.stderr, /needs --package/);
  assert.equal(await caseFingerprint(c), before);
});
