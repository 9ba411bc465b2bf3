import { z } from 'zod';
import type {
  AuditEntryData, CaseInfo, CaseSummary, LogImportData, LogListItem, LogPreviewData, PackageDetail, PackageImportResult,
  PackageListItem, PackageVerificationData, QuarantinePage, ReferenceScores, Role, RowsPage,
} from './contract-types.ts';
import type { FairnessReport } from './contract-fairness.ts';
import type { ExplainDecisionResult, ExplainGlobalResult, ExplainImportanceResult } from './contract-explain.ts';
import { counterfactualArgs, iceArgs, replayRunArgs, whatIfDecisionArgs, whatIfPopulationArgs, whatIfThresholdArgs } from './contract-replay.ts';
import type { CounterfactualResult, IceResult, PopulationWhatIfResult, ReplayResult, ThresholdWhatIfResult, WhatIfResult } from './contract-replay.ts';
import { challengerArgs, domainClassifierArgs, driftArgs, guardArgs, timelineArgs } from './contract-monitor.ts';
import type { ChallengerResult, DomainClassifierResult, DriftResult, GuardResult, TimelineResult } from './contract-monitor.ts';
import {
  auditListArgs, auditVerifyArgs, findingAddArgs, findingListArgs, findingUpdateArgs, lineageArgs, memberAddArgs, memberRemoveArgs, setPersonalArgs, subjectArgs,
} from './contract-governance.ts';
import type {
  AuditVerification, FindingData, LineageResult, MemberList, PersonalColumnsResult, SubjectErasure, SubjectExport,
} from './contract-governance.ts';

export type * from './contract-types.ts';
export type * from './contract-fairness.ts';
export type * from './contract-explain.ts';
export type * from './contract-replay.ts';
export type * from './contract-monitor.ts';
export type * from './contract-signing.ts';
import { caseExportArgs, caseImportBundleArgs, keysCreateArgs, packageSignArgs } from './contract-signing.ts';
import type { CaseExportResult, CaseImportBundleResult, KeysCreateResult, PackageSignResult } from './contract-signing.ts';
export type * from './contract-governance.ts';
export { ROLE_SEES_PERSONAL_DATA, MASKED, ERASED } from './contract-governance.ts';
export type * from './contract-runs.ts';
import type { RunDetail, RunSummary } from './contract-runs.ts';
export type * from './contract-report.ts';
import { reportCreateArgs, reportVerifyArgs, testCertificateArgs } from './contract-report.ts';
import type { ReportCreateResult, ReportVerifyResult, TestCertificateResult } from './contract-report.ts';
export type FairnessResult = FairnessReport & { runId: string };

/** log.page: a page of the filtered, sorted decisions; `total` counts the filtered rows; `summary` when asked for. */
export interface LogPageResult extends RowsPage {
  summary: LogPageSummary | null;
}

/** Aggregates over the filtered rows, for the explorer's charts. */
export interface LogPageSummary {
  /** Score histogram: `bins` equal bins over [0, 1]; counts[decision][bin], decision "0", "1" or "null". */
  bins: number;
  scoreCounts: Record<string, number[]>;
  /** Decisions per calendar month (UTC), month written YYYY-MM. */
  monthly: { month: string; decision: number | null; count: number }[];
}

/**
 * The one contract: every method of the service with the roles that may call it, its argument schema and its
 * result type. The CLI, the HTTP host, the Electron IPC handlers and the renderer client are derived from it.
 */
export const ROLES = ['owner', 'auditor', 'risk_officer', 'regulator'] as const satisfies readonly Role[];

/** read: reads the case; write: changes it; analysis: computes and records a run; export: writes outside the case. */
export type MethodKind = 'read' | 'write' | 'analysis' | 'export';

export interface MethodSpec<A extends z.ZodType, R> {
  summary: string;
  kind: MethodKind;
  roles: readonly Role[];
  /** false for methods that work without an open case (package.verify) or that create it. */
  needsCase: boolean;
  args: A;
  /** Type-level only: the result's type. */
  result: R;
}

/** `method<Result>()({...})`: the result type is given, the argument type is inferred from the schema. */
function method<R>() {
  return <A extends z.ZodType>(spec: Omit<MethodSpec<A, R>, 'result'>): MethodSpec<A, R> => ({ ...spec, result: undefined as unknown as R });
}

const ALL: readonly Role[] = ROLES;
const WRITERS: readonly Role[] = ['owner', 'auditor', 'risk_officer'];
const OWNERS: readonly Role[] = ['owner'];
/** The roles that see personal data (ROLE_SEES_PERSONAL_DATA): only they may export a data subject. */
const PERSONAL_DATA_ROLES: readonly Role[] = ['owner', 'auditor'];

