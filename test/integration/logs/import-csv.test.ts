import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../../helpers/temp.ts';
import {
  caseState, cleanLines, columnTypes, csvFile, importFile, openCase, quarantineOf, refused, tableOf, testManifest, writeFile,
} from './helpers.ts';

const dir = tempDir('assay-logs-csv-');

test('a clean CSV is imported typed, numbered by source row, with a logs row describing it', async () => {
  const path = csvFile(dir, 'clean.csv', cleanLines(12));
  const db = await openCase(dir, [path]);
  const stages: string[] = [];
  const r = await importFile(db, path, { personal: ['sex'], onProgress: (p) => stages.push(p.stage) });
  assert.equal(r.log, 'clean');
  assert.equal(r.table, 'log_clean');
  assert.equal(r.rows, 12);
  assert.equal(r.quarantined, 0);
  assert.equal(r.format, 'csv');
  assert.match(r.sourceSha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(r.mapping, {
    decision_id: 'decision_id', timestamp: 'timestamp', model_id: 'model_id', model_version: 'model_version', score: 'score',
    decision: 'decision', outcome: 'outcome', age: 'age', purpose: 'purpose', income: 'income', sex: 'sex',
  });
  assert.deepEqual(r.quarantineReasons, {});
  assert.deepEqual(r.unseenValues, {});
  assert.equal(r.missingOutcome, 3);
  assert.deepEqual(r.timestampRange, { from: '2024-01-01T00:00:01.000Z', to: '2024-01-01T00:00:12.000Z' });
  assert.deepEqual(r.personalColumns, ['sex']);
  assert.deepEqual(r.extraColumns, []);
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(stages, ['inspecting', 'validating', 'writing', 'checking', 'done']);

  assert.deepEqual(await columnTypes(db, r.table), {
    _row: 'BIGINT', decision_id: 'VARCHAR', timestamp: 'TIMESTAMP WITH TIME ZONE', model_id: 'VARCHAR', model_version: 'VARCHAR',
    score: 'DOUBLE', decision: 'INTEGER', decision_label: 'VARCHAR', outcome: 'INTEGER', age: 'DOUBLE', purpose: 'VARCHAR', income: 'DOUBLE', sex: 'VARCHAR',
  });
  const rows = await tableOf(db, r);
  assert.deepEqual(rows.map((x) => x._row), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.deepEqual(rows[0], {
    _row: 1, decision_id: 'd1', timestamp: '2024-01-01T00:00:01.000Z', model_id: 'credit', model_version: '1.0.0', score: 0.37,
    decision: 0, decision_label: 'decline', outcome: 1, age: 21, purpose: 'education', income: 1001, sex: 'male',
  });
  assert.equal(rows[3]!.outcome, null);

  const logRow = (await db.queryOne<Record<string, unknown>>('SELECT * FROM logs WHERE name = $1', ['clean']))!;
  assert.equal(logRow.table_name, 'log_clean');
  assert.equal(logRow.package_ref, 'credit@1.0.0');
  assert.equal(logRow.format, 'csv');
  assert.equal(logRow.source_path, path);
  assert.equal(logRow.source_sha256, r.sourceSha256);
  assert.equal(logRow.rows, 12);
  assert.equal(logRow.imported_by, 'tester');
  assert.deepEqual(JSON.parse(String(logRow.mapping)), r.mapping);
  assert.deepEqual(JSON.parse(String(logRow.personal_columns)), ['sex']);
  assert.deepEqual(JSON.parse(String(logRow.report)), r);
  const columns = JSON.parse(String(logRow.columns)) as { name: string; type: string; role: string; source: string | null }[];
  assert.deepEqual(columns.find((c) => c.name === 'age'), { name: 'age', type: 'DOUBLE', role: 'feature', source: 'age' });
  assert.deepEqual(columns.find((c) => c.name === 'sex'), { name: 'sex', type: 'VARCHAR', role: 'protected', source: 'sex' });
  assert.deepEqual(columns.find((c) => c.name === '_row'), { name: '_row', type: 'BIGINT', role: 'row', source: null });
  const temps = await db.query("SELECT table_name FROM duckdb_tables() WHERE temporary");
  assert.deepEqual(temps, [], 'no scratch table is left');
  await db.close();
});

test('columns are found by common names, case-insensitively, and the outcome by the manifest label', async () => {
  const path = csvFile(dir, 'names.csv', ['a1,1704067200,0.8,1,0,30,car,100,female', 'a2,1704067260,0.1,0,1,40,car,200,male'],
    'Request_ID,TS,Probability,Prediction,REPAID,Age,PURPOSE,income,Sex');
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.mapping.decision_id, 'Request_ID');
  assert.equal(r.mapping.timestamp, 'TS');
  assert.equal(r.mapping.score, 'Probability');
  assert.equal(r.mapping.decision, 'Prediction');
  assert.equal(r.mapping.outcome, 'REPAID');
  assert.equal(r.mapping.age, 'Age');
  assert.equal(r.mapping.purpose, 'PURPOSE');
  assert.equal(r.mapping.model_id, null);
  assert.equal(r.mapping.model_version, null);
  const rows = await tableOf(db, r);
  assert.deepEqual(rows.map((x) => [x.decision_id, x.score, x.decision, x.outcome, x.age]), [['a1', 0.8, 1, 0, 30], ['a2', 0.1, 0, 1, 40]]);
  assert.equal(rows[0]!.timestamp, '2024-01-01T00:00:00.000Z');
  assert.equal(r.warnings.length, 0, r.warnings.join('; '));
  await db.close();
});

test('--map overrides the names, and a wrong --map is refused naming the field or column', async () => {
  const path = csvFile(dir, 'mapped.csv', ['x1,2024-01-02,0.9,30,car,5,female,0.2', 'x2,2024-01-03,0.4,31,car,6,male,0.7'],
    'application_no,when,risk,years,goal,salary,gender,score');
  const db = await openCase(dir, [path]);
  await refused(db, () => importFile(db, path), 'LOG_MISMATCH', ['"age"', '"purpose"', '"income"', '"years"']);
  await refused(db, () => importFile(db, path, { map: { agee: 'years' } }), 'BAD_ARGUMENT', ['agee']);
  await refused(db, () => importFile(db, path, { map: { age: 'yearz' } }), 'BAD_ARGUMENT', ['yearz', '"years"']);
  const r = await importFile(db, path, {
    map: { decision_id: 'application_no', timestamp: 'when', score: 'risk', age: 'years', purpose: 'goal', income: 'salary', sex: 'gender' },
  });
  assert.equal(r.mapping.score, 'risk');
  assert.equal(r.mapping.decision_id, 'application_no');
  assert.deepEqual(r.extraColumns, ['score_1'], 'the file\'s own "score" column is kept under another name');
  assert.ok(r.warnings.some((w) => w.includes('"score" is kept as "score_1"')), r.warnings.join('; '));
  const rows = await tableOf(db, r);
  assert.deepEqual(rows.map((x) => [x.decision_id, x.score, x.age, x.purpose, x.income, x.sex, x.score_1]), [
    ['x1', 0.9, 30, 'car', 5, 'female', 0.2], ['x2', 0.4, 31, 'car', 6, 'male', 0.7],
  ]);
  assert.equal(rows[0]!.timestamp, '2024-01-02T00:00:00.000Z');
  await db.close();
});

test('a semicolon-delimited log is read with its delimiter', async () => {
  const lines = ['decision_id;score;age;purpose;income', 'd1;0,5;30;car;1', 'd2;0.25;40;"edu;cation";2'];
  const path = writeFile(dir, 'semi.csv', lines.join('\n') + '\n');
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.rows, 1);
  assert.deepEqual(r.quarantineReasons, { bad_value: 1 }, 'a decimal comma is not a number');
  assert.ok(r.warnings.some((w) => w.includes('";"')), r.warnings.join('; '));
  const rows = await tableOf(db, r);
  assert.deepEqual(rows.map((x) => [x._row, x.decision_id, x.purpose]), [[2, 'd2', 'edu;cation']]);
  assert.deepEqual(r.unseenValues, { purpose: [{ value: 'edu;cation', count: 1 }] });
  await db.close();
});

