import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { AssayService } from '../../src/api/service.ts';

/** One benchmark task, run in its own process by measure.ts; prints {seconds, maxRssMb, detail} as its last line. */
type Task = (args: Record<string, string>) => Promise<{ seconds: number; detail: Record<string, unknown> }>;

function fresh(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
}

const ctx = { user: 'bench', role: 'owner' as const };

const tasks: Record<string, Task> = {
  /** DuckDB's own CREATE TABLE AS over the file: the baseline an import is compared with. */
  async 'duckdb-ctas'({ file, db, reader }) {
    fresh(db!);
    const instance = await DuckDBInstance.create(db!);
    const c = await instance.connect();
    const t0 = performance.now();
    await c.run(`CREATE TABLE t AS SELECT * FROM ${reader}($1)`, [file!]);
    await c.run('CHECKPOINT');
    const seconds = (performance.now() - t0) / 1000;
    const rows = Number((await c.runAndReadAll('SELECT count(*) FROM t')).getRows()[0]![0]);
    c.closeSync();
    instance.closeSync();
    return { seconds, detail: { rows } };
  },
  /** Assay's log import through the service (validation, typing, quarantine, one transaction). */
  async 'assay-log-import'({ file, db, pkg, ref }) {
    fresh(db!);
    const service = new AssayService(db!);
    await service.call('case.create', { title: 'bench' }, ctx);
    await service.call('package.import', { path: pkg! }, ctx);
    await service.close();
    const s2 = new AssayService(db!);
    const t0 = performance.now();
    const r = await s2.call('log.import', { path: file!, package: ref!, name: 'bench' }, ctx);
    const seconds = (performance.now() - t0) / 1000;
    await s2.close();
    return { seconds, detail: { rows: r.rows, quarantined: r.quarantined } };
  },
};

const [name, json] = process.argv.slice(2);
const task = tasks[name!];
if (!task) throw new Error(`unknown benchmark task ${name}`);
const { seconds, detail } = await task(JSON.parse(json!) as Record<string, string>);
const maxRssMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ seconds, maxRssMb, detail }));