const packageRef = z.string().regex(/^[A-Za-z0-9._-]+@[A-Za-z0-9._+-]+$/, 'must be a package reference written id@version');
const logName = z.string().min(1).max(100).regex(/^[^\u0000-\u001f]+$/, 'must not hold control characters');
const filePath = z.string().min(1).max(4096);
const columnName = z.string().min(1).max(300);
const decisionId = z.string().min(1).max(1000);
const seed = z.number().int().min(0).max(4_294_967_295);
const shapOptions = {
  log: logName,
  package: packageRef.optional(),
  method: z.enum(['auto', 'exact', 'kernel', 'tree']).optional(),
  output: z.enum(['probability', 'logodds']).optional(),
  /** Background rows: all reference rows up to this many (default 100), else a seeded sample. */
  background: z.number().int().min(1).max(10_000).optional(),
  seed: seed.optional(),
  /** KernelSHAP coalitions (default 2M + 2048). */
  nsamples: z.number().int().min(1).max(1_000_000).optional(),
};

export const METHODS = {
  'case.create': method<CaseInfo>()({
    summary: 'Create a new, empty case file.',
    kind: 'write', roles: ALL, needsCase: false,
    args: z.object({ title: z.string().max(200).optional() }).strict(),
  }),
  'case.info': method<CaseSummary>()({
    summary: 'Describe the open case: packages, logs, runs.',
    kind: 'read', roles: ALL, needsCase: true,
    args: z.object({}).strict(),
  }),
  'package.import': method<PackageImportResult>()({
    summary: 'Import a model package (assay-package folder or zip, MLflow folder, or bare .onnx) into the case.',
    kind: 'write', roles: WRITERS, needsCase: true,
    args: z.object({
      path: filePath,
      manifest: filePath.optional(),
      id: z.string().min(1).max(100).optional(),
      version: z.string().min(1).max(100).optional(),
      positiveClass: z.union([z.number(), z.string()]).optional(),
      threshold: z.number().min(0).max(1).optional(),
      favorable: z.union([z.literal(0), z.literal(1)]).optional(),
      protected: z.array(columnName).optional(),
      outputName: z.string().min(1).max(300).optional(),
      outputIndex: z.number().int().min(0).optional(),
      trustedKeys: filePath.optional(),
    }).strict(),
  }),
  'package.list': method<PackageListItem[]>()({
    summary: 'List the packages of the case.',
    kind: 'read', roles: ALL, needsCase: true,
    args: z.object({}).strict(),
  }),
  'package.show': method<PackageDetail>()({
    summary: 'Show a package: manifest, graph summary, lineage, file hashes, smoke test.',
    kind: 'read', roles: ALL, needsCase: true,
    args: z.object({ ref: packageRef }).strict(),
  }),
  'package.verify': method<PackageVerificationData>()({
    summary: 'Verify a package on disk: every file against its sha256 in the manifest (and its signature when present).',
    kind: 'read', roles: ALL, needsCase: false,
    args: z.object({ path: filePath, trustedKeys: filePath.optional() }).strict(),
  }),
  'package.sign': method<PackageSignResult>()({
    summary: 'Sign every file of an assay package (folder or zip): writes signature.json, a DSSE envelope over an in-toto statement.',
    kind: 'write', roles: WRITERS, needsCase: false, args: packageSignArgs,
  }),
  'keys.create': method<KeysCreateResult>()({
    summary: 'Make a signing key pair (Ed25519 or ECDSA P-256): the private key encrypted with a passphrase, the public key, the key id.',
    kind: 'write', roles: WRITERS, needsCase: false, args: keysCreateArgs,
  }),
  'case.export': method<CaseExportResult>()({
    summary: 'Export the whole case file encrypted with a passphrase (scrypt, AES-256-GCM in authenticated chunks).',
    kind: 'export', roles: ['owner', 'auditor'], needsCase: true, args: caseExportArgs,
  }),
  'case.importBundle': method<CaseImportBundleResult>()({
    summary: 'Decrypt an exported case bundle into a new case file; refuses a wrong passphrase or any changed byte and writes nothing.',
    kind: 'write', roles: ALL, needsCase: false, args: caseImportBundleArgs,
  }),
  'package.scoreReference': method<ReferenceScores>()({
    summary: "Score the package's reference data through the case with ONNX Runtime.",
    kind: 'read', roles: ALL, needsCase: true,
    args: z.object({ ref: packageRef, limit: z.number().int().min(1).max(1_000_000).optional() }).strict(),
  }),
  'log.import': method<LogImportData>()({
    summary: 'Import a decision log (CSV, Parquet or NDJSON) for a package.',
    kind: 'write', roles: WRITERS, needsCase: true,
    args: z.object({
      path: filePath,
      package: packageRef,
      name: logName.optional(),
      format: z.enum(['csv', 'parquet', 'ndjson']).optional(),
      map: z.record(z.string().min(1), columnName).optional(),
      personal: z.array(columnName).optional(),
    }).strict(),
  }),
  'log.preview': method<LogPreviewData>()({
    summary: "Preview a decision log before importing it: its format, columns, first rows and the detected mapping to the package's fields.",
    kind: 'read', roles: WRITERS, needsCase: true,
    args: z.object({
      path: filePath,
      package: packageRef,
      format: z.enum(['csv', 'parquet', 'ndjson']).optional(),
      map: z.record(z.string().min(1), columnName).optional(),
      limit: z.number().int().min(0).max(1000).optional(),
    }).strict(),
  }),
  'log.list': method<LogListItem[]>()({
    summary: 'List the decision logs of the case.',
    kind: 'read', roles: ALL, needsCase: true,
    args: z.object({}).strict(),
  }),
  'log.quarantine': method<QuarantinePage>()({
    summary: 'List the quarantined rows of a log with their reasons.',
    kind: 'read', roles: ALL, needsCase: true,
    args: z.object({ log: logName, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(10_000).optional() }).strict(),
  }),
  'log.rows': method<RowsPage>()({
    summary: 'Read a page of decisions of a log.',
    kind: 'read', roles: ALL, needsCase: true,
    args: z.object({ log: logName, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(10_000).optional() }).strict(),
  }),
  'log.page': method<LogPageResult>()({
    summary: 'Read a page of decisions of a log, sorted and filtered on the server, with the filtered total and optional chart aggregates.',
    kind: 'read', roles: ALL, needsCase: true,
    args: z.object({
      log: logName,
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
      sort: z.object({ column: columnName, dir: z.enum(['asc', 'desc']) }).strict().optional(),
      filters: z.array(z.object({
        column: columnName,
        op: z.enum(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'contains', 'isnull', 'notnull']),
        value: z.union([z.string().max(1000), z.number().finite(), z.null()]).optional(),
      }).strict()).max(20).optional(),
      decision: z.union([z.literal(0), z.literal(1)]).optional(),
      scoreMin: z.number().finite().optional(),
      scoreMax: z.number().finite().optional(),
      /** Timestamps, half-open [from, to). */
      from: z.string().min(1).max(40).optional(),
      to: z.string().min(1).max(40).optional(),
      /** Also compute the score histogram and monthly counts of the filtered rows. */
      summary: z.boolean().optional(),
    }).strict(),
  }),
  'fairness.run': method<FairnessResult>()({
    summary: 'Bias metrics of a log by protected group or intersection (Fairlearn between groups, AIF360 against the reference), with bootstrap intervals, tests and proxies; recorded as a run.',
    kind: 'analysis', roles: ALL, needsCase: true,
    args: z.object({
      log: logName,
      /** One protected attribute, or several for their intersection (groups "x|y" in this order). */
      attributes: z.array(columnName).min(1).max(4),
      reference: z.string().min(1).max(1000).optional(),
      favorable: z.union([z.literal(0), z.literal(1)]).optional(),
      package: packageRef.optional(),
      minGroupSize: z.number().int().min(1).max(1_000_000_000).optional(),
      /** Per numeric attribute: inner bin edges, or { quantiles: q } for q quantile bins. */
      bins: z.record(columnName, z.union([
        z.array(z.number().finite()).min(1).max(100),
        z.object({ quantiles: z.number().int().min(2).max(20) }).strict(),
      ])).optional(),
      attributesFile: filePath.optional(),
      bootstrap: z.number().int().min(10).max(100_000).optional(),
      seed: seed.optional(),
      proxies: z.boolean().optional(),
      /** Decision thresholds for a sweep of the metrics (decision = score ≥ t). */
      thresholds: z.array(z.number().min(0).max(1)).min(1).max(101).optional(),
      consistencyLimit: z.number().int().min(0).max(20_000).optional(),
    }).strict(),
  }),
  'explain.decision': method<ExplainDecisionResult>()({
    summary: 'Shapley values of one decision through the real model (exact, KernelSHAP or TreeSHAP) against the reference data; recorded as a run.',
    kind: 'analysis', roles: ALL, needsCase: true,
    args: z.object({ ...shapOptions, decisionId }).strict(),
  }),
  'explain.global': method<ExplainGlobalResult>()({
    summary: 'Explain many decisions of a log: mean |φ| importance, beeswarm data and SHAP by protected group; recorded as a run.',
    kind: 'analysis', roles: ALL, needsCase: true,
    args: z.object({
      ...shapOptions,
      /** Explain these decisions only (else the log in order, up to `limit`). */
      decisionIds: z.array(decisionId).min(1).max(10_000).optional(),
      decision: z.union([z.literal(0), z.literal(1)]).optional(),
      outcome: z.union([z.literal(0), z.literal(1)]).optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
      /** A protected attribute column of the log: mean φ per group and the differences between groups. */
      attribute: columnName.optional(),
      reference: z.string().min(1).max(1000).optional(),
    }).strict(),
  }),
  'explain.importance': method<ExplainImportanceResult>()({
    summary: 'Permutation importance of each feature over a log, against the observed outcomes; recorded as a run.',
    kind: 'analysis', roles: ALL, needsCase: true,
    args: z.object({
      log: logName,
      package: packageRef.optional(),
      metric: z.enum(['auc', 'accuracy']).optional(),
      repeats: z.number().int().min(1).max(1000).optional(),
      seed: seed.optional(),
      /** At most this many rows with an outcome (a seeded sample above). */
      limit: z.number().int().min(2).max(10_000_000).optional(),
    }).strict(),
  }),
  'replay.run': method<ReplayResult>()({
    summary: "Replay every decision of a log (or a filtered subset) through a package's model; list every logged score not reproduced; per-row table replay_<n>.",
    kind: 'analysis', roles: ALL, needsCase: true, args: replayRunArgs,
  }),
  'whatif.decision': method<WhatIfResult>()({
    summary: 'Score one decision before and after editing model inputs.',
    kind: 'analysis', roles: ALL, needsCase: true, args: whatIfDecisionArgs,
  }),
  'whatif.population': method<PopulationWhatIfResult>()({
    summary: 'Apply input edits to every decision of a log; count flips by protected group.',
    kind: 'analysis', roles: ALL, needsCase: true, args: whatIfPopulationArgs,
  }),
  'whatif.threshold': method<ThresholdWhatIfResult>()({
    summary: 'Decisions and confusion counts at another threshold, from replayed or logged scores.',
    kind: 'analysis', roles: ALL, needsCase: true, args: whatIfThresholdArgs,
  }),
  'counterfactual.run': method<CounterfactualResult>()({
    summary: 'K diverse, minimal input changes that flip a decision, searched through the real model.',
    kind: 'analysis', roles: ALL, needsCase: true, args: counterfactualArgs,
  }),
  'ice.run': method<IceResult>()({
    summary: 'ICE curves and partial dependence of one input, for a decision or a sample of a log.',
    kind: 'analysis', roles: ALL, needsCase: true, args: iceArgs,
  }),
  'run.list': method<RunSummary[]>()({
    summary: 'List the recorded analysis runs, newest first, optionally of one method or one log.',
    kind: 'read', roles: ALL, needsCase: true,
    args: z.object({
      method: z.string().min(1).max(100).optional(),
      log: logName.optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
    }).strict(),
  }),
  'run.show': method<RunDetail>()({
    summary: 'One recorded run with its stored result.',
    kind: 'read', roles: ALL, needsCase: true,
    args: z.object({ runId: z.string().min(1).max(200) }).strict(),
  }),
  'audit.list': method<AuditEntryData[]>()({
    summary: 'List the audit trail of the case, filtered by user, method, outcome and time.',
    kind: 'read', roles: ALL, needsCase: true, args: auditListArgs,
  }),
  'audit.verify': method<AuditVerification>()({
    summary: 'Recompute the hash chain of the audit trail and name the first broken entry (and check the head against one kept elsewhere).',
    kind: 'read', roles: ALL, needsCase: true, args: auditVerifyArgs,
  }),
  'member.list': method<MemberList>()({
    summary: 'List the members of the case with their roles, and which roles see personal data.',
    kind: 'read', roles: ALL, needsCase: true, args: z.object({}).strict(),
  }),
  'member.add': method<MemberList>()({
    summary: 'Give a user a role in the case (the first member must be an owner; from then on only members may act).',
    kind: 'write', roles: OWNERS, needsCase: true, args: memberAddArgs,
  }),
  'member.remove': method<MemberList>()({
    summary: "Remove a user's role (or every role) from the case; the last owner cannot be removed.",
    kind: 'write', roles: OWNERS, needsCase: true, args: memberRemoveArgs,
  }),
  'finding.add': method<FindingData>()({
    summary: 'Attach a finding (text, severity, status) to a decision, a group or a run.',
    kind: 'write', roles: WRITERS, needsCase: true, args: findingAddArgs,
  }),
  'finding.update': method<FindingData>()({
    summary: "Change a finding's status, severity or text.",
    kind: 'write', roles: WRITERS, needsCase: true, args: findingUpdateArgs,
  }),
  'finding.list': method<FindingData[]>()({
    summary: 'List the findings of the case, filtered by status, severity or target.',
    kind: 'read', roles: ALL, needsCase: true, args: findingListArgs,
  }),
  'subject.export': method<SubjectExport>()({
    summary: 'Everything the case holds about one data subject (by decision id or a subject column), as JSON.',
    kind: 'export', roles: PERSONAL_DATA_ROLES, needsCase: true, args: subjectArgs,
  }),
  'subject.erase': method<SubjectErasure>()({
    summary: "Erase a data subject's personal values (tombstones), record the erasure and mark the runs that used them.",
    kind: 'write', roles: OWNERS, needsCase: true, args: subjectArgs,
  }),
  'lineage.show': method<LineageResult>()({
    summary: 'Lineage of a decision (log file and row, package, model, training data, runs) or of a run (its inputs and parameters).',
    kind: 'read', roles: ALL, needsCase: true, args: lineageArgs,
  }),
  'log.personal': method<PersonalColumnsResult>()({
    summary: 'Mark columns of an imported log as personal (or no longer personal).',
    kind: 'write', roles: WRITERS, needsCase: true, args: setPersonalArgs,
  }),
  'report.create': method<ReportCreateResult>()({
    summary: "Write the case's compliance report from its recorded runs: PDF with bookmarks and the evidence bundle attached, optionally HTML, signed (PAdES B-B) with a PKCS#12 key.",
    kind: 'export', roles: ALL, needsCase: true, args: reportCreateArgs,
  }),
  'report.verify': method<ReportVerifyResult>()({
    summary: "Verify a report PDF: byte range, digest, CMS signature, PAdES profile, certificate, the embedded evidence's manifest, and (with a case) its runs.",
    kind: 'read', roles: ALL, needsCase: false, args: reportVerifyArgs,
  }),
  'report.testCertificate': method<TestCertificateResult>()({
    summary: 'Make a self-signed test certificate and key for report signing (PKCS#12), labelled TEST in its name.',
    kind: 'export', roles: ALL, needsCase: false, args: testCertificateArgs,
  }),
  'monitor.drift': method<DriftResult>()({
    summary: 'Data drift of every feature, extra column, the score and the decision between a reference (the package\'s reference data or a window of the log) and a current window: PSI, KS, chi-square, Jensen–Shannon, Wasserstein; recorded as a run.',
    kind: 'analysis', roles: ALL, needsCase: true, args: driftArgs,
  }),
  'monitor.timeline': method<TimelineResult>()({
    summary: 'Per day, week or month: drift against the reference, selection rate, accuracy, AUC, Brier score, calibration error and key fairness metrics; recorded as a run.',
    kind: 'analysis', roles: ALL, needsCase: true, args: timelineArgs,
  }),
  'monitor.domainClassifier': method<DomainClassifierResult>()({
    summary: 'Multivariate drift: a seeded, cross-validated logistic regression that tells current from reference rows, its AUC and the columns it relies on; recorded as a run.',
    kind: 'analysis', roles: ALL, needsCase: true, args: domainClassifierArgs,
  }),
  'monitor.challenger': method<ChallengerResult>()({
    summary: 'Replay a log with a challenger package and compare it with the logged decisions: agreement, flip matrix, performance and fairness side by side; recorded as a run.',
    kind: 'analysis', roles: ALL, needsCase: true, args: challengerArgs,
  }),
  'monitor.guard': method<GuardResult>()({
    summary: 'Evaluate a guardrail rules file (JSON or YAML) on a window of a log: which rules fired, decisions routed to review (table guard_<n>), blocked when a blocking rule fired; recorded as a run.',
    kind: 'analysis', roles: ALL, needsCase: true, args: guardArgs,
  }),
} as const;

export type Methods = typeof METHODS;
export type MethodName = keyof Methods;
export type MethodArgs<M extends MethodName> = z.input<Methods[M]['args']>;
export type MethodResult<M extends MethodName> = Methods[M]['result'];
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(METHODS, name);
}
