import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../../helpers/temp.ts';
import { columnTypes, importFile, openCase, quarantineOf, refused, tableOf, writeFile, writeParquet } from './helpers.ts';

const dir = tempDir('assay-logs-formats-');

test('a Parquet log keeps its types, is numbered by file row, and quarantines bad rows and repeated ids', async () => {
  const path = await writeParquet(dir, 'log.parquet', `
    SELECT 'p' || i AS decision_id, TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_hours(i) AS "timestamp", 'credit' AS model_id,
      (i % 10) / 10.0 AS score, i % 2 = 0 AS decision, CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 END AS outcome,
      CAST(20 + i AS INTEGER) AS age, CASE WHEN i = 7 THEN NULL ELSE ['car', 'education', 'furniture'][1 + i % 3] END AS purpose,
      CASE WHEN i = 5 THEN 'n/a' ELSE CAST(1000 + i AS VARCHAR) END AS income, 'male' AS sex, i * 1.5 AS extra_amount
    FROM range(1, 21) t(i)
    UNION ALL SELECT 'p3', TIMESTAMPTZ '2024-02-01 00:00:00+00', 'credit', 0.5, true, 1, 50, 'car', '1', 'male', 0`);
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.format, 'parquet');
  assert.equal(r.rows, 18);
  assert.deepEqual(r.quarantineReasons, { bad_value: 1, missing_value: 1, duplicate_id: 1 });
  const q = await quarantineOf(db, r.log);
  assert.deepEqual(q.map((x) => [x.source_row, x.decision_id, x.reason]), [[5, 'p5', 'bad_value'], [7, 'p7', 'missing_value'], [21, 'p3', 'duplicate_id']]);
  assert.equal(q[0]!.detail, 'feature "income": "n/a" is not a number');
  assert.equal(JSON.parse(q[1]!.raw!).age, 27, 'the raw record keeps the Parquet types');
  const types = await columnTypes(db, r.table);
  assert.equal(types.age, 'DOUBLE');
  assert.equal(types.income, 'DOUBLE');
  assert.equal(types.decision, 'INTEGER');
  assert.match(types.extra_amount!, /^DECIMAL/);
  const rows = await tableOf(db, r);
  assert.deepEqual(rows.slice(0, 3).map((x) => [x._row, x.decision_id, x.decision, x.outcome, x.income]), [
    [1, 'p1', 0, 1, 1001], [2, 'p2', 1, 0, 1002], [3, 'p3', 0, null, 1003],
  ]);
  assert.equal(rows[0]!.timestamp, '2024-01-01T01:00:00.000Z');
  await db.close();
});

test('an NDJSON log with nested objects is flattened, features found as applicant.<name>, bad lines quarantined, blank lines skipped', async () => {
  const record = (id: string, age: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({
    decision_id: id, timestamp: '2024-05-01T10:00:00+02:00', model_id: 'credit', score: 0.25, decision: 'decline', outcome: null,
    applicant: { age, purpose: 'car', income: 1200, address: { city: 'Bonn', zip: '53111' } }, sex: 'female', tags: ['a', 'b'], ...extra,
  });
  const lines = [
    record('n1', 34),
    '',
    record('n2', '41'),
    'this is not json',
    '[1, 2, 3]',
    record('n3', 'old'),
    record('n4', 50, { late_key: true }),
    '   ',
  ];
  const path = writeFile(dir, 'log.ndjson', lines.join('\n') + '\n');
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path, { personal: ['applicant.address.city'] });
  assert.equal(r.format, 'ndjson');
  assert.equal(r.mapping.age, 'applicant.age');
  assert.equal(r.mapping.purpose, 'applicant.purpose');
  assert.deepEqual(r.extraColumns, ['applicant.address.city', 'applicant.address.zip', 'tags', 'late_key']);
  assert.deepEqual(r.personalColumns, ['applicant.address.city']);
  assert.equal(r.rows, 3);
  const q = await quarantineOf(db, r.log);
  assert.deepEqual(q.map((x) => [x.source_row, x.reason]), [[4, 'unparseable_row'], [5, 'unparseable_row'], [6, 'bad_value']], 'a line of spaces is blank');
  assert.equal(q[0]!.detail, 'the line is not a JSON object: this is not json');
  assert.deepEqual(JSON.parse(q[0]!.raw!), { line: 'this is not json' });
  assert.equal(JSON.parse(q[2]!.raw!).applicant.age, 'old', 'a valid line is kept as its JSON');
  const rows = await tableOf(db, r);
  assert.deepEqual(rows.map((x) => [x._row, x.decision_id, x.age, x['applicant.address.city'], x.late_key]), [
    [1, 'n1', 34, 'Bonn', null], [3, 'n2', 41, 'Bonn', null], [7, 'n4', 50, 'Bonn', true],
  ]);
  assert.equal(rows[0]!.timestamp, '2024-05-01T08:00:00.000Z');
  assert.equal(rows[0]!.tags, '["a","b"]');
  assert.equal(rows[0]!.outcome, null);
  const types = await columnTypes(db, r.table);
  assert.equal(types['applicant.address.zip'], 'VARCHAR');
  assert.equal(types.late_key, 'BOOLEAN');
  await db.close();
});

test('the format follows the content: Parquet bytes under a .csv name are read as Parquet, a fake .parquet is refused', async () => {
  const parquet = await writeParquet(dir, 'real.parquet', "SELECT 'r1' AS decision_id, 30 AS age, 'car' AS purpose, 1 AS income");
  const disguised = writeFile(dir, 'disguised.csv', (await import('node:fs')).readFileSync(parquet));
  const fake = writeFile(dir, 'fake.parquet', 'decision_id,age\nx,1\n');
  const db = await openCase(dir, [disguised, fake]);
  const r = await importFile(db, disguised);
  assert.equal(r.format, 'parquet');
  assert.equal(r.rows, 1);
  await refused(db, () => importFile(db, fake), 'LOG_INVALID', ['fake.parquet', 'PAR1']);
  await refused(db, () => importFile(db, fake, { format: 'parquet' }), 'LOG_INVALID', ['fake.parquet']);
  await db.close();
});

test('a JSON log is recognised by its content when its name does not tell, and --format chooses between text formats', async () => {
  const line = JSON.stringify({ decision_id: 'j1', age: 30, purpose: 'car', income: 1 });
  const noExt = writeFile(dir, 'export-2024', `${line}\n`);
  const db = await openCase(dir, [noExt]);
  const r = await importFile(db, noExt);
  assert.equal(r.format, 'ndjson');
  assert.equal(r.log, 'export-2024');
  await refused(db, () => importFile(db, noExt, { name: 'as-csv', format: 'csv' }), 'LOG_MISMATCH', ['"age"']);
  await db.close();
});

test('an NDJSON key that first appears after the sampled lines is still imported', async () => {
  const lines = Array.from({ length: 20_500 }, (_, i) => JSON.stringify({ decision_id: `s${i}`, applicant: { age: 30, purpose: 'car', income: 1 } }));
  lines.push(JSON.stringify({ decision_id: 'late', applicant: { age: 31, purpose: 'car', income: 2, city: 'Ulm' }, channel: { web: true } }));
  const path = writeFile(dir, 'late-keys.ndjson', lines.join('\n'));
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.rows, 20_501);
  assert.deepEqual(r.extraColumns, ['channel', 'applicant.city']);
  const late = await db.queryOne(`SELECT "applicant.city", channel FROM "${r.table}" WHERE decision_id = 'late'`);
  assert.deepEqual(late, { 'applicant.city': 'Ulm', channel: '{"web":true}' });
  await db.close();
});
