/** A recorded analysis run: what was computed, with which parameters, seed and inputs, by whom. */
export interface RunSummary {
  runId: string;
  method: string;
  parameters: Record<string, unknown>;
  seed: number | null;
  /** SHA-256 of every input (model, log file, reference data) keyed by what it is. */
  inputHashes: Record<string, string>;
  /** SHA-256 of the canonical JSON of the stored result. */
  resultSha256: string;
  createdAt: string;
  createdBy: string;
  role: string;
}

export interface RunDetail extends RunSummary {
  result: unknown;
}
