import type { CaseDb } from '../case/index.ts';
import type { Progress, Role } from './contract-types.ts';

export interface CallContext {
  user: string;
  role: Role;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** What a handler gets: the caller, the case (opened allowing the files it names), and a place for audit facts. */
export interface HandlerContext extends CallContext {
  casePath: string;
  openCase(files?: string[]): Promise<CaseDb>;
  /** Closes the case (DuckDB checkpoints it), e.g. to copy the file whole; the next openCase opens it again. */
  closeCase?(): Promise<void>;
  /** Hashes of the inputs the call used (files, packages), recorded in the audit entry. */
  inputHashes: Record<string, string>;
}
