import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveMapping } from '../../../src/logs/column-mapping.ts';
import { readHead } from '../../../src/logs/detect-format.ts';
import { firstPassSql } from '../../../src/logs/first-pass.ts';
import { otherModelCheck } from '../../../src/logs/model-id.ts';
import { openSource } from '../../../src/logs/open-source.ts';
import { buildRowPlan } from '../../../src/logs/row-plan.ts';
import { Scratch } from '../../../src/logs/scratch.ts';
import type { LogFormat } from '../../../src/logs/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { PACKAGE_REF, cleanLines, csvFile, openCase, testManifest, writeFile, writeParquet } from './helpers.ts';

const dir = tempDir('assay-logs-plan-');

/**
 * The first pass numbers records by the order its table receives them. A join anywhere in its plan (DuckDB turns a
 * long IN list into one) would shuffle that order once DuckDB reads a large file in parallel, so the plan must be a
 * plain scan and projection.
 */
test('the first pass of every format is a scan and projections only, without any join', async () => {
  const csv = csvFile(dir, 'plan.csv', cleanLines(5));
  const ndjson = writeFile(dir, 'plan.ndjson', `${JSON.stringify({ decision_id: 'a', timestamp: '2024-01-01', model_id: 'credit', score: 0.5, decision: 'approve', outcome: 1, applicant: { age: 1, purpose: 'car', income: 2 }, sex: 'male', n: 3 })}\n`);
  const parquet = await writeParquet(dir, 'plan.parquet', "SELECT 'a' AS decision_id, 'credit' AS model_id, 'approve' AS decision, '1' AS outcome, 0.5 AS score, 1 AS age, 'car' AS purpose, 2 AS income, 'male' AS sex");
  const db = await openCase(dir, [csv, ndjson, parquet]);
  const manifest = testManifest();
  for (const [path, format] of [[csv, 'csv'], [ndjson, 'ndjson'], [parquet, 'parquet']] as [string, LogFormat][]) {
    const source = await openSource(db, path, format, readHead(path));
    const plan = buildRowPlan(source, resolveMapping(source.columns.map((c) => c.name), manifest), manifest);
    const sql = firstPassSql(source, plan, new Scratch(db), otherModelCheck(plan.modelId, manifest, PACKAGE_REF));
    const explained = (await db.query<{ explain_value: string }>(`EXPLAIN ${sql}`, source.params)).map((r) => r.explain_value).join('\n');
    assert.doesNotMatch(explained, /JOIN/, `${format}:\n${explained}`);
    assert.match(explained, /READ_CSV|READ_PARQUET|TABLE_SCAN|PARQUET_SCAN/i, format);
  }
  await db.close();
});
