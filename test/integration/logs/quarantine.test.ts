import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../../helpers/temp.ts';
import { cleanLines, columnTypes, csvFile, importFile, openCase, quarantineOf, tableOf } from './helpers.ts';

const dir = tempDir('assay-logs-quarantine-');

test('values of the wrong type quarantine their row with a detail naming column and value, not fail the import', async () => {
  const path = csvFile(dir, 'types.csv', [
    'd1,2024-01-01T00:00:00Z,credit,1.0.0,0.5,approve,1,30,car,100,male',
    'd2,2024-01-01T00:00:00Z,credit,1.0.0,high,approve,1,30,car,100,male',
    'd3,2024-01-01T00:00:00Z,credit,1.0.0,0.5,approve,1,thirty,car,100,male',
    'd4,2024-01-01T00:00:00Z,credit,1.0.0,0.5,approve,maybe,30,car,100,male',
    'd5,2024-01-01T00:00:00Z,credit,1.0.0,0.5,perhaps,1,30,car,100,male',
    'd6,2024-01-01T00:00:00Z,credit,1.0.0,0.5,approve,1,,car,100,male',
    'd7,2024-01-01T00:00:00Z,credit,1.0.0,0.5,approve,1,30,,100,male',
    'd8,2024-01-01T00:00:00Z,credit,1.0.0,1.5,approve,1,30,car,100,male',
    'd9,2024-01-01T00:00:00Z,credit,1.0.0,0.5,APPROVE,TRUE,30,car,100,male',
  ]);
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.rows, 2);
  assert.deepEqual(r.quarantineReasons, { bad_value: 4, bad_decision: 1, missing_value: 2 });
  assert.equal(r.quarantined, 7);
  const q = await quarantineOf(db, r.log);
  assert.deepEqual(q.map((x) => [x.source_row, x.decision_id, x.reason]), [
    [2, 'd2', 'bad_value'], [3, 'd3', 'bad_value'], [4, 'd4', 'bad_value'], [5, 'd5', 'bad_decision'],
    [6, 'd6', 'missing_value'], [7, 'd7', 'missing_value'], [8, 'd8', 'bad_value'],
  ]);
  assert.equal(q[0]!.detail, 'score "high" is not a number');
  assert.equal(q[1]!.detail, 'feature "age": "thirty" is not a number');
  assert.match(q[2]!.detail!, /^outcome "maybe" is not/);
  assert.match(q[3]!.detail!, /^decision "perhaps" is not 0\/1, true\/false, decline\/approve/);
  assert.equal(q[4]!.detail, 'feature "age" is empty');
  assert.equal(q[5]!.detail, 'feature "purpose" is empty');
  assert.equal(q[6]!.detail, 'score "1.5" is not a probability between 0 and 1');
  assert.deepEqual(JSON.parse(q[1]!.raw!), {
    decision_id: 'd3', timestamp: '2024-01-01T00:00:00Z', model_id: 'credit', model_version: '1.0.0', score: '0.5', decision: 'approve',
    outcome: '1', age: 'thirty', purpose: 'car', income: '100', sex: 'male',
  });
  const rows = await tableOf(db, r);
  assert.deepEqual(rows.map((x) => [x._row, x.decision, x.decision_label, x.outcome]), [[1, 1, 'approve', 1], [9, 1, 'APPROVE', 1]]);
  await db.close();
});

test('a repeated decision id keeps its first row and quarantines the later ones, naming the first row', async () => {
  const lines = cleanLines(6);
  lines.splice(3, 0, lines[1]!.replace(',0.74,', ',0.11,'));
  lines.push(lines[0]!, lines[0]!);
  const path = csvFile(dir, 'dups.csv', lines);
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.rows, 6);
  assert.deepEqual(r.quarantineReasons, { duplicate_id: 3 });
  const q = await quarantineOf(db, r.log);
  assert.deepEqual(q.map((x) => [x.source_row, x.decision_id, x.detail]), [
    [4, 'd2', 'decision id "d2" already appears at row 2'],
    [8, 'd1', 'decision id "d1" already appears at row 1'],
    [9, 'd1', 'decision id "d1" already appears at row 1'],
  ]);
  assert.equal(JSON.parse(q[0]!.raw!).score, '0.11');
  const rows = await tableOf(db, r);
  assert.deepEqual(rows.map((x) => [x._row, x.decision_id]), [[1, 'd1'], [2, 'd2'], [3, 'd3'], [5, 'd4'], [6, 'd5'], [7, 'd6']]);
  assert.equal(rows[1]!.score, 0.74, 'the first d2 is the one kept');
  await db.close();
});

