import { AssayError } from '../api/errors.ts';
import { appendColumns, quoteIdent, type CaseDb } from '../case/index.ts';
import { REFERENCE_RELATION } from './sides-sql.ts';
import type { MonitorSubject } from './types.ts';

/**
 * Makes the package's reference data comparable with a log: a temporary table (never part of the case file) with
 * every reference column plus the model's `score` for each row and the `decision` score ≥ threshold. Returns its columns.
 */
export async function prepareReferenceData(db: CaseDb, subject: MonitorSubject): Promise<{ name: string; type: string }[]> {
  const { pkg } = subject;
  if (!pkg.referenceTable) {
    throw new AssayError('NOT_FOUND', `The package ${pkg.ref} came without reference data; give --reference FROM..TO to use a window of the log "${subject.log.name}" as the reference.`, { package: pkg.ref });
  }
  const table = quoteIdent(pkg.referenceTable);
  const columns = await db.query<{ name: string; type: string }>(
    "SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE table_name = $1 AND schema_name = 'main' AND database_name = current_database() ORDER BY column_index",
    [pkg.referenceTable],
  );
  const own = columns.filter((c) => c.name !== 'score' && c.name !== 'decision');
  const select = own.map((c) => `r.${quoteIdent(c.name)}`).join(', ');
  if (!subject.scoreReference) {
    await db.exec(`CREATE OR REPLACE TEMP TABLE monitor_reference AS SELECT ${select} FROM ${table} r`);
    return own;
  }
  const scores = await subject.scoreReference();
  await db.exec('CREATE OR REPLACE TEMP TABLE monitor_reference_scores (position DOUBLE, score DOUBLE)');
  await appendColumns(db, { table: 'monitor_reference_scores', temporary: true }, [Float64Array.from(scores, (_, i) => i), scores]);
  await db.exec(
    `CREATE OR REPLACE TEMP TABLE monitor_reference AS
     SELECT ${select}, s.score AS score, CASE WHEN s.score >= $threshold THEN 1 WHEN s.score < $threshold THEN 0 END AS decision
     FROM (SELECT *, row_number() OVER (ORDER BY rowid) - 1 AS _position FROM ${table}) r
     JOIN temp.monitor_reference_scores s ON r._position = CAST(s.position AS BIGINT)`,
    { threshold: pkg.manifest.threshold },
  );
  await db.exec('DROP TABLE temp.monitor_reference_scores');
  return [...own, { name: 'score', type: 'DOUBLE' }, { name: 'decision', type: 'INTEGER' }];
}

export { REFERENCE_RELATION };
