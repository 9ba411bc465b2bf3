/**
 * Import throughput against DuckDB's own CREATE TABLE AS on the same file (not run by the test suite):
 *
 *   npx tsx test/integration/logs/throughput.manual.ts [--rows 1000000] [--reps 5] [--format csv|parquet|both] [--only import|baseline]
 *
 * Generates a log of random rows (with a few quarantined ones), then alternates, each time in a fresh case file:
 * baseline = CREATE TABLE t AS SELECT * FROM read_csv(path) (or read_parquet), and importLog(). Prints the median
 * of each and the ratio baseline / import (1.0 = as fast as DuckDB's own load; the ratio of the best runs is the one
 * to trust on a machine shared with other work). Peak RSS is the whole process's, so
 * measure it with --only import (e.g. --rows 10000000 --reps 1 --format csv --only import).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CaseDb, quoteLiteral } from '../../../src/case/index.ts';
import { importLog } from '../../../src/logs/index.ts';
import { testManifest } from './helpers.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, reps: { type: 'string', default: '5' }, format: { type: 'string', default: 'both' }, only: { type: 'string' } },
});
const rows = Number(values.rows);
const reps = Number(values.reps);
const dir = mkdtempSync(join(tmpdir(), 'assay-throughput-'));

async function scratchCase(options: { allowedFiles?: string[]; allowedDirectories?: string[] }): Promise<{ db: CaseDb; path: string }> {
  const path = join(dir, `case-${Math.random().toString(36).slice(2)}.assay`);
  await (await CaseDb.create(path, 'throughput', 'bench')).close();
  return { db: await CaseDb.open(path, options), path };
}

async function generate(): Promise<{ csv: string; parquet: string }> {
  const csv = join(dir, 'log.csv');
  const parquet = join(dir, 'log.parquet');
  const { db, path } = await scratchCase({ allowedDirectories: [dir] });
  await db.exec(`COPY (
    SELECT 'd' || i AS decision_id,
      strftime(TIMESTAMP '2024-01-01' + to_seconds(i * 30), '%Y-%m-%dT%H:%M:%SZ') AS timestamp,
      'credit' AS model_id, '1.0.0' AS model_version,
      CASE WHEN i % 100000 = 7 THEN 'n/a' ELSE CAST(round(random(), 6) AS VARCHAR) END AS score,
      CASE WHEN random() < 0.5 THEN 'approve' ELSE 'decline' END AS decision,
      CASE WHEN random() < 0.2 THEN NULL ELSE CAST(random() < 0.7 AS INTEGER) END AS outcome,
      CAST(18 + floor(random() * 60) AS INTEGER) AS age,
      ['car', 'education', 'furniture', 'boat'][1 + CAST(floor(random() * 3.01) AS INTEGER)] AS purpose,
      round(random() * 100000, 2) AS income,
      CASE WHEN random() < 0.5 THEN 'male' ELSE 'female' END AS sex,
      'P-' || CAST(CAST(random() * 1e9 AS BIGINT) AS VARCHAR) AS applicant_id
    FROM range(1, ${rows} + 1) t(i)) TO ${quoteLiteral(csv)} (HEADER)`);
  await db.exec(`COPY (SELECT * FROM read_csv(${quoteLiteral(csv)})) TO ${quoteLiteral(parquet)} (FORMAT parquet)`);
  await db.close();
  rmSync(path);
  return { csv, parquet };
}

async function timed(file: string, run: (db: CaseDb) => Promise<unknown>): Promise<number> {
  const { db, path } = await scratchCase({ allowedFiles: [file] });
  const start = performance.now();
  await run(db);
  const seconds = (performance.now() - start) / 1000;
  await db.close();
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  return seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function compare(label: string, file: string, reader: string): Promise<void> {
  const base: number[] = [];
  const ours: number[] = [];
  let summary = '';
  for (let k = 0; k < reps; k++) {
    if (values.only !== 'import') base.push(await timed(file, (db) => db.transaction(() => db.exec(`CREATE TABLE t AS SELECT * FROM ${reader}($1)`, [file]))));
    if (values.only !== 'baseline') ours.push(await timed(file, async (db) => {
      const r = await importLog(db, { path: file, packageRef: 'credit@1.0.0', manifest: testManifest(), user: 'bench', personal: ['applicant_id'] });
      summary = `${r.rows} rows, ${r.quarantined} quarantined`;
    }));
  }
  const fmt = (xs: number[]) => `${xs.map((x) => x.toFixed(2)).join(' ')}  median ${xs.length ? median(xs).toFixed(2) : '-'} s`;
  console.log(`${label} (${rows} rows; ${summary})`);
  console.log(`  DuckDB CREATE TABLE AS ${reader}: ${fmt(base)}`);
  console.log(`  importLog:                  ${fmt(ours)}`);
  if (base.length && ours.length) {
    const best = (xs: number[]) => Math.min(...xs);
    console.log(`  throughput ratio (baseline / import): ${(median(base) / median(ours)).toFixed(2)} on medians, ${(best(base) / best(ours)).toFixed(2)} on best runs`);
  }
}

try {
  const { csv, parquet } = await generate();
  if (values.format !== 'parquet') await compare('CSV', csv, 'read_csv');
  if (values.format !== 'csv') await compare('Parquet', parquet, 'read_parquet');
  console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
