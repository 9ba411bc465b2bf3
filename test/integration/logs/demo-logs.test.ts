import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importLog, importReferenceData } from '../../../src/logs/index.ts';
import { manifestSchema, type Manifest } from '../../../src/packages/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { openCase, quarantineOf, tableOf } from './helpers.ts';

const DEMO = resolve('fixtures/demo');
const dir = tempDir('assay-logs-demo-');
const present = existsSync(join(DEMO, 'logs')) && existsSync(join(DEMO, 'packages'));

function manifestOf(id: string): Manifest {
  return manifestSchema.parse(JSON.parse(readFileSync(join(DEMO, 'packages', id, 'assay-package.json'), 'utf8')));
}

const LOGS: [file: string, pkg: string, format: string][] = [
  ['decisions-clean.csv', 'credit-logreg', 'csv'],
  ['decisions-tampered.csv', 'credit-logreg', 'csv'],
  ['decisions-drifted.parquet', 'credit-logreg', 'parquet'],
  ['decisions-gbm.ndjson', 'credit-gbm', 'ndjson'],
];

test('every demo log imports with its package: 1000 rows, nothing quarantined, every feature mapped', { skip: !present && 'fixtures/demo is not generated' }, async () => {
  const files = LOGS.map(([f]) => join(DEMO, 'logs', f));
  const db = await openCase(dir, files);
  for (const [file, pkg, format] of LOGS) {
    const manifest = manifestOf(pkg);
    const r = await importLog(db, { path: join(DEMO, 'logs', file), packageRef: `${manifest.id}@${manifest.version}`, manifest, user: 'tester', personal: ['applicant_id'] });
    assert.equal(r.format, format, file);
    assert.equal(r.rows, 1000, file);
    assert.equal(r.quarantined, 0, `${file}: ${JSON.stringify(await quarantineOf(db, r.log))}`);
    assert.deepEqual(r.unseenValues, {}, file);
    assert.deepEqual(r.personalColumns, ['applicant_id'], file);
    assert.deepEqual(r.extraColumns, ['applicant_id'], file);
    for (const f of manifest.features) {
      assert.equal(r.mapping[f.name], format === 'ndjson' ? `applicant.${f.name}` : f.name, `${file}: ${f.name}`);
    }
    assert.equal(r.mapping.sex, 'sex');
    assert.equal(r.mapping.age_group, 'age_group');
    assert.deepEqual(r.warnings, [], file);
    const rows = await tableOf(db, r);
    assert.deepEqual(rows.map((x) => x._row), Array.from({ length: 1000 }, (_, i) => i + 1), file);
    assert.ok(rows.every((x) => x.decision === (Number(x.score) >= manifest.threshold ? 1 : 0)), `${file}: decisions follow the scores`);
    assert.ok(r.timestampRange.from!.startsWith('2024-01-0') && r.timestampRange.to!.startsWith('2025-12-'), `${file}: ${JSON.stringify(r.timestampRange)}`);
  }
  await db.close();
});

test('the tampered demo log is imported with the altered scores as logged', { skip: !present && 'fixtures/demo is not generated' }, async () => {
  const path = join(DEMO, 'logs', 'decisions-tampered.csv');
  const truth = JSON.parse(readFileSync(join(DEMO, 'logs', 'decisions-tampered.truth.json'), 'utf8')) as { tampered: { decisionId: string; logged: number }[] };
  const db = await openCase(dir, [path]);
  const manifest = manifestOf('credit-logreg');
  const r = await importLog(db, { path, packageRef: 'credit-logreg@1.0.0', manifest, user: 'tester' });
  for (const t of truth.tampered) {
    const row = await db.queryOne<{ score: number }>(`SELECT score FROM "${r.table}" WHERE decision_id = $1`, [t.decisionId]);
    assert.equal(row?.score, t.logged, t.decisionId);
  }
  await db.close();
});

test('the demo packages\' reference data imports as a typed table', { skip: !present && 'fixtures/demo is not generated' }, async () => {
  const path = join(DEMO, 'packages', 'credit-logreg', 'reference.csv');
  const db = await openCase(dir, [path]);
  const manifest = manifestOf('credit-logreg');
  assert.deepEqual(await importReferenceData(db, 'ref_credit_logreg', path, 'csv', manifest), { rows: 200 });
  const types = await db.query<{ n: string; t: string }>("SELECT column_name AS n, data_type AS t FROM information_schema.columns WHERE table_name = 'ref_credit_logreg'");
  for (const f of manifest.features) assert.equal(types.find((c) => c.n === f.name)?.t, f.type === 'numeric' ? 'DOUBLE' : 'VARCHAR', f.name);
  await db.close();
});
