import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AssayService } from '../../src/api/service.ts';
import { measureIn, runTaskIfMain } from './measure.ts';
import { benchLog } from './bench-case.ts';
import type { BenchSection } from './section.ts';

const ROWS = 100_000;
const ctx = { user: 'bench', role: 'owner' as const };

const tasks = {
  /** A case with both demo models and a 100k-row log (not timed); then explain.global with TreeSHAP over every decision. */
  async global({ db, log }: Record<string, string>) {
    rmSync(db!, { force: true });
    rmSync(`${db}.wal`, { force: true });
    const s = new AssayService(db!);
    await s.call('case.create', { title: 'global explanation bench' }, ctx);
    await s.call('package.import', { path: 'fixtures/demo/packages/credit-logreg' }, ctx);
    await s.call('package.import', { path: 'fixtures/demo/packages/credit-gbm' }, ctx);
    await s.call('log.import', { path: log!, package: 'credit-logreg@1.0.0', name: 'bench' }, ctx);
    const t0 = performance.now();
    const r = await s.call('explain.global', { log: 'bench', package: 'credit-gbm@1.0.0', method: 'tree', limit: ROWS, attribute: 'sex', seed: 1 }, ctx);
    const seconds = (performance.now() - t0) / 1000;
    await s.close();
    rmSync(db!, { force: true });
    rmSync(`${db}.wal`, { force: true });
    return { seconds, detail: { decisions: r.decisions.length, maxAdditivityError: r.decisions.reduce((m, d) => Math.max(m, Math.abs(d.additivityError)), 0) } };
  },
} satisfies Record<string, (a: Record<string, string>) => Promise<{ seconds: number; detail: Record<string, unknown> }>>;

/** A global explanation of 100k decisions with the gradient-boosted model, through the service (target ≤ 1 min). */
export async function globalExplainBench(dir: string): Promise<BenchSection> {
  const log = benchLog(dir, ROWS).parquet;
  const m = measureIn(import.meta.url, 'global', { db: join(dir, 'global-explain-bench.assay'), log });
  return {
    title: 'Global explanation',
    intro: `\`explain.global\` over ${ROWS.toLocaleString('en-US')} decisions of a log with credit-gbm@1.0.0 (100 trees), TreeSHAP against 100 reference rows, SHAP by sex, stored as a run, through the service in a fresh process.`,
    headers: ['decisions', 'Assay (s)', 'decisions/s', 'peak RSS', 'target', ''],
    rows: [[ROWS.toLocaleString('en-US'), m.seconds.toFixed(1), Math.round(ROWS / m.seconds).toLocaleString('en-US'), `${m.maxRssMb.toFixed(0)} MB`, '≤ 60 s', m.seconds <= 60 ? 'met' : 'MISSED']],
    notes: [`${String(m.detail.decisions)} decisions explained; largest additivity error ${Number(m.detail.maxAdditivityError).toExponential(1)}.`],
  };
}

await runTaskIfMain(import.meta.url, tasks);
