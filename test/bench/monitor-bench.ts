import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { AssayService } from '../../src/api/service.ts';
import { alternate, byMedian, measureIn, runTaskIfMain, type Measurement } from './measure.ts';
import type { BenchSection } from './section.ts';

const PKG = 'fixtures/demo/packages/credit-logreg';
const REF = 'credit-logreg@1.0.0';
const ctx = { user: 'bench', role: 'owner' as const };
const ROUNDS = 3;
/** The bench logs span [2024-01-01, 2026-01-01): the first year is the reference window, the second the current one. */
const SPLIT = '2025-01-01T00:00:00Z';

async function withTable<T>(db: string, fn: (run: (sql: string) => Promise<unknown[][]>, table: string) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const table = String((await c.runAndReadAll("SELECT table_name FROM logs WHERE name = 'bench'")).getRows()[0]![0]);
    await c.run("SET TimeZone = 'UTC'");
    return await fn(async (sql) => (await c.runAndReadAll(sql)).getRows(), table);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const tasks = {
  /** A case with the deployed model and the log (not timed). */
  async prepare({ db, log }: Record<string, string>) {
    rmSync(db!, { force: true });
    rmSync(`${db}.wal`, { force: true });
    const s = new AssayService(db!);
    await s.call('case.create', { title: 'monitor bench' }, ctx);
    await s.call('package.import', { path: PKG }, ctx);
    const r = await s.call('log.import', { path: log!, package: REF, name: 'bench' }, ctx);
    await s.close();
    return { seconds: 0, detail: { rows: r.rows } };
  },

  /** Baseline of the drift: one DuckDB GROUP BY count over the log's table by the side of the split. */
  async 'group-by-side'({ db }: Record<string, string>) {
    return withTable(db!, async (run, table) => {
      const t0 = performance.now();
      const rows = await run(`SELECT "timestamp" >= TIMESTAMPTZ '${SPLIT}' AS side, count(*) FROM "${table}" GROUP BY side`);
      return { seconds: (performance.now() - t0) / 1000, detail: { groups: rows.length } };
    });
  },

  /** Baseline of the timeline: one DuckDB GROUP BY count over the log's table by calendar month. */
  async 'group-by-month'({ db }: Record<string, string>) {
    return withTable(db!, async (run, table) => {
      const t0 = performance.now();
      const rows = await run(`SELECT date_trunc('month', "timestamp" AT TIME ZONE 'UTC') AS m, count(*) FROM "${table}" GROUP BY m`);
      return { seconds: (performance.now() - t0) / 1000, detail: { groups: rows.length } };
    });
  },

  /** Assay's monitor.drift between the two years, every column (features, sex, age_group, score, decision); the case already open. */
  async drift({ db }: Record<string, string>) {
    const s = new AssayService(db!);
    await s.call('log.list', {}, ctx);
    const t0 = performance.now();
    const r = await s.call('monitor.drift', { log: 'bench', reference: { to: SPLIT }, current: { from: SPLIT } }, ctx);
    const seconds = (performance.now() - t0) / 1000;
    await s.close();
    return { seconds, detail: { columns: Object.keys(r.features).length, rows: r.reference.rows + r.current.rows } };
  },

  /** Assay's monitor.timeline by month over the two years against the first year: drift of every column, performance, fairness by sex and age group. */
  async timeline({ db }: Record<string, string>) {
    const s = new AssayService(db!);
    await s.call('log.list', {}, ctx);
    const t0 = performance.now();
    const r = await s.call('monitor.timeline', { log: 'bench', reference: { to: SPLIT }, current: { from: '2024-01-01' }, granularity: 'month' }, ctx);
    const seconds = (performance.now() - t0) / 1000;
    await s.close();
    return { seconds, detail: { windows: r.windows.length, columns: r.columns.length } };
  },
} satisfies Record<string, (a: Record<string, string>) => Promise<{ seconds: number; detail: Record<string, unknown> }>>;

const run = (task: keyof typeof tasks, args: Record<string, string>) => measureIn(import.meta.url, task, args);

/**
 * Drift of every column between two windows, and monthly windows over two years, against one DuckDB GROUP BY count
 * over the same table; each in a fresh process with the case already open, alternating, medians of three.
 */
export async function monitorBench(dir: string, rows: number): Promise<BenchSection> {
  const log = join(dir, `decisions-${rows}.parquet`);
  if (!existsSync(log)) execFileSync(process.execPath, ['--import', 'tsx', 'fixtures/generate.ts', '--bench-rows', String(rows), '--out', dir], { stdio: 'inherit' });
  const db = join(dir, 'monitor-bench.assay');
  run('prepare', { db, log });
  const drift = alternate(ROUNDS, () => run('group-by-side', { db }), () => run('drift', { db }));
  const timeline = alternate(ROUNDS, () => run('group-by-month', { db }), () => run('timeline', { db }));
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const n = rows.toLocaleString('en-US');
  const r1 = drift.ours.seconds / drift.base.seconds;
  const r2 = timeline.ours.seconds / timeline.base.seconds;
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return {
    title: 'Monitoring',
    intro: `\`monitor.drift\` (every column: mean, std, reference deciles, KS and Wasserstein from the two ECDFs, PSI and JS over the decile bins, chi-square over levels; recorded as a run) between the two years of a ${n}-row log, and \`monitor.timeline\` by month over the two years (PSI and JS of every column per window against the first year, selection rate, accuracy, AUC, Brier, ECE, fairness by sex and age group), each against one DuckDB \`count(*) … GROUP BY\` over the same table (by the side of the split; by month), in a fresh process with the case already open, alternating, medians of ${ROUNDS}. Ratio = Assay time ÷ GROUP BY time.`,
    headers: ['workload', 'rows', 'GROUP BY (s)', 'Assay (s)', 'ratio', 'target', ''],
    rows: [
      [`drift of ${String(drift.ours.detail.columns)} columns between two windows`, n, drift.base.seconds.toFixed(3), drift.ours.seconds.toFixed(3), `${r1.toFixed(2)}×`, '≤ 3×', met(r1 <= 3)],
      [`monthly timeline (${String(timeline.ours.detail.windows)} windows)`, n, timeline.base.seconds.toFixed(3), timeline.ours.seconds.toFixed(3), `${r2.toFixed(2)}×`, '≤ 5×', met(r2 <= 5)],
    ],
    notes: [
      `Peak RSS of the Assay process: drift ${drift.ours.maxRssMb.toFixed(0)} MB, timeline ${timeline.ours.maxRssMb.toFixed(0)} MB.`,
      'Drift: one statement counts every column per stored value and side (one GROUP BY per column, the cast after the grouping); mean, std, deciles, KS, Wasserstein and the decile bins come from those counts (exact: the ECDFs change only at distinct values). A near-continuous column (the score: ~all values distinct) gets KS, Wasserstein and its reference order statistics from one sort of both sides, then one binning pass.',
      'Timeline: the reference\'s counts per value give its deciles and histograms; one statement of per-column GROUP BY (month, bin or level); AUC per month from one sort (mid-ranks), not a GROUP BY per distinct score; the month computed from the epoch, not through a time-zone lookup per row.',
    ],
  };
}

await runTaskIfMain(import.meta.url, tasks);
