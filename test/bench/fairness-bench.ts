import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { AssayService } from '../../src/api/service.ts';
import { alternate, byMedian, measureIn, runTaskIfMain, type Measurement } from './measure.ts';
import { BENCH_CONTEXT, benchLog, prepareBenchCase } from './bench-case.ts';
import type { BenchSection } from './section.ts';

const ctx = BENCH_CONTEXT;
const ROUNDS = 3;

async function logTable(db: string): Promise<string> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  const t = String((await c.runAndReadAll("SELECT table_name FROM logs WHERE name = 'bench'")).getRows()[0]![0]);
  c.closeSync();
  instance.closeSync();
  return t;
}

/** Times `work` on the case opened read-only by DuckDB alone (a warm-up query first), given the log's table and the attribute columns. */
async function timedSql(db: string, attributes: string, work: (run: (sql: string) => Promise<unknown[][]>, table: string, cols: string) => Promise<Record<string, unknown>>) {
  const table = await logTable(db);
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const cols = attributes.split(',').map((a) => `"${a}"`).join(', ');
    await c.run('SELECT 1');
    const t0 = performance.now();
    const detail = await work(async (sql) => (await c.runAndReadAll(sql)).getRows(), table, cols);
    return { seconds: (performance.now() - t0) / 1000, detail };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const tasks = {
  /** A case with the deployed model and the log (not timed). */
  prepare({ db, log }: Record<string, string>) {
    return prepareBenchCase(db!, log!, 'fairness bench');
  },

  /** The baseline: one DuckDB GROUP BY count over the log's table by the attribute(s), decision and outcome (the confusion cells). */
  async 'group-by'({ db, attributes }: Record<string, string>) {
    return timedSql(db!, attributes!, async (run, table, cols) => ({ groups: (await run(`SELECT ${cols}, "decision", "outcome", count(*) FROM "${table}" GROUP BY ALL`)).length }));
  },

  /**
   * Plain exact SQL, for scale: the cells with the score sums per group (one GROUP BY) and the positives' ranks within
   * each group (one window sort partitioned by the attribute values, as any exact per-group AUC needs).
   */
  async floor({ db, attributes }: Record<string, string>) {
    return timedSql(db!, attributes!, async (run, table, cols) => {
      await run(`SELECT ${cols}, "decision", "outcome", count(*), sum("score"), sum("score" * "score") FROM "${table}" GROUP BY ALL`);
      await run(`SELECT ${cols}, sum(rk) FILTER (WHERE "outcome" = 1) FROM (SELECT ${cols}, "outcome", rank() OVER (PARTITION BY ${cols} ORDER BY "score") AS rk
        FROM "${table}" WHERE "outcome" IN (0, 1) AND "decision" IN (0, 1)) GROUP BY ALL`);
      return {};
    });
  },

  /** Assay's fairness.run through the service, the case already open. */
  async fairness({ db, attributes, bootstrap }: Record<string, string>) {
    const s = new AssayService(db!);
    await s.call('log.list', {}, ctx);
    const t0 = performance.now();
    const r = await s.call('fairness.run', {
      log: 'bench', attributes: attributes!.split(','), consistencyLimit: 0, ...(bootstrap ? { bootstrap: Number(bootstrap), seed: 1 } : {}),
    }, ctx);
    const seconds = (performance.now() - t0) / 1000;
    await s.close();
    return { seconds, detail: { groups: r.groups.length, rows: r.groups.reduce((a, g) => a + g.count, 0) } };
  },

  /** report.create over the same case (its runs are the fairness runs above), unsigned, PDF + HTML + evidence. */
  async report({ db, out }: Record<string, string>) {
    const s = new AssayService(db!);
    await s.call('log.list', {}, ctx);
    const t0 = performance.now();
    const r = await s.call('report.create', { out: out!, html: out!.replace(/\.pdf$/, '.html') }, ctx);
    const seconds = (performance.now() - t0) / 1000;
    await s.close();
    return { seconds, detail: { pages: r.pages, runs: r.runs } };
  },
} satisfies Record<string, (a: Record<string, string>) => Promise<{ seconds: number; detail: Record<string, unknown> }>>;

const run = (task: keyof typeof tasks, args: Record<string, string>) => measureIn(import.meta.url, task, args);

/**
 * The full metric set for one attribute, and for an intersection of two, against one DuckDB GROUP BY count over the
 * same table, each in a fresh process, alternating, medians of three; the cost of 1,000 bootstrap replicates.
 */
export async function fairnessBench(dir: string, rows: number): Promise<BenchSection> {
  const log = benchLog(dir, rows).parquet;
  const db = join(dir, 'fairness-bench.assay');
  run('prepare', { db, log });
  const one = alternate(ROUNDS, () => run('group-by', { db, attributes: 'sex' }), () => run('fairness', { db, attributes: 'sex' }));
  const two = alternate(ROUNDS, () => run('group-by', { db, attributes: 'sex,age_group' }), () => run('fairness', { db, attributes: 'sex,age_group' }));
  const floor1 = byMedian(Array.from({ length: ROUNDS }, () => run('floor', { db, attributes: 'sex' })));
  const floor2 = byMedian(Array.from({ length: ROUNDS }, () => run('floor', { db, attributes: 'sex,age_group' })));
  const boot = byMedian(Array.from({ length: ROUNDS }, () => run('fairness', { db, attributes: 'sex', bootstrap: '1000' })));
  const report = run('report', { db, out: join(dir, 'fairness-bench-report.pdf') });
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const n = rows.toLocaleString('en-US');
  const ratio = (o: Measurement, b: Measurement) => o.seconds / b.seconds;
  const r1 = ratio(one.ours, one.base);
  const r2 = ratio(two.ours, two.base);
  const added = boot.seconds - one.ours.seconds;
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return {
    title: 'Fairness',
    intro: `\`fairness.run\` through the service on a ${n}-row log (no bootstrap, no consistency: group counts in one DuckDB pass, per-group AUC by ranks in SQL, every metric of the spec table, significance tests, recorded as a run) against one DuckDB \`SELECT attr, decision, outcome, count(*) … GROUP BY ALL\` over the same table (the confusion cells a hand-written query would count), each in a fresh process with the case already open, alternating, medians of ${ROUNDS}. Ratio = Assay time ÷ GROUP BY time.`,
    headers: ['workload', 'rows', 'GROUP BY (s)', 'Assay (s)', 'ratio', 'target', '', 'plain exact SQL (s)', 'plain ÷ GROUP BY', 'Assay ÷ plain'],
    rows: [
      ['one attribute (sex)', n, one.base.seconds.toFixed(3), one.ours.seconds.toFixed(3), `${r1.toFixed(2)}×`, '≤ 2×', met(r1 <= 2),
        floor1.seconds.toFixed(3), `${(floor1.seconds / one.base.seconds).toFixed(1)}×`, `${(one.ours.seconds / floor1.seconds).toFixed(2)}×`],
      ['intersection (sex | age_group)', n, two.base.seconds.toFixed(3), two.ours.seconds.toFixed(3), `${r2.toFixed(2)}×`, '≤ 3×', met(r2 <= 3),
        floor2.seconds.toFixed(3), `${(floor2.seconds / two.base.seconds).toFixed(1)}×`, `${(two.ours.seconds / floor2.seconds).toFixed(2)}×`],
      ['1,000 bootstrap replicates, added time', n, '—', `+${added.toFixed(3)}`, '—', '≤ +1 s', met(added <= 1), '', '', ''],
      [`report of this case (${String(report.detail.runs)} runs, ${String(report.detail.pages)} pages, PDF + HTML + evidence)`, n, '—', report.seconds.toFixed(3), '—', '≤ 30 s', met(report.seconds <= 30), '', '', ''],
    ],
    notes: [
      `Groups: ${String(one.ours.detail.groups)} for sex, ${String(two.ours.detail.groups)} for the intersection; peak RSS of the Assay process ${one.ours.maxRssMb.toFixed(0)} MB.`,
      'The bootstrap resamples the group × cell counts (a multinomial draw per replicate), so it never re-reads the log.',
      'Plain exact SQL: what a hand-written query needs to get the inputs of the same exact metric set, run alone by DuckDB on the same case — the confusion cells with score sums (one GROUP BY) and the positives\' ranks within each group (one window sort partitioned by the attribute values; every exact per-group AUC, as roc_auc_score computes it, needs the scores ordered within each group). No metric is computed. Assay partitions its rank sort by a small integer code of the group instead of the text values, so it beats that SQL ("Assay ÷ plain" below 1). Why the targets stay out of reach: the rank sort alone — Assay\'s fastest form of it — takes about 1.5–1.9 s at 10M rows, 7–8× the single count it is compared with; only an approximate AUC could reach 2×.',
    ],
  };
}

await runTaskIfMain(import.meta.url, tasks);
