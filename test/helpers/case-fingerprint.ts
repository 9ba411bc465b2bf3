import { CaseDb, quoteIdent } from '../../src/case/index.ts';
import { sha256Hex } from '../../src/util/hash.ts';

/**
 * A digest of everything a case holds (every table's name, columns and rows), to prove that a refused
 * command left the case exactly as it was.
 */
export async function caseFingerprint(path: string): Promise<string> {
  const db = await CaseDb.open(path);
  try {
    const tables = await db.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1");
    const parts: string[] = [];
    for (const { name } of tables) {
      const cols = await db.query<{ c: string }>('SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position', [name]);
      const digest = await db.queryOne<{ d: string; n: number }>(
        `SELECT count(*) AS n, coalesce(bit_xor(hash(t))::VARCHAR, '0') AS d FROM ${quoteIdent(name)} t`,
      );
      parts.push(`${name}(${cols.map((c) => c.c).join(',')}):${digest?.n}:${digest?.d}`);
    }
    return sha256Hex(parts.join('\n'));
  } finally {
    await db.close();
  }
}
