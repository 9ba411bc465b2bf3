import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { DuckDBInstance } from '@duckdb/node-api';
import { chromium } from 'playwright-core';
import { measureIn, runTaskIfMain, type Measurement } from './measure.ts';
import { benchLog, prepareBenchCase } from './bench-case.ts';
import type { BenchSection } from './section.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** The explorer's own page size (renderer/features/explorer/Explorer.tsx PAGE) and the spec's scrolling page. */
const HEAD_LIMIT = 100;
const SCROLL_LIMIT = 200;
const SCROLL_PAGES = 50;
const REPEATS = 5;
/** Evaluated in the page (the tests' tsconfig has no DOM library). */
interface PagePerformance {
  timeOrigin: number;
  now(): number;
  getEntriesByName(name: string): { startTime: number }[];
}
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type Filter = { column: string; op: 'eq'; value: string };
/** The log.page arguments the explorer sends, less `log`, `offset` and `limit`. */
interface View {
  sort?: { column: string; dir: 'asc' | 'desc' };
  filters?: Filter[];
  scoreMin?: number;
  scoreMax?: number;
}
const VIEWS = {
  all: {},
  sorted: { sort: { column: 'score', dir: 'desc' } },
  female: { filters: [{ column: 'sex', op: 'eq', value: 'female' }] },
  scoreRange: { scoreMin: 0.3, scoreMax: 0.6 },
} satisfies Record<string, View>;

/** Offsets of the scrolled pages: spread evenly from the second page to the last one, increasing. */
function scrollOffsets(total: number): number[] {
  const last = Math.max(0, total - SCROLL_LIMIT);
  return Array.from({ length: SCROLL_PAGES }, (_, i) => Math.round(HEAD_LIMIT + ((last - HEAD_LIMIT) * i) / (SCROLL_PAGES - 1)));
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}
const median = (xs: number[]) => quantile(xs, 0.5);

