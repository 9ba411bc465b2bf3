import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../../helpers/temp.ts';
import { csvFile, importFile, openCase, quarantineOf, tableOf, writeParquet } from './helpers.ts';

const dir = tempDir('assay-logs-ts-');

const FORMATS: [string, string][] = [
  ['2024-03-01T12:00:00Z', '2024-03-01T12:00:00.000Z'],
  ['2024-03-01T12:00:00.250z', '2024-03-01T12:00:00.250Z'],
  ['2024-03-01T14:00:00+02:00', '2024-03-01T12:00:00.000Z'],
  ['2024-03-01T06:30:00-05:30', '2024-03-01T12:00:00.000Z'],
  ['2024-03-01 13:00:00+0100', '2024-03-01T12:00:00.000Z'],
  ['2024-03-01 14:00:00+02', '2024-03-01T12:00:00.000Z'],
  ['2024-03-01 12:00:00 UTC', '2024-03-01T12:00:00.000Z'],
  ['2024-03-01 13:00:00 Europe/Paris', '2024-03-01T12:00:00.000Z'],
  ['2024-03-01 12:00:00', '2024-03-01T12:00:00.000Z'],
  ['2024-03-01T12:00', '2024-03-01T12:00:00.000Z'],
  ['2024-03-01', '2024-03-01T00:00:00.000Z'],
  ['1709294400', '2024-03-01T12:00:00.000Z'],
  ['1709294400.5', '2024-03-01T12:00:00.500Z'],
  ['1709294400123', '2024-03-01T12:00:00.123Z'],
];

async function importTimestamps(name: string, timeZone?: string) {
  const lines = FORMATS.map(([ts], i) => `t${i},${ts},30,car,1`);
  lines.push('bad1,yesterday,30,car,1', 'bad2,2024-13-45,30,car,1', 'bad3,1e20,30,car,1', 'none,,30,car,1');
  const path = csvFile(dir, `${name}.csv`, lines, 'decision_id,timestamp,age,purpose,income');
  const db = await openCase(dir, [path]);
  if (timeZone) await db.exec(`SET TimeZone = '${timeZone}'`);
  const r = await importFile(db, path);
  return { db, r };
}

test('timestamps in several formats and time zones are all stored as the right UTC instant', async () => {
  const { db, r } = await importTimestamps('formats');
  const rows = await tableOf(db, r);
  FORMATS.forEach(([text, utc], i) => {
    assert.equal(rows[i]!.timestamp, utc, `${text} should be ${utc}`);
  });
  assert.equal(rows.at(-1)!.decision_id, 'none');
  assert.equal(rows.at(-1)!.timestamp, null, 'an empty timestamp is missing, not wrong');
  assert.deepEqual(r.timestampRange, { from: '2024-03-01T00:00:00.000Z', to: '2024-03-01T12:00:00.500Z' });
  assert.ok(r.warnings.includes('2 timestamps have no time zone and were taken as UTC.'), r.warnings.join('; '));
  assert.ok(r.warnings.includes('1 imported rows have no timestamp.'), r.warnings.join('; '));
  const q = await quarantineOf(db, r.log);
  assert.deepEqual(q.map((x) => [x.decision_id, x.reason, x.detail]), [
    ['bad1', 'bad_timestamp', 'timestamp "yesterday" is not a date and time'],
    ['bad2', 'bad_timestamp', 'timestamp "2024-13-45" is not a date and time'],
    ['bad3', 'bad_timestamp', 'timestamp "1e20" is not a date and time'],
  ]);
  await db.close();
});

test('the session time zone of the case does not change how a timestamp without zone is read', async () => {
  const { db, r } = await importTimestamps('session-zone', 'America/New_York');
  const rows = await db.query<{ ts: string }>(`SELECT strftime(timezone('UTC', "timestamp"), '%Y-%m-%dT%H:%M:%S.%g') AS ts FROM "${r.table}" ORDER BY _row`);
  FORMATS.forEach(([text, utc], i) => assert.equal(rows[i]!.ts + 'Z', utc, text));
  await db.close();
});

test('Parquet timestamps: with time zone kept, without taken as UTC with a warning, dates and epoch numbers converted', async () => {
  const path = await writeParquet(dir, 'ts.parquet', `
    SELECT * FROM (VALUES
      ('p1', TIMESTAMPTZ '2024-03-01 12:00:00+00', TIMESTAMP '2024-03-01 12:00:00', DATE '2024-03-01', 1709294400, 30.0, 'car', 1),
      ('p2', TIMESTAMPTZ '2024-03-01 14:00:00+02', TIMESTAMP '2024-03-02 00:00:00', DATE '2024-03-02', 1709294400000, 31.0, 'car', 1)
    ) t(decision_id, tz, naive, day, epoch, age, purpose, income)`);
  const db = await openCase(dir, [path]);
  for (const [column, expected, naiveWarning] of [
    ['tz', ['2024-03-01T12:00:00.000Z', '2024-03-01T12:00:00.000Z'], false],
    ['naive', ['2024-03-01T12:00:00.000Z', '2024-03-02T00:00:00.000Z'], true],
    ['day', ['2024-03-01T00:00:00.000Z', '2024-03-02T00:00:00.000Z'], false],
    ['epoch', ['2024-03-01T12:00:00.000Z', '2024-03-01T12:00:00.000Z'], false],
  ] as const) {
    const r = await importFile(db, path, { name: `ts-${column}`, map: { timestamp: column } });
    assert.deepEqual((await tableOf(db, r)).map((x) => x.timestamp), expected, column);
    assert.equal(r.warnings.some((w) => w.includes('no time zone')), naiveWarning, `${column}: ${r.warnings.join('; ')}`);
    await db.exec('DELETE FROM logs');
  }
  await db.close();
});