test('column names that are SQL keywords or hold quotes and spaces are kept and can be mapped', async () => {
  const header = 'decision_id,score,"select","a ""quoted"" name","with space",age,"the purpose",income,"order"';
  const path = csvFile(dir, 'keywords.csv', ['k1,0.5,1,x,hello world,30,car,10,3', 'k2,0.6,2,y,,31,education,11,4'], header);
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path, { map: { purpose: 'the purpose' }, personal: ['with space'] });
  assert.deepEqual(r.extraColumns, ['select', 'a "quoted" name', 'with space', 'order']);
  assert.deepEqual(r.personalColumns, ['with space']);
  const types = await columnTypes(db, r.table);
  assert.equal(types.select, 'BIGINT');
  assert.equal(types['a "quoted" name'], 'VARCHAR');
  const rows = await tableOf(db, r);
  assert.deepEqual(rows.map((x) => [x.select, x['a "quoted" name'], x['with space'], x.order, x.purpose]), [
    [1, 'x', 'hello world', 3, 'car'], [2, 'y', null, 4, 'education'],
  ]);
  await db.close();
});

test('extra columns get the type of their values, and stay text when a value beyond DuckDB\'s sample does not have it', async () => {
  const header = 'decision_id,age,purpose,income,amount,ratio,flag,code,mixed';
  const lines = Array.from({ length: 25_000 }, (_, i) => `e${i},30,car,1,${i * 10},${i / 4},${i % 2 ? 'true' : 'false'},00${i},${i}`);
  lines.push('e99999,30,car,1,5,0.5,true,0099,not a number');
  const path = csvFile(dir, 'extras.csv', lines, header);
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.rows, 25_001);
  const types = await columnTypes(db, r.table);
  assert.equal(types.amount, 'BIGINT');
  assert.equal(types.ratio, 'DOUBLE');
  assert.equal(types.flag, 'BOOLEAN');
  assert.equal(types.code, 'VARCHAR', 'leading zeros keep a code as text');
  assert.equal(types.mixed, 'VARCHAR');
  assert.ok(r.warnings.some((w) => w.includes('"mixed"') && w.includes('BIGINT')), r.warnings.join('; '));
  const rows = await tableOf(db, r);
  assert.deepEqual(rows.at(-1), {
    ...rows.at(-1), code: '0099', mixed: 'not a number', amount: 5, flag: true,
  });
  assert.ok(r.warnings.some((w) => w.includes('no timestamp column')), r.warnings.join('; '));
  await db.close();
});