test('a repeated id whose first row is unusable leaves the id out entirely; repeats among unusable rows are duplicates too', async () => {
  const path = csvFile(dir, 'dups-bad.csv', [
    'b1,2024-01-01T00:00:00Z,credit,1.0.0,oops,approve,1,30,car,1,male',
    'b1,2024-01-01T00:00:00Z,credit,1.0.0,0.5,approve,1,30,car,1,male',
    'b2,never,credit,1.0.0,0.5,approve,1,30,car,1,male',
    'b2,never,credit,1.0.0,0.5,approve,1,30,car,1,male',
    'b3,2024-01-01T00:00:00Z,credit,1.0.0,0.5,approve,1,30,car,1,male',
  ]);
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.rows, 1);
  const q = await quarantineOf(db, r.log);
  assert.deepEqual(q.map((x) => [x.source_row, x.decision_id, x.reason]), [
    [1, 'b1', 'bad_value'], [2, 'b1', 'duplicate_id'], [3, 'b2', 'bad_timestamp'], [4, 'b2', 'duplicate_id'],
  ]);
  await db.close();
});

test('rows without a decision id are quarantined as missing_id', async () => {
  const lines = cleanLines(4);
  lines[1] = lines[1]!.replace(/^d2,/, ',');
  lines[2] = lines[2]!.replace(/^d3,/, '"",');
  const path = csvFile(dir, 'noid.csv', lines);
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.rows, 2);
  const q = await quarantineOf(db, r.log);
  assert.deepEqual(q.map((x) => [x.source_row, x.decision_id, x.reason, x.detail]), [
    [2, null, 'missing_id', 'the decision id is empty'], [3, null, 'missing_id', 'the decision id is empty'],
  ]);
  await db.close();
});

test('10% garbage lines are each counted as unparseable, and the good rows keep their source row numbers', async () => {
  const garbage = ['@@@', 'x,y', 'a,b,c,d,e,f,g,h,i,j,k,l,m,n', '"unterminated, quote', ';;;;;;;', 'only one field', '\t\t', 'ünïcödé,garbage'];
  const lines: string[] = [];
  const expectedRows: [number, string][] = [];
  const garbageRows: number[] = [];
  let good = 0;
  for (let i = 1; i <= 1000; i++) {
    if (i % 10 === 0) {
      lines.push(garbage[(i / 10) % garbage.length]!);
      garbageRows.push(i);
    } else {
      good++;
      lines.push(cleanLines(1, good)[0]!);
      expectedRows.push([i, `d${good}`]);
    }
  }
  const path = csvFile(dir, 'garbage.csv', lines);
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.rows, 900);
  assert.deepEqual(r.quarantineReasons, { unparseable_row: 100 });
  const q = await quarantineOf(db, r.log);
  assert.deepEqual(q.map((x) => x.source_row), garbageRows);
  assert.ok(q.every((x) => x.reason === 'unparseable_row' && x.detail && JSON.parse(x.raw!).line !== undefined));
  assert.equal(JSON.parse(q[0]!.raw!).line, garbage[1]);
  const rows = await tableOf(db, r);
  assert.deepEqual(rows.map((x) => [x._row, x.decision_id]), expectedRows);
  await db.close();
});

