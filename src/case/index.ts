export { CaseDb } from './case-db.ts';
export type { OpenOptions, Row, SqlParam, SqlParams } from './case-db.ts';
export { CURRENT_SCHEMA_VERSION, CASE_FORMAT } from './schema.ts';
export { quoteIdent, quoteLiteral, safeTableName } from './sql.ts';
export { getRun, listRuns, recordRun } from './runs.ts';
export type { RunFilter, RunRecord, StoredRun } from './runs.ts';
export { appendColumns, type AppendColumn, type AppendTarget } from './append-columns.ts';