test('a user can mark only existing columns as personal', async () => {
  const path = csvFile(dir, 'personal.csv', cleanLines(2));
  const db = await openCase(dir, [path]);
  await refused(db, () => importFile(db, path, { personal: ['ssn'] }), 'BAD_ARGUMENT', ['"ssn"', '"decision_id"']);
  const r = await importFile(db, path, { personal: ['SEX', 'decision_id'] });
  assert.deepEqual(r.personalColumns, ['sex', 'decision_id']);
  await db.close();
});

test('a cancelled import leaves the case unchanged, whether cancelled before or during the work', async () => {
  const path = csvFile(dir, 'cancel.csv', cleanLines(50));
  const db = await openCase(dir, [path]);
  const early = new AbortController();
  early.abort();
  await refused(db, () => importFile(db, path, { signal: early.signal }), 'CANCELLED', ['"cancel"']);
  for (const stage of ['validating', 'writing', 'checking']) {
    const late = new AbortController();
    await refused(db, () => importFile(db, path, { signal: late.signal, onProgress: (p) => p.stage === stage && late.abort() }), 'CANCELLED', ['cancelled']);
  }
  const r = await importFile(db, path);
  assert.equal(r.rows, 50, 'the case is usable after the cancelled imports');
  await db.close();
});

test('the default log name is the file name without extension; names and tables never clash', async () => {
  const a = csvFile(dir, 'same name.csv', cleanLines(2));
  const b = csvFile(dir, 'same_name.csv', cleanLines(3));
  const db = await openCase(dir, [a, b]);
  const ra = await importFile(db, a);
  const rb = await importFile(db, b);
  assert.equal(ra.log, 'same name');
  assert.equal(rb.log, 'same_name');
  assert.equal(ra.table, 'log_same_name');
  assert.equal(rb.table, 'log_same_name_2');
  assert.equal((await tableOf(db, rb)).length, 3);
  const before = await caseState(db);
  assert.ok(before.includes('log_same_name_2'));
  await db.close();
});

test('a header that DuckDB reads with a different case or order still maps', async () => {
  const path = csvFile(dir, 'order.csv', ['30,car,7,z1', '31,furniture,8,z2'], 'AGE,Purpose,INCOME,DECISION_ID');
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.deepEqual((await tableOf(db, r)).map((x) => [x._row, x.decision_id, x.age]), [[1, 'z1', 30], [2, 'z2', 31]]);
  assert.deepEqual(await quarantineOf(db, r.log), []);
  await db.close();
});

test('the package manifest decides which features are required', async () => {
  const path = csvFile(dir, 'onlyage.csv', ['o1,30', 'o2,31'], 'decision_id,age');
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path, { manifest: testManifest({ features: [{ name: 'age', type: 'numeric' }] }) });
  assert.equal(r.rows, 2);
  await db.close();
});

test('a byte-order mark, Windows line ends and tab-separated values are read as such', async () => {
  const crlf = writeFile(dir, 'windows.csv', '\uFEFFdecision_id,age,purpose,income\r\nw1,30,car,1\r\nw2,31,car,2\r\n');
  const tsv = writeFile(dir, 'tabs.tsv', 'decision_id\tage\tpurpose\tincome\nt1\t30\tcar\t1\nt2\t31\t"car"\t2\n');
  const db = await openCase(dir, [crlf, tsv]);
  const a = await importFile(db, crlf);
  assert.deepEqual((await tableOf(db, a)).map((x) => [x._row, x.decision_id, x.income]), [[1, 'w1', 1], [2, 'w2', 2]]);
  const b = await importFile(db, tsv);
  assert.deepEqual((await tableOf(db, b)).map((x) => [x._row, x.decision_id, x.purpose]), [[1, 't1', 'car'], [2, 't2', 'car']]);
  assert.ok(b.warnings.includes('The columns are separated by tabs (detected), not commas.'), b.warnings.join('; '));
  await db.close();
});
