import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseDb } from '../../../src/case/index.ts';
import { Random } from '../../../src/util/random.ts';
import type { SqlRunner } from '../../../src/fairness/index.ts';

export interface LogRow {
  _row: number;
  decision_id: string;
  score: number;
  decision: 0 | 1;
  outcome: 0 | 1 | null;
  sex: string | null;
  race: string | null;
  age: number | null;
  income: number;
  purpose: string | null;
}

export const LOG_COLUMNS = ['_row', 'decision_id', 'score', 'decision', 'outcome', 'sex', 'race', 'age', 'income', 'purpose'] as const;
const TYPES = "{'_row': 'BIGINT', 'decision_id': 'VARCHAR', 'score': 'DOUBLE', 'decision': 'INTEGER', 'outcome': 'INTEGER', 'sex': 'VARCHAR', 'race': 'VARCHAR', 'age': 'DOUBLE', 'income': 'DOUBLE', 'purpose': 'VARCHAR'}";

/** A random decision log: scores rounded to 0.01 (ties), ~20% outcomes missing, a rare race, some sex missing. */
export function randomLog(seed: number, n: number): LogRow[] {
  const rng = new Random(seed);
  const rows: LogRow[] = [];
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    const sex = u < 0.05 ? null : u < 0.5 ? 'female' : 'male';
    const v = rng.next();
    const race = v < 0.03 ? 'z' : v < 0.4 ? 'x' : 'y';
    const shift = (sex === 'female' ? -0.08 : 0.04) + (race === 'z' ? 0.1 : 0);
    const score = Math.round(Math.min(1, Math.max(0, rng.next() * 0.8 + 0.1 + shift)) * 100) / 100;
    const flip = rng.next() < 0.05;
    const decision = ((score >= 0.5) !== flip ? 1 : 0) as 0 | 1;
    const outcome = rng.next() < 0.2 ? null : ((rng.next() < score ? 1 : 0) as 0 | 1);
    rows.push({
      _row: i, decision_id: `d${i}`, score, decision, outcome, sex, race,
      age: rng.next() < 0.02 ? null : 18 + rng.int(60), income: Math.round(rng.normal() * 1000 + 3000 + (sex === 'male' ? 400 : 0)),
      purpose: ['car', 'education', 'home'][rng.int(3)]!,
    });
  }
  return rows;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function writeCsv(path: string, header: readonly string[], rows: readonly Record<string, unknown>[]): void {
  writeFileSync(path, [header.join(','), ...rows.map((r) => header.map((h) => csvCell(r[h])).join(','))].join('\n') + '\n');
}

/** A fresh case holding the given logs as tables (named as the keys), opened allowing `extraFiles`. */
export async function caseWithLogs(dir: string, name: string, logs: Record<string, readonly LogRow[]>, extraFiles: string[] = []): Promise<CaseDb> {
  const path = join(dir, `${name}.assay`);
  await (await CaseDb.create(path, name, 'tester')).close();
  const csvs = Object.keys(logs).map((t) => join(dir, `${name}-${t}.csv`));
  Object.entries(logs).forEach(([, rows], i) => writeCsv(csvs[i]!, LOG_COLUMNS, rows as unknown as Record<string, unknown>[]));
  const db = await CaseDb.open(path, { allowedFiles: [...csvs, ...extraFiles] });
  for (const [i, t] of Object.keys(logs).entries()) {
    await db.exec(`CREATE TABLE "${t}" AS SELECT * FROM read_csv('${csvs[i]}', header = true, types = ${TYPES})`);
  }
  return db;
}

export function runner(db: CaseDb): SqlRunner {
  return { query: (sql, params) => db.query(sql, params) };
}
