import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildDemoCase } from '../../src/api/demo.ts';
import { AssayService } from '../../src/api/service.ts';
import { CaseDb } from '../../src/case/index.ts';
import { createTestCertificate } from '../../src/report/index.ts';
import type { BenchSection } from './section.ts';

const ctx = { user: 'bench', role: 'owner' as const };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function timed(fn: () => Promise<unknown>, repeats = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  return median(times);
}

/**
 * The demo case's full signed report (every section, PDF + HTML + evidence, PAdES signature), through the service
 * as `assay report` runs it, against the baseline of reading the case's runs with their results from DuckDB.
 * The target: ≤ 5 s. Not wired into run.ts; call reportBench(dir) to get its section.
 */
export async function reportBench(dir: string): Promise<BenchSection> {
  mkdirSync(dir, { recursive: true });
  const demo = await buildDemoCase(join(dir, 'demo'), ctx);
  const p12 = join(dir, 'bench.p12');
  writeFileSync(p12, createTestCertificate({ name: 'Bench', password: 'bench-password' }).p12);
  const baseline = await timed(async () => {
    const db = await CaseDb.open(demo.casePath, { readOnly: true });
    const rows = await db.query<{ result: string }>('SELECT run_id, method, parameters, result FROM runs');
    rows.forEach((r) => JSON.parse(r.result));
    await db.close();
  });
  let pages = 0;
  const report = async (sign: boolean) => {
    const s = new AssayService(demo.casePath);
    try {
      const r = await s.call('report.create', {
        out: join(dir, sign ? 'signed.pdf' : 'unsigned.pdf'), html: join(dir, 'report.html'),
        ...(sign ? { sign: p12, password: 'bench-password' } : {}),
      }, ctx);
      pages = r.pages;
    } finally {
      await s.close();
    }
  };
  const unsigned = await timed(() => report(false));
  const signed = await timed(() => report(true));
  const fmt = (x: number) => x.toFixed(2);
  return {
    title: 'Signed compliance report',
    intro: `The demo case's full report (${pages} pages, every section, HTML and evidence bundle too), median of 3 runs through the service, each opening the case afresh; the baseline reads every run with its result from DuckDB.`,
    headers: ['task', 'seconds', '× baseline'],
    rows: [
      ['read the runs (baseline)', fmt(baseline), '1.0'],
      ['report, unsigned', fmt(unsigned), (unsigned / baseline).toFixed(1)],
      ['report, signed (PAdES B-B)', fmt(signed), (signed / baseline).toFixed(1)],
    ],
    notes: [`Target: the full signed report ≤ 5 s — ${signed <= 5 ? 'met' : 'NOT met'} (${fmt(signed)} s).`],
  };
}