test('garbage lines and a duplicate in one log: source rows stay exact on the slower path too', async () => {
  const lines = cleanLines(20);
  lines.splice(5, 0, 'garbage');
  lines.splice(12, 0, 'x,y,z');
  lines.push(lines[0]!);
  const path = csvFile(dir, 'garbage-dup.csv', lines);
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.rows, 20);
  assert.deepEqual(r.quarantineReasons, { unparseable_row: 2, duplicate_id: 1 });
  const rows = await tableOf(db, r);
  const expected = lines.map((l, i) => [i + 1, l.split(',')[0]] as const).filter(([n, id]) => id!.startsWith('d') && n !== 23);
  assert.deepEqual(rows.map((x) => [x._row, x.decision_id]), expected);
  assert.deepEqual((await quarantineOf(db, r.log)).map((x) => [x.source_row, x.reason]), [[6, 'unparseable_row'], [13, 'unparseable_row'], [23, 'duplicate_id']]);
  await db.close();
});

test('categories the model has not seen are kept and counted', async () => {
  const lines = cleanLines(9).map((l, i) => (i < 3 ? l.replace(/,(car|education|furniture),/, ',boat,') : i === 3 ? l.replace(/,(car|education|furniture),/, ',Car,') : l));
  const path = csvFile(dir, 'unseen.csv', lines);
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.rows, 9);
  assert.deepEqual(r.unseenValues, { purpose: [{ value: 'boat', count: 3 }, { value: 'Car', count: 1 }] });
  assert.ok(r.warnings.some((w) => w.includes('"purpose"') && w.includes('"boat" (3)')), r.warnings.join('; '));
  assert.equal((await tableOf(db, r)).filter((x) => x.purpose === 'boat').length, 3);
  await db.close();
});

test('a huge number is a number, infinity is not, and an integer too long for BIGINT does not fail the import', async () => {
  const header = 'decision_id,score,age,purpose,income,counter';
  const lines = Array.from({ length: 25_000 }, (_, i) => `h${i},0.5,30,car,1,${i}`);
  lines.push('big,0.5,1e308,car,99999999999999999999999999,1', 'inf,0.5,1e309,car,1,2', 'over,0.5,30,car,1,99999999999999999999999');
  const path = csvFile(dir, 'huge.csv', lines, header);
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.rows, 25_002);
  const q = await quarantineOf(db, r.log);
  assert.deepEqual(q.map((x) => [x.decision_id, x.reason, x.detail]), [['inf', 'bad_value', 'feature "age": "1e309" is not a number']]);
  const big = await db.queryOne<{ age: number; income: number }>(`SELECT age, income FROM "${r.table}" WHERE decision_id = 'big'`);
  assert.deepEqual(big, { age: 1e308, income: 1e26 });
  const types = await columnTypes(db, r.table);
  assert.equal(types.counter, 'VARCHAR', 'a BIGINT-looking column with an overflowing value is kept as text');
  const over = await db.queryOne<{ counter: string }>(`SELECT counter FROM "${r.table}" WHERE decision_id = 'over'`);
  assert.equal(over!.counter, '99999999999999999999999');
  assert.ok(r.warnings.some((w) => w.includes('"counter"')), r.warnings.join('; '));
  await db.close();
});

test('garbage lines with stray quotes in a log that quotes its values do not swallow the lines after them', async () => {
  const lines: string[] = [];
  for (let i = 1; i <= 200; i++) {
    if (i % 10 === 0) lines.push(i % 20 === 0 ? '"unterminated, quote' : 'garbage "in" the middle');
    else lines.push(`q${i},2024-01-01T00:00:00Z,credit,1.0.0,0.5,approve,1,30,"car",${i},"male"`);
  }
  const path = csvFile(dir, 'quoted-garbage.csv', lines);
  const db = await openCase(dir, [path]);
  const r = await importFile(db, path);
  assert.equal(r.rows, 180);
  assert.deepEqual(r.quarantineReasons, { unparseable_row: 20 });
  const rows = await tableOf(db, r);
  assert.ok(rows.every((x) => x.decision_id === `q${x._row}`), 'every row keeps its own source row number');
  await db.close();
});
