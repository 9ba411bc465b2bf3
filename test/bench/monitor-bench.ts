import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { AssayService } from '../../src/api/service.ts';
import { alternate, byMedian, measureIn, runTaskIfMain } from './measure.ts';
import { BENCH_CONTEXT, benchLog, prepareBenchCase } from './bench-case.ts';
import type { BenchSection } from './section.ts';

const ctx = BENCH_CONTEXT;
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

/** The columns monitor.drift covers in the bench log: all but the row number, identifiers, time and model columns. */
async function coveredColumns(run: (sql: string) => Promise<unknown[][]>, table: string): Promise<string[]> {
  const skip = new Set(['_row', 'decision_id', 'timestamp', 'model_id', 'model_version', 'decision_label', 'applicant_id']);
  const rows = await run(`SELECT column_name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`);
  return rows.map((r) => String(r[0])).filter((c) => !skip.has(c));
}

const tasks = {
  /** A case with the deployed model and the log (not timed). */
  prepare({ db, log }: Record<string, string>) {
    return prepareBenchCase(db!, log!, 'monitor bench');
  },

  /** Baseline of the drift: one DuckDB GROUP BY count over the log's table by the side of the split. */
  async 'group-by-side'({ db }: Record<string, string>) {
    return withTable(db!, async (run, table) => {
      const t0 = performance.now();
      const rows = await run(`SELECT "timestamp" >= TIMESTAMPTZ '${SPLIT}' AS side, count(*) FROM "${table}" GROUP BY side`);
      return { seconds: (performance.now() - t0) / 1000, detail: { groups: rows.length } };
    });
  },

  /**
   * DuckDB's own least work for an exact drift, for scale: each covered column's rows per value and side (one GROUP BY
   * per column), and one sort of the near-continuous score for its two ECDFs (KS).
   */
  async 'floor-drift'({ db }: Record<string, string>) {
    return withTable(db!, async (run, table) => {
      const columns = await coveredColumns(run, table);
      const side = `CAST("timestamp" >= TIMESTAMPTZ '${SPLIT}' AS INTEGER)`;
      const t0 = performance.now();
      for (const c of columns) await run(`SELECT ${side} AS side, "${c}", count(*) FROM "${table}" GROUP BY ALL`);
      const [[n0, n1]] = (await run(`SELECT count(*) FILTER (WHERE ${side} = 0), count(*) FILTER (WHERE ${side} = 1) FROM "${table}"`)) as [[bigint, bigint]];
      await run(`SELECT max(abs((r - c1) / ${n0} - c1 / ${n1})) FROM (SELECT row_number() OVER w AS r, sum(side) OVER w AS c1
        FROM (SELECT ${side} AS side, score FROM "${table}") WINDOW w AS (ORDER BY score ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))`);
      return { seconds: (performance.now() - t0) / 1000, detail: { columns: columns.length } };
    });
  },

  /** DuckDB's own least work for an exact monthly timeline: each column's rows per month and value, and per month one sort of the scores (AUC). */
  async 'floor-timeline'({ db }: Record<string, string>) {
    return withTable(db!, async (run, table) => {
      const columns = await coveredColumns(run, table);
      const month = `date_trunc('month', "timestamp" AT TIME ZONE 'UTC')`;
      const t0 = performance.now();
      for (const c of columns) await run(`SELECT ${month} AS m, "${c}", count(*) FROM "${table}" GROUP BY ALL`);
      await run(`SELECT m, sum(rk) FILTER (WHERE outcome = 1) FROM (SELECT m, outcome, rank() OVER (PARTITION BY m ORDER BY score) AS rk
        FROM (SELECT ${month} AS m, outcome, score FROM "${table}" WHERE outcome IN (0, 1))) GROUP BY m`);
      return { seconds: (performance.now() - t0) / 1000, detail: { columns: columns.length } };
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
  const log = benchLog(dir, rows).parquet;
  const db = join(dir, 'monitor-bench.assay');
  run('prepare', { db, log });
  const drift = alternate(ROUNDS, () => run('group-by-side', { db }), () => run('drift', { db }));
  const timeline = alternate(ROUNDS, () => run('group-by-month', { db }), () => run('timeline', { db }));
  const driftFloor = byMedian(Array.from({ length: ROUNDS }, () => run('floor-drift', { db })));
  const timelineFloor = byMedian(Array.from({ length: ROUNDS }, () => run('floor-timeline', { db })));
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const n = rows.toLocaleString('en-US');
  const r1 = drift.ours.seconds / drift.base.seconds;
  const r2 = timeline.ours.seconds / timeline.base.seconds;
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return {
    title: 'Monitoring',
    intro: `\`monitor.drift\` (every column: mean, std, reference deciles, KS and Wasserstein from the two ECDFs, PSI and JS over the decile bins, chi-square over levels; recorded as a run) between the two years of a ${n}-row log, and \`monitor.timeline\` by month over the two years (PSI and JS of every column per window against the first year, selection rate, accuracy, AUC, Brier, ECE, fairness by sex and age group), each against one DuckDB \`count(*) … GROUP BY\` over the same table (by the side of the split; by month), in a fresh process with the case already open, alternating, medians of ${ROUNDS}. Ratio = Assay time ÷ GROUP BY time.`,
    headers: ['workload', 'rows', 'GROUP BY (s)', 'Assay (s)', 'ratio', 'target', '', 'plain exact SQL (s)', 'plain ÷ GROUP BY', 'Assay ÷ plain'],
    rows: [
      [`drift of ${String(drift.ours.detail.columns)} columns between two windows`, n, drift.base.seconds.toFixed(3), drift.ours.seconds.toFixed(3), `${r1.toFixed(2)}×`, '≤ 3×', met(r1 <= 3),
        driftFloor.seconds.toFixed(3), `${(driftFloor.seconds / drift.base.seconds).toFixed(1)}×`, `${(drift.ours.seconds / driftFloor.seconds).toFixed(2)}×`],
      [`monthly timeline (${String(timeline.ours.detail.windows)} windows)`, n, timeline.base.seconds.toFixed(3), timeline.ours.seconds.toFixed(3), `${r2.toFixed(2)}×`, '≤ 5×', met(r2 <= 5),
        timelineFloor.seconds.toFixed(3), `${(timelineFloor.seconds / timeline.base.seconds).toFixed(1)}×`, `${(timeline.ours.seconds / timelineFloor.seconds).toFixed(2)}×`],
    ],
    notes: [
      `Peak RSS of the Assay process: drift ${drift.ours.maxRssMb.toFixed(0)} MB, timeline ${timeline.ours.maxRssMb.toFixed(0)} MB.`,
      `Plain exact SQL: what hand-written queries need to get the inputs of the same exact numbers, run alone by DuckDB on the same case — for drift, each of the ${String(driftFloor.detail.columns)} covered columns counted per value and side (one GROUP BY each) and one sort of both sides' scores (their ECDFs); for the timeline, each column counted per month and value and, per month, one sort of the scores (AUC). No statistic is computed. Where the time goes: the drift target is out of reach for exact statistics — the baseline reads one column (the timestamp) once; exact drift must read all ${String(driftFloor.detail.columns)} and count each per value — Assay's single statement doing only that takes about 1.6–1.8 s at 10M rows, 9–10× the baseline, before any ECDF; for the timeline the target is not out of reach in principle: its necessary parts (per-month histograms of every column ~3.5 s, the per-month AUC sort ~1.3 s, the reference's counts ~0.7 s) add up to about 3.9× its baseline, and the rest of the gap is the separate per-month passes for performance, calibration and each attribute's fairness (~1.6 s), which could be folded into fewer scans.`,
      'Drift: one statement counts every column per stored value and side (one GROUP BY per column, the cast after the grouping); mean, std, deciles, KS, Wasserstein and the decile bins come from those counts (exact: the ECDFs change only at distinct values). A near-continuous column (the score: ~all values distinct) is cut into 65,536 equal-width buckets of its range (counts, sums, min and max per side); D = F_ref − F_cur is exact at every bucket end and bounded inside it, so only the buckets where the largest |D| or a change of sign of D could lie, and those holding the reference\'s decile ranks, are sorted (a few hundred thousand of ten million values) — the same KS, deciles and bins as a full sort, Wasserstein to 2e-15.',
      'Timeline: the reference\'s counts per value give its deciles (a near-continuous column: from buckets and the few that hold the ranks) and histograms; one statement of per-column GROUP BY (month, bin or level); AUC per month from one sort (mid-ranks) partitioned by an integer day number, not a GROUP BY per distinct score; the month computed from the epoch, not through a time-zone lookup per row.',
    ],
  };
}

await runTaskIfMain(import.meta.url, tasks);
