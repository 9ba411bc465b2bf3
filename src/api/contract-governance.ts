import { z } from 'zod';
import type { Role } from './contract-types.ts';

/**
 * Governance methods of the contract: the audit trail's listing and verification, case members, findings,
 * data-subject requests, lineage and the marking of personal columns.
 */

/** Whether a role sees the values of columns marked personal; for the others they are masked in every output. */
export const ROLE_SEES_PERSONAL_DATA: Readonly<Record<Role, boolean>> = {
  owner: true,
  auditor: true,
  risk_officer: false,
  regulator: false,
};

/** What a masked value reads as in every output. */
export const MASKED = '[masked]';
/** What an erased personal value reads as in the case (numeric columns hold NULL instead). */
export const ERASED = '[erased]';

const logName = z.string().min(1).max(100).regex(/^[^\u0000-\u001f]+$/, 'must not hold control characters');
const columnName = z.string().min(1).max(300);
const decisionId = z.string().min(1).max(1000);
const userName = z.string().min(1).max(200).regex(/^[^\u0000-\u001f]+$/, 'must not hold control characters');
const role = z.enum(['owner', 'auditor', 'risk_officer', 'regulator']);
const timestamp = z.string().min(1).max(40);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 written as 64 lower-case hex digits');

export const auditListArgs = z.object({
  limit: z.number().int().min(1).max(100_000).optional(),
  user: userName.optional(),
  method: z.string().min(1).max(100).optional(),
  outcome: z.enum(['ok', 'denied']).optional(),
  /** Entries recorded at or after / before this time (half-open [from, to)). */
  from: timestamp.optional(),
  to: timestamp.optional(),
}).strict();

export const auditVerifyArgs = z.object({
  /** A head hash recorded outside the case (printed by an earlier verify): proves nothing was cut off since. */
  expectHead: sha256.optional(),
}).strict();

export const memberAddArgs = z.object({ user: userName, role }).strict();
export const memberRemoveArgs = z.object({ user: userName, role: role.optional() }).strict();

const severity = z.enum(['low', 'medium', 'high', 'critical']);
const findingStatus = z.enum(['open', 'confirmed', 'dismissed']);
const targetKind = z.enum(['decision', 'group', 'run']);

export const findingAddArgs = z.object({
  targetKind,
  /** A decision id, a group written attribute=value (x|y for an intersection), or a run id. */
  target: z.string().min(1).max(1000),
  /** The log of a decision or group target. */
  log: logName.optional(),
  text: z.string().min(1).max(20_000),
  severity,
  status: findingStatus.optional(),
}).strict();

export const findingUpdateArgs = z.object({
  id: z.string().min(1).max(100),
  text: z.string().min(1).max(20_000).optional(),
  severity: severity.optional(),
  status: findingStatus.optional(),
}).strict();

export const findingListArgs = z.object({
  status: findingStatus.optional(),
  severity: severity.optional(),
  targetKind: targetKind.optional(),
  target: z.string().min(1).max(1000).optional(),
}).strict();

export const subjectArgs = z.object({
  decisionId: decisionId.optional(),
  subjectColumn: columnName.optional(),
  value: z.string().min(1).max(1000).optional(),
  /** Only this log (else every log of the case). */
  log: logName.optional(),
}).strict();

export const lineageArgs = z.object({
  decisionId: decisionId.optional(),
  log: logName.optional(),
  runId: z.string().min(1).max(100).optional(),
}).strict();

export const setPersonalArgs = z.object({
  log: logName,
  add: z.array(columnName).max(1000).optional(),
  remove: z.array(columnName).max(1000).optional(),
}).strict();

export interface AuditHead {
  seq: number;
  hash: string;
}

export type AuditProblem = 'hash' | 'link' | 'sequence' | 'missing' | 'truncated' | 'head' | 'unreadable';

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The last entry as the table holds it. */
  head: AuditHead | null;
  /** The head recorded in the case's metadata with every append. */
  storedHead: AuditHead | null;
  expectedHead: string | null;
  /** The first entry found broken, with what is wrong with it. */
  firstBroken: { seq: number; problem: AuditProblem; message: string } | null;
}

export interface MemberData {
  user: string;
  role: Role;
  addedAt: string;
  addedBy: string;
}

export interface MemberList {
  /** False while the case has no members: then any user may claim any role (the open mode). */
  enforced: boolean;
  members: MemberData[];
  seesPersonalData: Record<Role, boolean>;
}

export interface FindingData {
  id: string;
  targetKind: 'decision' | 'group' | 'run';
  target: string;
  log: string | null;
  text: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  status: 'open' | 'confirmed' | 'dismissed';
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string | null;
}

/** A run that used a decision: `named` when its parameters name the decision, `log` when it ran over the decision's log. */
export interface RunReference {
  runId: string;
  method: string;
  relation: 'named' | 'log';
  createdAt: string;
  createdBy: string;
  parameters: unknown;
  inputHashes: unknown;
  marks: string[];
}

export interface SubjectLogData {
  log: string;
  packageRef: string;
  sourceSha256: string;
  personalColumns: string[];
  rows: Record<string, unknown>[];
  quarantine: { sourceRow: number; decisionId: string | null; reason: string; detail: string | null; raw: unknown }[];
  replays: { table: string; runId: string; rows: Record<string, unknown>[] }[];
}

export interface SubjectExport {
  selector: { decisionId: string | null; subjectColumn: string | null; value: string | null; log: string | null };
  decisionIds: string[];
  logs: SubjectLogData[];
  runs: RunReference[];
  findings: FindingData[];
  /** Audit entries whose arguments name one of the decisions. */
  auditEntries: number[];
  erasures: { erasureId: string; log: string; rows: number; columns: string[]; createdAt: string; createdBy: string }[];
  generatedAt: string;
}

export interface SubjectErasure {
  erasureId: string;
  decisionIds: string[];
  logs: { log: string; rows: number; columns: string[]; quarantineRows: number }[];
  /** Runs over a log the subject was in, now marked as having used erased data. */
  markedRuns: string[];
}

export interface DecisionLineage {
  kind: 'decision';
  decisionId: string;
  log: { name: string; sourcePath: string; sourceSha256: string; sourceBytes: number; format: string; importedAt: string; importedBy: string };
  /** The decision's row: `_row` in the case (1-based order of the file) and the file's data row. */
  row: { row: number };
  package: { ref: string; id: string; version: string; modelSha256: string; sourceKind: string; files: { path: string; sha256: string }[] };
  trainingData: unknown;
  parameters: unknown;
  lineage: unknown;
  runs: RunReference[];
}

export interface RunLineage {
  kind: 'run';
  runId: string;
  method: string;
  createdAt: string;
  createdBy: string;
  role: string;
  seed: number | null;
  parameters: unknown;
  inputHashes: unknown;
  resultSha256: string;
  marks: string[];
  logs: { name: string; sourceSha256: string }[];
  packages: { ref: string; modelSha256: string }[];
}

export type LineageResult = DecisionLineage | RunLineage;

export interface PersonalColumnsResult {
  log: string;
  personalColumns: string[];
}
