import { spawnSync } from 'node:child_process';

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
