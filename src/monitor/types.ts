import type { ColumnRole, DriftWindow, Progress } from './contract.ts';
import type { Manifest } from '../packages/index.ts';

/** A decision log of the case, as the monitor reads it. */
export interface MonitorLog {
  name: string;
  table: string;
  packageRef: string;
  sourceSha256: string;
  /** The columns recorded at import: name, SQL type and role (row, canonical, feature, protected, extra). */
  columns: { name: string; type: string; role: string }[];
  /** Columns marked as personal data at import: never analysed. */
  personal: string[];
  /** The threshold of the package the log was imported with (gives a decision where the log has none). */
  loggedThreshold: number;
}

/** The package whose reference data (and model, to score it) the monitor compares against. */
export interface MonitorPackage {
  ref: string;
  manifest: Manifest;
  referenceTable: string | null;
  modelSha256: string;
}

export interface MonitorSubject {
  log: MonitorLog;
  pkg: MonitorPackage;
  /** Scores the package's reference data with its model, in rowid order (injected: ONNX Runtime lives in src/inference). */
  scoreReference?: () => Promise<Float64Array>;
}

/** Who runs the analysis and what it reports to: recorded with the run. */
export interface MonitorRun {
  user: string;
  role: string;
  inputHashes: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** A column the monitor covers, with the type its statistics treat it as. */
export interface Covered {
  name: string;
  type: 'numeric' | 'categorical';
  role: ColumnRole;
}

/** One side of a comparison: a time window of the log, or the package's reference data. */
export interface Side {
  kind: DriftWindow['kind'];
  /** ISO 8601 UTC bounds; null when open. */
  from: string | null;
  to: string | null;
}
