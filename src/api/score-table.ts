import type { CaseDb } from '../case/index.ts';
import { quoteIdent } from '../case/index.ts';
import type { FeatureBatch, ModelSession } from '../inference/index.ts';
import { AssayError } from './errors.ts';
import type { Progress } from './contract-types.ts';

export interface ScoreTableOptions {
  limit?: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** Streams a table's feature columns out of DuckDB, chunk by chunk, through the model; returns scores in table order. */
export async function scoreTable(db: CaseDb, table: string, model: ModelSession, options: ScoreTableOptions = {}): Promise<Float64Array> {
  const features = model.spec.features.map((f) => f.name);
  const total = Number((await db.queryOne<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`))?.n ?? 0);
  const rows = options.limit === undefined ? total : Math.min(total, options.limit);
  const scores = new Float64Array(rows);
  let done = 0;
  const sql = `SELECT ${features.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} ORDER BY rowid${options.limit === undefined ? '' : ` LIMIT ${rows}`}`;
  await db.forEachChunk(sql, undefined, async (columns, names, rowCount) => {
    if (options.signal?.aborted) throw new AssayError('CANCELLED', 'Scoring was cancelled; nothing was recorded.');
    const batch: FeatureBatch = { length: rowCount, columns: Object.fromEntries(names.map((n, i) => [n, columns[i]!])) };
    scores.set(await model.score(batch), done);
    done += rowCount;
    options.onProgress?.({ stage: 'scoring', done, total: rows });
  });
  return scores;
}
