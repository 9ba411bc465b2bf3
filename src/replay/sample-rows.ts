import { quoteIdent, type CaseDb } from '../case/index.ts';
import { Random } from '../util/random.ts';

/** A seeded sample of `size` distinct _row values of the log (all of them when it is smaller), ascending. */
export async function sampleRows(db: CaseDb, table: string, size: number, seed: number): Promise<number[]> {
  const all: number[] = [];
  await db.forEachChunk(`SELECT CAST(_row AS DOUBLE) FROM ${quoteIdent(table)} ORDER BY _row`, undefined, (columns) => {
    for (const v of columns[0]!) all.push(v as number);
  });
  if (all.length <= size) return all;
  const rng = new Random(seed);
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(all.length - i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, size).sort((a, b) => a - b);
}
