import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Measurement {
  seconds: number;
  maxRssMb: number;
  detail: Record<string, unknown>;
}

/**
 * Runs one benchmark task in a fresh Node process (test/bench/task.ts) so that its peak RSS is its own,
 * and returns the time the task measured around its work and the process's peak RSS.
 */
export function measure(task: string, args: Record<string, unknown>): Measurement {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/task.ts', task, JSON.stringify(args)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`benchmark task ${task} failed:\n${r.stderr}\n${r.stdout}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as Measurement;
}

export function ratio(baseline: number, ours: number): number {
  return baseline / ours;
}

/** Runs a task of a benchmark module that runs its own tasks when started as a script (see fairness-bench.ts). */
export function measureIn(moduleUrl: string, task: string, args: Record<string, unknown>): Measurement {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(moduleUrl), task, JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`benchmark task ${task} of ${moduleUrl} failed:\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measurement;
}

/** Runs the named task of `tasks` when the module is the script being run, printing its measurement last. */
export async function runTaskIfMain(moduleUrl: string, tasks: Record<string, (args: Record<string, string>) => Promise<{ seconds: number; detail: Record<string, unknown> }>>): Promise<void> {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const [name, json] = process.argv.slice(2);
  const task = tasks[name!];
  if (!task) throw new Error(`unknown benchmark task ${name}`);
  const { seconds, detail } = await task(JSON.parse(json!) as Record<string, string>);
  console.log(JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, detail }));
}

/** The run with the median time. */
export function byMedian(ms: Measurement[]): Measurement {
  return [...ms].sort((a, b) => a.seconds - b.seconds)[Math.floor(ms.length / 2)]!;
}

/** Baseline and ours alternate `rounds` times, each in a fresh process; each side's median counts (the machines are shared). */
export function alternate(rounds: number, base: () => Measurement, ours: () => Measurement): { base: Measurement; ours: Measurement } {
  const b: Measurement[] = [];
  const o: Measurement[] = [];
  for (let i = 0; i < rounds; i++) {
    b.push(base());
    o.push(ours());
  }
  return { base: byMedian(b), ours: byMedian(o) };
}
