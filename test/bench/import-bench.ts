import { existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { measure } from './measure.ts';
import type { BenchSection } from './section.ts';

const PKG = 'fixtures/demo/packages/credit-logreg';
const REF = 'credit-logreg@1.0.0';

function ensureLog(dir: string, rows: number): { csv: string; parquet: string } {
  const csv = join(dir, `decisions-${rows}.csv`);
  const parquet = join(dir, `decisions-${rows}.parquet`);
  if (!existsSync(csv) || !existsSync(parquet)) {
    console.log(`generating ${rows} rows into ${dir} ...`);
    execFileSync(process.execPath, ['--import', 'tsx', 'fixtures/generate.ts', '--bench-rows', String(rows), '--out', dir], { stdio: 'inherit' });
  }
  return { csv, parquet };
}

export async function importBench(dir: string, sizes: number[]): Promise<BenchSection> {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const n of sizes) {
    const files = ensureLog(dir, n);
    for (const [format, file, reader] of [['CSV', files.csv, 'read_csv'], ['Parquet', files.parquet, 'read_parquet']] as const) {
      const base = measure('duckdb-ctas', { file, reader, db: join(dir, 'baseline.duckdb') });
      const ours = measure('assay-log-import', { file, db: join(dir, 'bench.assay'), pkg: PKG, ref: REF });
      const r = base.seconds / ours.seconds;
      rows.push([
        n.toLocaleString('en-US'), format, `${(statSync(file).size / 1e6).toFixed(0)} MB`,
        base.seconds.toFixed(2), ours.seconds.toFixed(2), `${r.toFixed(2)}×`, r >= 0.8 ? 'met' : 'MISSED',
        `${ours.maxRssMb.toFixed(0)} MB`, n >= 10_000_000 ? (ours.maxRssMb < 2048 ? 'met' : 'MISSED') : '—',
      ]);
      if (ours.detail.rows !== base.detail.rows) notes.push(`${format} ${n}: Assay imported ${String(ours.detail.rows)} rows and quarantined ${String(ours.detail.quarantined)}; DuckDB read ${String(base.detail.rows)}.`);
    }
  }
  return {
    title: 'Decision log import',
    intro: 'Assay\'s `log import` (format detection, mapping, typing and validation in SQL, quarantine, one transaction, through the service) against DuckDB\'s own `CREATE TABLE t AS SELECT * FROM read_csv/read_parquet(file)` on the same file, each in a fresh process and a fresh database file, in the same run. Throughput ratio = DuckDB time ÷ Assay time (target ≥ 0.8×); peak RSS is the Assay process\'s (target < 2 GB at 10M rows).',
    headers: ['rows', 'format', 'file', 'DuckDB CTAS (s)', 'Assay import (s)', 'throughput ratio', '≥ 0.8×', 'Assay peak RSS', '< 2 GB'],
    rows,
    notes,
  };
}
