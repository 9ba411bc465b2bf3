import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AssayService } from '../../src/api/service.ts';

/** The deployed model every benchmark's log belongs to, and who runs the benchmarks. */
export const BENCH_PACKAGE = 'fixtures/demo/packages/credit-logreg';
export const BENCH_REF = 'credit-logreg@1.0.0';
export const BENCH_CONTEXT = { user: 'bench', role: 'owner' as const };

/** The generated bench log of `rows` rows in `dir` (CSV and Parquet), generated first when either is missing. */
export function benchLog(dir: string, rows: number): { csv: string; parquet: string } {
  const csv = join(dir, `decisions-${rows}.csv`);
  const parquet = join(dir, `decisions-${rows}.parquet`);
  if (!existsSync(csv) || !existsSync(parquet)) {
    console.log(`generating ${rows} rows into ${dir} ...`);
    execFileSync(process.execPath, ['--import', 'tsx', 'fixtures/generate.ts', '--bench-rows', String(rows), '--out', dir], { stdio: 'inherit' });
  }
  return { csv, parquet };
}

/** A fresh case at `db` with the deployed model and `log` imported as "bench" (a benchmark's untimed set-up). */
export async function prepareBenchCase(db: string, log: string, title: string): Promise<{ seconds: number; detail: { rows: number } }> {
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const s = new AssayService(db);
  try {
    await s.call('case.create', { title }, BENCH_CONTEXT);
    await s.call('package.import', { path: BENCH_PACKAGE }, BENCH_CONTEXT);
    const r = await s.call('log.import', { path: log, package: BENCH_REF, name: 'bench' }, BENCH_CONTEXT);
    return { seconds: 0, detail: { rows: r.rows } };
  } finally {
    await s.close();
  }
}
