import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemoCase } from '../../../src/api/demo.ts';
import { AssayError } from '../../../src/api/errors.ts';
import type { CallContext } from '../../../src/api/handler-context.ts';
import { AssayService } from '../../../src/api/service.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';

export const AUDITOR: CallContext = { user: 'alex', role: 'auditor' };

/** The demo case (packages credit-logreg, -zipmap, -gbm, -mlp; logs clean, tampered, drifted, gbm), built into `dir`. */
export async function demoCase(dir: string): Promise<string> {
  return (await buildDemoCase(join(dir, 'demo'), { user: 'olga', role: 'owner' })).casePath;
}

export type Record_ = Record<string, string>;

/** A CSV without quoted fields (the demo files have none) as records of text. */
export function readCsv(path: string): Record_[] {
  const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return rows.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v])));
}

export function writeCsv(path: string, rows: Record_[], columns = Object.keys(rows[0]!)): string {
  writeFileSync(path, [columns.join(','), ...rows.map((r) => columns.map((c) => r[c] ?? '').join(','))].join('\n') + '\n');
  return path;
}

export const cleanRows = (): Record_[] => readCsv(demoLog('decisions-clean.csv'));
export const driftedCsvPath = demoLog('decisions-drifted.parquet');
export const referenceRows = (): Record_[] => readCsv(join(demoPackage('credit-logreg'), 'reference.csv'));

/** Imports a constructed CSV log for credit-logreg@1.0.0 into the case. */
export async function importLog(casePath: string, file: string, name: string): Promise<void> {
  const service = new AssayService(casePath);
  try {
    await service.call('log.import', { path: file, package: 'credit-logreg@1.0.0', name, personal: ['applicant_id'] }, AUDITOR);
  } finally {
    await service.close();
  }
}

export function isError(code: string, ...mentions: string[]): (e: unknown) => boolean {
  return (e: unknown) => {
    if (!(e instanceof AssayError)) throw e;
    if (e.code !== code) throw new Error(`expected ${code}, got ${e.code}: ${e.message}`);
    for (const m of mentions) if (!e.message.includes(m)) throw new Error(`"${e.message}" should mention "${m}"`);
    return true;
  };
}

/** Linear-interpolation quantile (numpy's default, type 7) of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!));
}
