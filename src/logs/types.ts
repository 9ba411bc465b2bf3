import type { Manifest } from '../packages/index.ts';

export type LogFormat = 'csv' | 'parquet' | 'ndjson';

export const CANONICAL_FIELDS = ['decision_id', 'timestamp', 'model_id', 'model_version', 'score', 'decision', 'outcome'] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

export const QUARANTINE_REASONS = [
  'unparseable_row', 'missing_id', 'duplicate_id', 'bad_timestamp', 'bad_value', 'missing_value', 'bad_decision',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

export interface LogProgress {
  stage: string;
  done?: number;
  total?: number;
}

export interface LogImportRequest {
  path: string;
  /** Default: the file's base name without its extension. */
  name?: string;
  packageRef: string;
  manifest: Manifest;
  format?: LogFormat;
  /** Canonical field, feature or protected attribute name → column in the file. */
  map?: Record<string, string>;
  /** Columns holding personal data (names in the file or in the imported table). */
  personal?: string[];
  user: string;
  signal?: AbortSignal;
  onProgress?: (p: LogProgress) => void;
}

export interface LogImportResult {
  log: string;
  table: string;
  rows: number;
  quarantined: number;
  format: LogFormat;
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

export interface LogPreview {
  format: LogFormat;
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  mapping: Record<string, string | null>;
  fields: { name: string; kind: 'canonical' | 'feature' | 'protected'; type: string; required: boolean }[];
  personalSuggestions: string[];
}

export type ColumnRole = 'row' | 'canonical' | 'feature' | 'protected' | 'extra';

/** One column of the imported table, as recorded in `logs.columns`. */
export interface LogColumn {
  name: string;
  type: string;
  role: ColumnRole;
  source: string | null;
}
