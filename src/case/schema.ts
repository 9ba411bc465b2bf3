/**
 * The case file schema. Each migration moves a case from version n-1 to n; a case records its version in
 * `meta.schema_version`. A case whose version is newer than CURRENT_SCHEMA_VERSION is refused (CASE_TOO_NEW).
 */
export const CASE_FORMAT = 'assay-case';

export interface Migration {
  version: number;
  statements: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
      `CREATE TABLE packages (
        ref TEXT PRIMARY KEY, id TEXT NOT NULL, version TEXT NOT NULL, source_kind TEXT NOT NULL,
        manifest JSON NOT NULL, graph_summary JSON NOT NULL, lineage JSON NOT NULL, verification JSON NOT NULL,
        smoke_test JSON, model_sha256 TEXT NOT NULL, reference_table TEXT, source_path TEXT, imported_at TIMESTAMPTZ NOT NULL, imported_by TEXT NOT NULL)`,
      `CREATE TABLE package_files (
        package_ref TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL, size BIGINT NOT NULL, content BLOB NOT NULL,
        PRIMARY KEY (package_ref, path))`,
      `CREATE TABLE logs (
        name TEXT PRIMARY KEY, table_name TEXT NOT NULL, package_ref TEXT NOT NULL, format TEXT NOT NULL,
        source_path TEXT NOT NULL, source_sha256 TEXT NOT NULL, source_bytes BIGINT NOT NULL,
        rows BIGINT NOT NULL, quarantined BIGINT NOT NULL, mapping JSON NOT NULL, columns JSON NOT NULL,
        personal_columns JSON NOT NULL, report JSON NOT NULL, imported_at TIMESTAMPTZ NOT NULL, imported_by TEXT NOT NULL)`,
      `CREATE TABLE quarantine (
        log_name TEXT NOT NULL, source_row BIGINT NOT NULL, decision_id TEXT, reason TEXT NOT NULL, detail TEXT, raw JSON)`,
      `CREATE TABLE runs (
        run_id TEXT PRIMARY KEY, method TEXT NOT NULL, parameters JSON NOT NULL, seed BIGINT, input_hashes JSON NOT NULL,
        result JSON NOT NULL, result_sha256 TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, created_by TEXT NOT NULL, role TEXT NOT NULL)`,
      `CREATE TABLE findings (
        finding_id TEXT PRIMARY KEY, target_kind TEXT NOT NULL, target_id TEXT NOT NULL, text TEXT NOT NULL,
        severity TEXT NOT NULL, status TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, created_by TEXT NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL)`,
      `CREATE TABLE audit (
        seq BIGINT PRIMARY KEY, recorded_at TIMESTAMPTZ NOT NULL, "user" TEXT NOT NULL, role TEXT NOT NULL, method TEXT NOT NULL,
        arguments JSON NOT NULL, input_hashes JSON NOT NULL, result_sha256 TEXT, outcome TEXT NOT NULL,
        prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`,
    ],
  },
  {
    // governance: case members, erasures of data subjects and the runs they mark, findings' log, the audit head
    version: 2,
    statements: [
      `CREATE TABLE members ("user" TEXT NOT NULL, role TEXT NOT NULL, added_at TIMESTAMPTZ NOT NULL, added_by TEXT NOT NULL, PRIMARY KEY ("user", role))`,
      `CREATE TABLE erasures (
        erasure_id TEXT PRIMARY KEY, log_name TEXT NOT NULL, selector JSON NOT NULL, decision_ids JSON NOT NULL, rows BIGINT NOT NULL,
        columns JSON NOT NULL, created_at TIMESTAMPTZ NOT NULL, created_by TEXT NOT NULL)`,
      `CREATE TABLE run_marks (run_id TEXT NOT NULL, kind TEXT NOT NULL, reference TEXT NOT NULL, note TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)`,
      `ALTER TABLE findings ADD COLUMN target_log TEXT`,
      `ALTER TABLE findings ADD COLUMN updated_by TEXT`,
      `INSERT INTO meta SELECT 'audit_head', '{"hash":' || to_json(hash)::VARCHAR || ',"seq":' || seq::VARCHAR || '}' FROM audit ORDER BY seq DESC LIMIT 1`,
    ],
  },
];

export const CURRENT_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