async function startServe(db: string): Promise<{ child: ChildProcess; url: string; answeredAt: number }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'assay.js'), 'serve', db, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).once('line', (line) => ok(line.trim()));
    child.once('exit', (code) => fail(new Error(`assay serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, answeredAt: Date.now() };
}

async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** A view's filter as the SQL WHERE clause the handler builds, with its parameters. */
function whereSql(view: View): { where: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const f of view.filters ?? []) parts.push(`CAST("${f.column}" AS VARCHAR) = $${params.push(f.value)}`);
  if (view.scoreMin !== undefined) parts.push(`"score" >= $${params.push(view.scoreMin)}`);
  if (view.scoreMax !== undefined) parts.push(`"score" <= $${params.push(view.scoreMax)}`);
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

type Statement = { sql: string; params: (string | number)[] };

/** A page written plainly for DuckDB: the filtered count and SELECT * … ORDER BY … LIMIT … OFFSET …. */
function pageSql(table: string, view: View, offset: number, limit: number): Statement[] {
  const { where, params } = whereSql(view);
  const order = view.sort ? `"${view.sort.column}" ${view.sort.dir === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, "_row"` : '"_row"';
  return [
    { sql: `SELECT count(*) AS n FROM "${table}" ${where}`, params },
    { sql: `SELECT * FROM "${table}" ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`, params },
  ];
}

/** The chart aggregates as the handler writes them (src/api/handlers/explorer-handlers.ts, summarise). */
function chartsSql(table: string, view: View): Statement[] {
  const { where, params } = whereSql(view);
  const and = where ? `${where} AND` : 'WHERE';
  return [
    { sql: `SELECT "decision" AS d, CAST(least(greatest(floor("score" * 20), 0), 19) AS INTEGER) AS bin, count(*) AS n FROM "${table}" ${and} "score" IS NOT NULL GROUP BY ALL ORDER BY 1, 2`, params },
    { sql: `SELECT CAST(floor(epoch_ms("timestamp") / 86400000) AS BIGINT) AS day, "decision", count(*) AS n FROM "${table}" ${and} "timestamp" IS NOT NULL GROUP BY ALL`, params },
  ];
}

/** One of the explorer's calls on one side (HTTP or DuckDB): its time in ms and the matching rows. */
type Exec = (what: 'page' | 'charts', view: View, offset: number, limit: number) => Promise<{ ms: number; total: number }>;

interface Timings {
  /** The first page (rows and total) and the chart aggregates on opening: the first calls (cold), then medians. */
  pageCold: number;
  page: number;
  chartsCold: number;
  charts: number;
  /** Pages spread over the whole log, and pages one after the other from its middle. */
  scroll: number[];
  along: number[];
  sorted: number;
  /** Per filter: its first page, and its chart aggregates. */
  filters: Record<'female' | 'scoreRange', { page: number; charts: number }>;
  totals: Record<string, number>;
}

/**
 * What the explorer asks (renderer/features/explorer/Explorer.tsx): on opening, the first page of HEAD_LIMIT rows
 * and then the chart aggregates (`limit: 1, summary: true`, without the sort); pages as it scrolls; on a sort, the
 * first page only (the charts do not depend on it); on a filter, the first page and the charts.
 */
async function scenario(exec: Exec): Promise<Timings> {
  const repeat = async (what: 'page' | 'charts', view: View) => {
    const ms: number[] = [];
    let total = 0;
    for (let i = 0; i < REPEATS; i++) {
      const r = await exec(what, view, 0, what === 'page' ? HEAD_LIMIT : 1);
      ms.push(r.ms);
      total = r.total;
    }
    return { ms: median(ms), total };
  };
  const pageCold = await exec('page', VIEWS.all, 0, HEAD_LIMIT);
  const chartsCold = await exec('charts', VIEWS.all, 0, 1);
  const page = await repeat('page', VIEWS.all);
  const charts = await repeat('charts', VIEWS.all);
  const scroll: number[] = [];
  for (const offset of scrollOffsets(pageCold.total)) scroll.push((await exec('page', VIEWS.all, offset, SCROLL_LIMIT)).ms);
  const along: number[] = [];
  const middle = Math.floor(pageCold.total / 2);
  for (let i = 0; i < SCROLL_PAGES; i++) along.push((await exec('page', VIEWS.all, middle + i * SCROLL_LIMIT, SCROLL_LIMIT)).ms);
  const sorted = await repeat('page', VIEWS.sorted);
  const totals: Record<string, number> = { all: pageCold.total, sorted: sorted.total };
  const filters = {} as Timings['filters'];
  for (const name of ['female', 'scoreRange'] as const) {
    const p = await repeat('page', VIEWS[name]);
    filters[name] = { page: p.ms, charts: (await repeat('charts', VIEWS[name])).ms };
    totals[name] = p.total;
  }
  return { pageCold: pageCold.ms, page: page.ms, chartsCold: chartsCold.ms, charts: charts.ms, scroll, along, sorted: sorted.ms, filters, totals };
}

const tasks = {
  /** A case with the deployed model and the log (not timed). */
  prepare({ db, log }: Record<string, string>) {
    return prepareBenchCase(db!, log!, 'explorer bench');
  },

  /** The explorer's calls through `assay serve`: POST /api/log.page with the bearer token, the JSON answer read in full. */
  async http({ db }: Record<string, string>) {
    const { child, url } = await startServe(db!);
    try {
      const u = new URL(url);
      const token = u.searchParams.get('token')!;
      const exec: Exec = async (what, view, offset, limit) => {
        const { sort: _sort, ...unsorted } = view;
        const args = what === 'page' ? { log: 'bench', ...view, ...(offset ? { offset } : {}), limit } : { log: 'bench', ...unsorted, limit: 1, summary: true };
        const t0 = performance.now();
        const res = await fetch(`${u.origin}/api/log.page`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(args) });
        const body = (await res.json()) as { total: number };
        const ms = performance.now() - t0;
        if (!res.ok) throw new Error(`log.page ${JSON.stringify(args)} answered ${res.status}: ${JSON.stringify(body)}`);
        return { ms, total: body.total };
      };
      const t = await scenario(exec);
      return { seconds: t.page / 1000, detail: t as unknown as Record<string, unknown> };
    } finally {
      await stopServe(child);
    }
  },

  /** The same queries in DuckDB alone, on the case file opened read-only, in the same order. */
  async duckdb({ db }: Record<string, string>) {
    const instance = await DuckDBInstance.create(db!, { access_mode: 'READ_ONLY' });
    const c = await instance.connect();
    try {
      const table = String((await c.runAndReadAll("SELECT table_name FROM logs WHERE name = 'bench'")).getRows()[0]![0]);
      const exec: Exec = async (what, view, offset, limit) => {
        const statements = what === 'page' ? pageSql(table, view, offset, limit) : chartsSql(table, view);
        const t0 = performance.now();
        const results = [];
        for (const st of statements) results.push((await c.runAndReadAll(st.sql, st.params)).getRows());
        const ms = performance.now() - t0;
        return { ms, total: what === 'page' ? Number(results[0]![0]![0]) : NaN };
      };
      const t = await scenario(exec);
      return { seconds: t.page / 1000, detail: t as unknown as Record<string, unknown> };
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  },

  /**
   * The demo case in Chromium: `assay serve` started with the browser already running; the first contentful paint of
   * the case home opened from the printed address, and a fresh load of the explorer on the demo's clean log until
   * its table shows its first row.
   */
  async paint({ dir }: Record<string, string>) {
    const work = mkdtempSync(join(dir!, 'explorer-paint-'));
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    let serve: ChildProcess | null = null;
    try {
      execFileSync(process.execPath, [join(ROOT, 'bin', 'assay.js'), 'demo', '--out', work], { cwd: ROOT, stdio: 'ignore' });
      const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
      const started = await startServe(join(work, 'demo.assay'));
      serve = started.child;
      await page.goto(started.url);
      await page.waitForSelector('[data-testid=case-id]');
      const home = await page.evaluate(() => {
        const p = (globalThis as unknown as { performance: PagePerformance }).performance;
        return { origin: p.timeOrigin, fcp: p.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN, ready: p.now() };
      });
      await page.goto('about:blank');
      await page.goto(`${new URL(started.url).origin}/#/log/clean`);
      await page.waitForSelector('.vbody .vrow[data-index="0"] a');
      const explorer = await page.evaluate(() => {
        const p = (globalThis as unknown as { performance: PagePerformance }).performance;
        return { fcp: p.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN, firstRow: p.now() };
      });
      const detail = {
        homeFcp: home.fcp, homeFcpAfterServe: home.origin + home.fcp - started.answeredAt, homeReady: home.ready,
        explorerFcp: explorer.fcp, explorerFirstRow: explorer.firstRow,
      };
      return { seconds: detail.homeFcpAfterServe / 1000, detail };
    } finally {
      if (serve) await stopServe(serve);
      await browser.close();
      rmSync(work, { recursive: true, force: true });
    }
  },
} satisfies Record<string, (a: Record<string, string>) => Promise<{ seconds: number; detail: Record<string, unknown> }>>;

const run = (task: keyof typeof tasks, args: Record<string, string>) => measureIn(import.meta.url, task, args);
const timings = (m: Measurement) => m.detail as unknown as Timings;

/** The paint task, tried a second time if it fails: another process rebuilding dist/renderer meanwhile breaks a page load. */
function paintOnce(dir: string): Record<string, number> {
  try {
    return run('paint', { dir }).detail as Record<string, number>;
  } catch {
    return run('paint', { dir }).detail as Record<string, number>;
  }
}

/**
 * The decision explorer's calls through the HTTP host on a bench log, each beside DuckDB running the same queries
 * on the same case file in its own fresh process; the demo case's first paint in Chromium.
 */
export async function explorerBench(dir: string, rows: number): Promise<BenchSection> {
  const log = benchLog(dir, rows).parquet;
  if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) execFileSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' });
  const db = join(dir, 'explorer-bench.assay');
  run('prepare', { db, log });
  const base = timings(run('duckdb', { db }));
  const ours = timings(run('http', { db }));
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const paint = paintOnce(dir);

  const n = rows.toLocaleString('en-US');
  const ms = (x: number) => x.toFixed(1);
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const count = (k: string) => (ours.totals[k] ?? 0).toLocaleString('en-US');
  const [b50, b95, o50, o95] = [median(base.scroll), quantile(base.scroll, 0.95), median(ours.scroll), quantile(ours.scroll, 0.95)];
  const filterRows = (key: 'female' | 'scoreRange', label: string): string[][] => {
    const b = base.filters[key];
    const o = ours.filters[key];
    return [
      [`filter ${label}: first page`, count(key), ms(b.page), ms(o.page), '≤ 1 s', met(o.page <= 1000)],
      [`filter ${label}: first page, then its charts`, count(key), ms(b.page + b.charts), ms(o.page + o.charts), '≤ 1 s', met(o.page + o.charts <= 1000)],
    ];
  };
  return {
    title: 'Decision explorer',
    intro: `The explorer's calls to \`log.page\` through \`assay serve\` (POST /api/log.page with the token, the JSON answer read in full) on a ${n}-row log, beside DuckDB alone on the same case file opened read-only, running for a page the plain SQL (the filtered \`count(*)\` and \`SELECT * … ORDER BY … LIMIT … OFFSET …\`) and for the charts the handler's two aggregates; each side in its own fresh process, in the same order. What the explorer asks: on opening, the first ${HEAD_LIMIT} rows with the total, then the chart aggregates in a second call; pages as it scrolls; on a sort, the first page (the charts do not depend on the sort); on a filter, the first page and the charts. Times in ms, medians of ${REPEATS} except the first calls and the scrolled pages.`,
    headers: ['call', 'matching rows', 'DuckDB (ms)', 'Assay over HTTP (ms)', 'target', ''],
    rows: [
      ['first page on opening (first call, cold)', count('all'), ms(base.pageCold), ms(ours.pageCold), '≤ 300 ms', met(ours.pageCold <= 300)],
      ['first page on opening, again', count('all'), ms(base.page), ms(ours.page), '≤ 300 ms', met(ours.page <= 300)],
      ['chart aggregates on opening (first call, cold)', count('all'), ms(base.chartsCold), ms(ours.chartsCold), '—', ''],
      ['chart aggregates on opening, again', count('all'), ms(base.charts), ms(ours.charts), '—', ''],
      [`further page of ${SCROLL_LIMIT} rows, spread over the log, p50 of ${SCROLL_PAGES}`, count('all'), ms(b50), ms(o50), '—', ''],
      [`further page of ${SCROLL_LIMIT} rows, spread over the log, p95 of ${SCROLL_PAGES}`, count('all'), ms(b95), ms(o95), '≤ 50 ms', met(o95 <= 50)],
      [`next page of ${SCROLL_LIMIT} rows from the middle on, p50 of ${SCROLL_PAGES}`, count('all'), ms(median(base.along)), ms(median(ours.along)), '—', ''],
      [`next page of ${SCROLL_LIMIT} rows from the middle on, p95 of ${SCROLL_PAGES}`, count('all'), ms(quantile(base.along, 0.95)), ms(quantile(ours.along, 0.95)), '≤ 50 ms', met(quantile(ours.along, 0.95) <= 50)],
      ['sort on score, descending: first page', count('sorted'), ms(base.sorted), ms(ours.sorted), '≤ 1 s', met(ours.sorted <= 1000)],
      ...filterRows('female', 'sex = female'),
      ...filterRows('scoreRange', '0.3 ≤ score ≤ 0.6'),
      ['demo case: first contentful paint after `assay serve` answered', '1,000 a log', '—', ms(paint.homeFcpAfterServe!), '≤ 2 s', met(paint.homeFcpAfterServe! <= 2000)],
    ],
    notes: [
      `Further pages: ${SCROLL_PAGES} calls of ${SCROLL_LIMIT} rows at offsets spread evenly from ${HEAD_LIMIT} to the end of the log, in increasing order, as when dragging the scroll bar, each in a part of the table not read before (DuckDB loads that row group's column segments: most of such a call's time); and ${SCROLL_PAGES} consecutive pages from the middle of the log on, as when scrolling with the wheel (the explorer itself asks ${HEAD_LIMIT} rows a page). In the log's own order the handler finds a page by \`_row\` ranges (a gap-free log: \`_row\` = min + offset; else per-bucket counts of the matching rows) instead of OFFSET, which makes DuckDB sort every row before the page; a sorted view still pages by OFFSET.`,
      'The chart aggregates are a pass over every matching row (score histogram by decision, counts by UTC day summed into months); the explorer asks them in a call of their own so that the table does not wait for them.',
      `Demo case in Chromium (headless, the E2E test's flags): first contentful paint ${ms(paint.homeFcp!)} ms after navigation start on the case home, which is ready (case id shown) at ${ms(paint.homeReady!)} ms; the time after \`assay serve\` printed its address includes Playwright's navigation. A fresh load of the explorer on the demo's clean log paints first at ${ms(paint.explorerFcp!)} ms and shows its first row at ${ms(paint.explorerFirstRow!)} ms after navigation start.`,
    ],
  };
}

await runTaskIfMain(import.meta.url, tasks);
