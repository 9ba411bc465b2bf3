import type { Progress } from '../api/contract-types.ts';
import type { BatchScorer } from '../inference/index.ts';
import type { Manifest } from '../packages/index.ts';

/** The model an analysis runs: a package of the case with its scorer open. */
export interface AuditedModel {
  ref: string;
  manifest: Manifest;
  scorer: BatchScorer;
  referenceTable: string | null;
  modelSha256: string;
}

/** A decision log of the case. */
export interface AuditedLog {
  name: string;
  table: string;
  packageRef: string;
  sourceSha256: string;
  /** The threshold of the package the log was imported with: it gives the logged decision where the log has none. */
  loggedThreshold: number;
}

/** Who runs the analysis and what it reports to: recorded with the run. */
export interface RunContext {
  user: string;
  role: string;
  inputHashes: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}
