import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { measure } from './measure.ts';
import { benchLog } from './bench-case.ts';
import type { BenchSection } from './section.ts';

const PKG = 'fixtures/demo/packages/credit-logreg';
const REF = 'credit-logreg@1.0.0';

/** Reads the file once so that neither side pays for a cold page cache. */
function warm(file: string): void {
  readFileSync(file);
}

/** Alternates baseline and Assay `runs` times and keeps the fastest of each, so that neither is favoured by order. */
function compare(runs: number, base: () => ReturnType<typeof measure>, ours: () => ReturnType<typeof measure>) {
  let b = base();
  let o = ours();
  for (let i = 1; i < runs; i++) {
    const nb = base();
    const no = ours();
    if (nb.seconds < b.seconds) b = nb;
    if (no.seconds < o.seconds) o = { ...no, maxRssMb: Math.max(no.maxRssMb, o.maxRssMb) };
    else o = { ...o, maxRssMb: Math.max(no.maxRssMb, o.maxRssMb) };
  }
  return { base: b, ours: o };
}

export async function importBench(dir: string, sizes: number[]): Promise<BenchSection> {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const n of sizes) {
    const files = benchLog(dir, n);
    for (const [format, file, reader] of [['CSV', files.csv, 'read_csv'], ['Parquet', files.parquet, 'read_parquet']] as const) {
      if (statSync(file).size < 4e9) warm(file);
      const { base, ours } = compare(n >= 10_000_000 ? 1 : 3,
        () => measure('duckdb-ctas', { file, reader, db: join(dir, 'baseline.duckdb') }),
        () => measure('assay-log-import', { file, db: join(dir, 'bench.assay'), pkg: PKG, ref: REF }));
      const r = base.seconds / ours.seconds;
      rows.push([
        n.toLocaleString('en-US'), format, `${(statSync(file).size / 1e6).toFixed(0)} MB`,
        base.seconds.toFixed(2), ours.seconds.toFixed(2), `${r.toFixed(2)}×`, r >= 0.8 ? 'met' : 'MISSED',
        `${ours.maxRssMb.toFixed(0)} MB`, n >= 10_000_000 ? (ours.maxRssMb < 2048 ? 'met' : 'MISSED') : '—',
      ]);
      if (ours.detail.rows !== base.detail.rows) notes.push(`${format} ${n}: Assay imported ${String(ours.detail.rows)} rows and quarantined ${String(ours.detail.quarantined)}; DuckDB read ${String(base.detail.rows)}.`);
    }
  }
  notes.push('On a 2-core machine the figures move with whatever else runs: in two runs of this day, DuckDB\'s own Parquet CTAS at 10M rows took 21 s and 55 s, and the 10M CSV ratio came out 0.49× (cold cache, baseline first) and 0.83× (warmed, this table). Run `npm run bench` on an idle machine before reading much into a ratio.');
  return {
    title: 'Decision log import',
    intro: 'Assay\'s `log import` (format detection, mapping, typing and validation in SQL, quarantine, one transaction, through the service) against DuckDB\'s own `CREATE TABLE t AS SELECT * FROM read_csv/read_parquet(file)` on the same file, each in a fresh process and a fresh database file, in the same run, after the file has been read once into the page cache; at 1M rows the two alternate three times and the fastest of each counts. Assay holds the DuckDB memory limit at 1.2 GB (to keep peak RSS under 2 GB, spilling beyond it); the baseline runs with the DuckDB default (80% of RAM). Throughput ratio = DuckDB time ÷ Assay time (target ≥ 0.8×); peak RSS is the Assay process\'s (target < 2 GB at 10M rows).',
    headers: ['rows', 'format', 'file', 'DuckDB CTAS (s)', 'Assay import (s)', 'throughput ratio', '≥ 0.8×', 'Assay peak RSS', '< 2 GB'],
    rows,
    notes,
  };
}
