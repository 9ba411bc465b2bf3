import { test } from 'node:test';
import assert from 'node:assert/strict';
import { previewLog, importReferenceData } from '../../../src/logs/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { caseState, cleanLines, columnTypes, csvFile, openCase, refused, testManifest, writeFile, writeParquet } from './helpers.ts';

const dir = tempDir('assay-logs-preview-');

test('previewLog shows format, columns, the first rows as written and the mapping, without changing the case', async () => {
  const path = csvFile(dir, 'preview.csv', ['garbage', ...cleanLines(30)], 'decision_id,timestamp,model_id,model_version,score,decision,outcome,age,goal,income,sex');
  const db = await openCase(dir, [path]);
  const before = await caseState(db);
  const p = await previewLog(db, path, testManifest(), { map: { purpose: 'goal' }, limit: 3 });
  assert.equal(p.format, 'csv');
  assert.deepEqual(p.columns.slice(0, 5), [
    { name: 'decision_id', type: 'VARCHAR' }, { name: 'timestamp', type: 'TIMESTAMP WITH TIME ZONE' }, { name: 'model_id', type: 'VARCHAR' },
    { name: 'model_version', type: 'VARCHAR' }, { name: 'score', type: 'DOUBLE' },
  ]);
  assert.equal(p.rows.length, 3);
  assert.deepEqual(p.rows[0], {
    decision_id: 'd1', timestamp: '2024-01-01T00:00:01Z', model_id: 'credit', model_version: '1.0.0', score: '0.37', decision: 'decline',
    outcome: '1', age: '21', goal: 'education', income: '1001', sex: 'male',
  });
  assert.equal(p.mapping.purpose, 'goal');
  assert.equal(p.mapping.decision_id, 'decision_id');
  const defaults = await previewLog(db, path, testManifest());
  assert.equal(defaults.rows.length, 20);
  assert.equal(defaults.mapping.purpose, null, 'an unmapped feature shows as null for the wizard to ask');
  assert.equal(await caseState(db), before);
  await db.close();
});

test('previewLog of NDJSON shows flattened columns and skips blank lines', async () => {
  const path = writeFile(dir, 'preview.ndjson', `\n${JSON.stringify({ decision_id: 'n1', applicant: { age: 3, purpose: 'car', income: 9 } })}\n`);
  const db = await openCase(dir, [path]);
  const p = await previewLog(db, path, testManifest());
  assert.equal(p.format, 'ndjson');
  assert.deepEqual(p.columns.map((c) => c.name), ['decision_id', 'applicant.age', 'applicant.purpose', 'applicant.income']);
  assert.deepEqual(p.rows, [{ decision_id: 'n1', 'applicant.age': '3', 'applicant.purpose': 'car', 'applicant.income': '9' }]);
  assert.equal(p.mapping.age, 'applicant.age');
  await db.close();
});

test('reference data becomes a typed table: features as DOUBLE/VARCHAR, other columns with their own type', async () => {
  const csv = csvFile(dir, 'reference.csv', ['30,car,100.5,1,x', '41,education,200,0,y'], 'age,purpose,income,label,note');
  const parquet = await writeParquet(dir, 'reference.parquet', "SELECT CAST(30 AS INTEGER) AS age, 'car' AS purpose, '7' AS income, true AS label");
  const db = await openCase(dir, [csv, parquet]);
  assert.deepEqual(await importReferenceData(db, 'ref_csv', csv, 'csv', testManifest()), { rows: 2 });
  assert.deepEqual(await columnTypes(db, 'ref_csv'), { age: 'DOUBLE', purpose: 'VARCHAR', income: 'DOUBLE', label: 'BIGINT', note: 'VARCHAR' });
  assert.deepEqual(await db.query('SELECT * FROM ref_csv ORDER BY age'), [
    { age: 30, purpose: 'car', income: 100.5, label: 1, note: 'x' }, { age: 41, purpose: 'education', income: 200, label: 0, note: 'y' },
  ]);
  assert.deepEqual(await importReferenceData(db, 'ref_pq', parquet, 'parquet', testManifest()), { rows: 1 });
  assert.deepEqual(await columnTypes(db, 'ref_pq'), { age: 'DOUBLE', purpose: 'VARCHAR', income: 'DOUBLE', label: 'BOOLEAN' });
  assert.deepEqual(await db.query('SELECT temporary FROM duckdb_tables() WHERE temporary'), []);
  await db.close();
});

test('reference data missing a feature, holding a non-number in a numeric feature, or an existing table is refused', async () => {
  const noIncome = csvFile(dir, 'ref-no-income.csv', ['30,car'], 'age,purpose');
  const badAge = csvFile(dir, 'ref-bad-age.csv', ['30,car,1', 'old,car,2'], 'age,purpose,income');
  const good = csvFile(dir, 'ref-good.csv', ['30,car,1'], 'age,purpose,income');
  const db = await openCase(dir, [noIncome, badAge, good]);
  await refused(db, () => importReferenceData(db, 'ref_a', noIncome, 'csv', testManifest()), 'PACKAGE_INVALID', ['"income"', 'ref-no-income.csv']);
  await refused(db, () => importReferenceData(db, 'ref_b', badAge, 'csv', testManifest()), 'PACKAGE_INVALID', ['"old"', '"age"']);
  await importReferenceData(db, 'ref_c', good, 'csv', testManifest());
  await refused(db, () => importReferenceData(db, 'ref_c', good, 'csv', testManifest()), 'ALREADY_EXISTS', ['"ref_c"']);
  await db.close();
});
