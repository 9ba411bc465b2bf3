/**
 * Result types of the contract's methods: plain data, shared by every door and the renderer.
 * Domains return values of these shapes; the renderer imports them with `import type`.
 */
export type Role = 'owner' | 'auditor' | 'risk_officer' | 'regulator';

export interface Progress {
  stage: string;
  done?: number;
  total?: number;
}

export interface CaseInfo {
  path: string;
  caseId: string;
  title: string;
  schemaVersion: number;
  createdAt: string;
  createdBy: string;
}

export interface CaseSummary extends CaseInfo {
  packages: PackageListItem[];
  logs: LogListItem[];
  runs: number;
  auditEntries: number;
}

export interface TensorInfoData {
  name: string;
  kind: string;
  elemType: string | null;
  shape: (number | string | null)[] | null;
  typeText: string;
}

export interface GraphSummaryData {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  opsets: { domain: string; version: number }[];
  operators: { domain: string; opType: string; count: number }[];
  nodeCount: number;
  inputs: TensorInfoData[];
  outputs: TensorInfoData[];
  initializerCount: number;
  parameterCount: number;
  metadata: Record<string, string>;
  hasZipMap: boolean;
}

export interface FileCheckData {
  path: string;
  expected: string | null;
  actual: string | null;
  status: 'ok' | 'mismatch' | 'missing' | 'unlisted';
}

export interface PackageVerificationData {
  ok: boolean;
  files: FileCheckData[];
  signature: {
    present: boolean;
    /** absent | valid | invalid | untrusted */
    status: string;
    keyId?: string | null;
    algorithm?: string | null;
    /** Whether the signer is among the trusted keys; null when none were given. */
    trusted?: boolean | null;
    problems?: string[];
  };
  problems: string[];
}

export interface SmokeTestData {
  runId: string;
  rows: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  positiveRate: number | null;
  threshold: number;
}

export interface PackageListItem {
  ref: string;
  id: string;
  version: string;
  sourceKind: string;
  modelSha256: string;
  importedAt: string;
  importedBy: string;
}

export interface PackageImportResult {
  ref: string;
  id: string;
  version: string;
  sourceKind: string;
  modelSha256: string;
  files: { path: string; sha256: string; size: number }[];
  rewrites: unknown[];
  verification: PackageVerificationData;
  smokeTest: SmokeTestData | null;
  referenceRows: number;
  warnings: string[];
}

export interface PackageDetail extends PackageListItem {
  manifest: Record<string, unknown>;
  graphSummary: GraphSummaryData;
  lineage: Record<string, unknown>;
  verification: PackageVerificationData;
  smokeTest: SmokeTestData | null;
  files: { path: string; sha256: string; size: number }[];
  card: string | null;
}

export interface LogListItem {
  name: string;
  packageRef: string;
  format: string;
  rows: number;
  quarantined: number;
  sourcePath: string;
  sourceSha256: string;
  importedAt: string;
  importedBy: string;
}

export interface LogImportData {
  log: string;
  table: string;
  rows: number;
  quarantined: number;
  format: string;
  packageRef: string;
  sourceSha256: string;
  mapping: Record<string, string | null>;
  quarantineReasons: Record<string, number>;
  unseenValues: Record<string, { value: string; count: number }[]>;
  missingOutcome: number;
  timestampRange: { from: string | null; to: string | null };
  personalColumns: string[];
  extraColumns: string[];
  warnings: string[];
}

/** log.preview: what the import wizard shows before an import. */
export interface LogPreviewData {
  path: string;
  format: 'csv' | 'parquet' | 'ndjson';
  columns: { name: string; type: string }[];
  /** The first rows as they are in the file (values as the reader types them). */
  rows: Record<string, unknown>[];
  /** Each canonical field and model input → the file column it will be read from, or null when none matches. */
  mapping: Record<string, string | null>;
  /** Canonical fields and model inputs (with their type) the mapping can point at. */
  fields: { name: string; kind: 'canonical' | 'feature' | 'protected'; type: string; required: boolean }[];
  /** Columns whose name suggests personal data (ids of persons, names, contact details, birth dates). */
  personalSuggestions: string[];
}

export interface QuarantinePage {
  log: string;
  total: number;
  rows: { sourceRow: number; decisionId: string | null; reason: string; detail: string | null; raw: unknown }[];
}

export interface RowsPage {
  log: string;
  total: number;
  offset: number;
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
}

export interface ReferenceScores {
  ref: string;
  rows: number;
  scores: number[];
}

export interface AuditEntryData {
  seq: number;
  recordedAt: string;
  user: string;
  role: string;
  method: string;
  arguments: unknown;
  inputHashes: unknown;
  resultSha256: string | null;
  outcome: string;
  prevHash: string;
  hash: string;
}

export interface DemoSummary {
  casePath: string;
  packages: { ref: string; modelSha256: string; smokeTest: SmokeTestData | null; rewrites: number }[];
  logs: { log: string; packageRef: string; rows: number; quarantined: number }[];
  /** Each log replayed with the package it was imported with. */
  replays: { log: string; package: string; rows: number; reproduced: number; mismatched: number; flipped: number; mismatchedIds: string[] }[];
  /** The signed report of the demo case, signed with a self-signed TEST certificate made for the demo. */
  report: { pdf: string; html: string; pages: number; p12: string; passwordNote: string; signer: string; evidenceManifestSha256: string };
}
