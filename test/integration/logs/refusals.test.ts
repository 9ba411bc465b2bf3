import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from '../../helpers/temp.ts';
import { HEADER, caseState, cleanLines, csvFile, importFile, openCase, refused, testManifest, writeFile } from './helpers.ts';

const dir = tempDir('assay-logs-refusals-');

test('an empty file, a header without rows and a file of blank lines have no decisions', async () => {
  const empty = writeFile(dir, 'empty.csv', '');
  const headerOnly = writeFile(dir, 'header-only.csv', HEADER + '\n');
  const blankJson = writeFile(dir, 'blank.ndjson', '\n\n  \n');
  const db = await openCase(dir, [empty, headerOnly, blankJson]);
  await refused(db, () => importFile(db, empty), 'LOG_INVALID', ['empty.csv', 'empty']);
  await refused(db, () => importFile(db, headerOnly), 'LOG_INVALID', ['header-only.csv', 'no decisions']);
  await refused(db, () => importFile(db, blankJson), 'LOG_INVALID', ['blank.ndjson', 'no decisions']);
  await db.close();
});

test('a CSV without a header line is refused with a suggestion to add one', async () => {
  const numeric = writeFile(dir, 'no-header.csv', '1,2024-01-01,0.5,30,1\n2,2024-01-02,0.6,31,2\n3,2024-01-03,0.7,32,3\n');
  const db = await openCase(dir, [numeric]);
  const e = await refused(db, () => importFile(db, numeric), 'LOG_INVALID', ['no-header.csv', '"1,2024-01-01,0.5,30,1"', 'header']);
  assert.match(e.message, /first line naming the columns/);
  await db.close();
});

test('binary garbage is refused as not a log', async () => {
  const bytes = new Uint8Array(4096).map((_, i) => (i * 97 + 13) % 256);
  const garbage = writeFile(dir, 'garbage.csv', bytes);
  const db = await openCase(dir, [garbage]);
  await refused(db, () => importFile(db, garbage), 'LOG_INVALID', ['garbage.csv', 'binary']);
  await db.close();
});

test('a missing model feature is refused naming the features and the columns found, with a delimiter hint for one column', async () => {
  const noIncome = csvFile(dir, 'no-income.csv', ['d1,30,car', 'd2,31,car'], 'decision_id,age,purpose');
  const pipes = writeFile(dir, 'pipes.csv', 'decision_id|age|purpose|income\nd1|30|car|1\n');
  const db = await openCase(dir, [noIncome, pipes]);
  const e = await refused(db, () => importFile(db, noIncome), 'LOG_MISMATCH', ['"income"', '"decision_id", "age", "purpose"', 'credit@1.0.0']);
  assert.deepEqual(e.details?.missingFeatures, ['income']);
  const tabs = writeFile(dir, 'one-column.csv', 'decision_id:age:purpose:income\nd1:30:car:1\nd2:31:car:2\n');
  const db2 = await openCase(dir, [tabs]);
  await refused(db2, () => importFile(db2, tabs), 'LOG_MISMATCH', ['"age"', 'single column', 'delimiter']);
  await db2.close();
  const r = await importFile(db, pipes);
  assert.equal(r.rows, 1, 'a pipe-delimited file is sniffed correctly');
  await db.close();
});

test('a log without a decision id column is refused naming the columns it has', async () => {
  const path = csvFile(dir, 'no-id.csv', ['30,car,1', '31,car,2'], 'age,purpose,income');
  const db = await openCase(dir, [path]);
  await refused(db, () => importFile(db, path), 'LOG_MISMATCH', ['no decision id column', '"age", "purpose", "income"', '--map decision_id=']);
  await db.close();
});

test('a log of another model is refused naming the model found and the package', async () => {
  const lines = cleanLines(30).map((l, i) => (i >= 20 ? l.replace(',credit,', ',fraud-net,') : l));
  const path = csvFile(dir, 'other-model.csv', lines);
  const db = await openCase(dir, [path]);
  const e = await refused(db, () => importFile(db, path), 'LOG_MISMATCH', ['"fraud-net"', '10 rows', 'credit@1.0.0']);
  assert.deepEqual(e.details?.modelIds, ['fraud-net']);
  const withRef = csvFile(dir, 'ref-as-id.csv', cleanLines(3).map((l) => l.replace(',credit,', ',credit@1.0.0,')));
  const db2 = await openCase(dir, [withRef]);
  assert.equal((await importFile(db2, withRef)).rows, 3, 'the package ref is accepted as model id');
  await db2.close();
  await db.close();
});

test('the same file imported twice is refused naming the earlier log; a log name used twice too', async () => {
  const path = csvFile(dir, 'twice.csv', cleanLines(5));
  const copy = csvFile(dir, 'twice-copy.csv', cleanLines(5));
  const other = csvFile(dir, 'other.csv', cleanLines(4));
  const db = await openCase(dir, [path, copy, other]);
  await importFile(db, path, { name: 'first import' });
  await refused(db, () => importFile(db, copy), 'LOG_DUPLICATE', ['twice-copy.csv', '"first import"']);
  await refused(db, () => importFile(db, other, { name: 'first import' }), 'ALREADY_EXISTS', ['"first import"', '--name']);
  await refused(db, () => importFile(db, other, { name: '   ' }), 'BAD_ARGUMENT', ['name']);
  await db.close();
});

test('a file that is not there is NOT_FOUND', async () => {
  const missing = join(dir, 'missing.csv');
  const db = await openCase(dir, [missing]);
  await refused(db, () => importFile(db, missing), 'NOT_FOUND', ['missing.csv']);
  await db.close();
});

test('the import is all-or-nothing: a failure after rows were written leaves no table, no logs row, no quarantine row', async () => {
  const lines = cleanLines(40);
  lines.splice(10, 0, 'garbage line');
  lines.push(lines[0]!, 'd999,never,credit,1.0.0,0.5,approve,1,30,car,1,male');
  const path = csvFile(dir, 'atomic.csv', lines);
  const earlier = csvFile(dir, 'earlier.csv', cleanLines(3, 500));
  const db = await openCase(dir, [path, earlier]);
  await importFile(db, earlier);
  const stop = new AbortController();
  await refused(db, () => importFile(db, path, { signal: stop.signal, onProgress: (p) => p.stage === 'checking' && stop.abort() }), 'CANCELLED', ['"atomic"']);
  await refused(db, () => importFile(db, path, { manifest: testManifest({ id: 'other-model' }), packageRef: 'other-model@1.0.0' }), 'LOG_MISMATCH', ['"credit"', 'other-model@1.0.0']);
  const r = await importFile(db, path);
  assert.equal(r.rows, 40);
  assert.deepEqual(r.quarantineReasons, { unparseable_row: 1, duplicate_id: 1, bad_timestamp: 1 });
  assert.ok((await caseState(db)).includes('log_earlier'));
  await db.close();
});
