import type { z } from 'zod';
import { appendAudit } from '../audit/index.ts';
import { checkMembership, personalPlan, type PersonalPlan } from '../governance/index.ts';
import { canonicalJson } from '../util/canonical-json.ts';
import { sha256Hex } from '../util/hash.ts';
import { CaseSession } from './case-session.ts';
import { isMethodName, METHODS, type MethodName, type MethodResult, type Methods } from './contract.ts';
import { AssayError } from './errors.ts';
import { ROLE_SEES_PERSONAL_DATA } from './contract-governance.ts';
import { auditArguments, maskingRule } from './masking.ts';
import type { CallContext, HandlerContext } from './handler-context.ts';
import { createCase, describeCase } from './handlers/case-handlers.ts';
import { listRecordedRuns, showRun } from './handlers/run-handlers.ts';
import {
  addCaseFinding, addCaseMember, eraseDataSubject, exportDataSubject, listAuditTrail, listCaseFindings, listCaseMembers, removeCaseMember, setPersonal,
  showLineage, updateCaseFinding, verifyAuditTrail,
} from './handlers/governance-handlers.ts';
import { explainDecision, explainGlobal, explainImportance } from './handlers/explain-handlers.ts';
import { readLogPage } from './handlers/explorer-handlers.ts';
import { runFairness } from './handlers/fairness-handlers.ts';
import { runCounterfactuals, runIce, runPopulationWhatIf, runReplay, runThresholdWhatIf, runWhatIf } from './handlers/replay-handlers.ts';
import { runMonitorChallenger, runMonitorDomainClassifier, runMonitorDrift, runMonitorGuard, runMonitorTimeline } from './handlers/monitor-handlers.ts';
import { importLogFile, listLogs, listQuarantine, previewLogFile, readRows } from './handlers/log-handlers.ts';
import { importPackage, listPackages, scoreReference, showPackage, verifyPackageOnDisk } from './handlers/package-handlers.ts';
import { createKeys, exportCase, importBundle, signPackageOnDisk } from './handlers/signing-handlers.ts';
import { createReport, createReportTestCertificate, verifyReport } from './handlers/report-handlers.ts';

export type { CallContext } from './handler-context.ts';

type Handler<M extends MethodName> = (ctx: HandlerContext, args: z.output<Methods[M]['args']>) => Promise<MethodResult<M>>;

const HANDLERS: { [M in MethodName]: Handler<M> } = {
  'case.create': createCase,
  'case.info': describeCase,
  'package.import': importPackage,
  'package.list': listPackages,
  'package.show': showPackage,
  'package.verify': verifyPackageOnDisk,
  'package.sign': signPackageOnDisk,
  'keys.create': createKeys,
  'case.export': exportCase,
  'case.importBundle': importBundle,
  'package.scoreReference': scoreReference,
  'log.import': importLogFile,
  'log.preview': previewLogFile,
  'log.list': listLogs,
  'log.quarantine': listQuarantine,
  'log.rows': readRows,
  'log.page': readLogPage,
  'fairness.run': runFairness,
  'explain.decision': explainDecision,
  'explain.global': explainGlobal,
  'explain.importance': explainImportance,
  'replay.run': runReplay,
  'whatif.decision': runWhatIf,
  'whatif.population': runPopulationWhatIf,
  'whatif.threshold': runThresholdWhatIf,
  'counterfactual.run': runCounterfactuals,
  'ice.run': runIce,
  'monitor.drift': runMonitorDrift,
  'monitor.timeline': runMonitorTimeline,
  'monitor.domainClassifier': runMonitorDomainClassifier,
  'monitor.challenger': runMonitorChallenger,
  'monitor.guard': runMonitorGuard,
  'run.list': listRecordedRuns,
  'run.show': showRun,
  'audit.list': listAuditTrail,
  'audit.verify': verifyAuditTrail,
  'member.list': listCaseMembers,
  'member.add': addCaseMember,
  'member.remove': removeCaseMember,
  'finding.add': addCaseFinding,
  'finding.update': updateCaseFinding,
  'finding.list': listCaseFindings,
  'subject.export': exportDataSubject,
  'subject.erase': eraseDataSubject,
  'lineage.show': showLineage,
  'log.personal': setPersonal,
  'report.create': createReport,
  'report.verify': verifyReport,
  'report.testCertificate': createReportTestCertificate,
};

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .map((i) => `${i.path.length ? i.path.join('.') : 'arguments'}: ${i.message}`)
    .join('; ');
}

/**
 * The one service behind every door (CLI, HTTP host, Electron IPC). It validates arguments against the contract,
 * checks the caller's role, runs the handler on the case, and appends an audit entry for every change.
 */
export class AssayService {
  private readonly session: CaseSession | null;

  constructor(readonly casePath: string | null) {
    this.session = casePath ? new CaseSession(casePath) : null;
  }

  async call<M extends MethodName>(method: M, rawArgs: unknown, ctx: CallContext): Promise<MethodResult<M>> {
    if (!isMethodName(method)) {
      throw new AssayError('BAD_ARGUMENT', `There is no method "${String(method)}".`, { method });
    }
    const spec = METHODS[method];
    if (spec.needsCase && !this.session) {
      throw new AssayError('BAD_ARGUMENT', `The method ${method} needs an open case; name the case file.`, { method });
    }
    if (!spec.roles.includes(ctx.role)) {
      await this.recordDenied(method, rawArgs, ctx);
      throw new AssayError('PERMISSION_DENIED', `The role ${ctx.role} may not call ${method} (allowed: ${spec.roles.join(', ')}).`, { method, role: ctx.role });
    }
    const parsed = (spec.args as z.ZodType).safeParse(rawArgs ?? {});
    if (!parsed.success) {
      throw new AssayError('BAD_ARGUMENT', `Invalid arguments for ${method}: ${describeIssues(parsed.error.issues)}.`, { method });
    }
    // who may act on this case, and what they may see: membership, then the masking of personal data
    let plan: PersonalPlan | null = null;
    const masked = !ROLE_SEES_PERSONAL_DATA[ctx.role];
    const rule = maskingRule(method);
    if (spec.needsCase && this.session) {
      const db = await this.session.open();
      plan = await personalPlan(db);
      try {
        await checkMembership(db, ctx.user, ctx.role);
        if (masked && plan.any) {
          if (!rule) {
            throw new AssayError('PERMISSION_DENIED', `The method ${method} declares no masking of personal data, so the role ${ctx.role} may not call it while the case holds personal columns.`, { method, role: ctx.role });
          }
          if (rule.refuseMasked) {
            throw new AssayError('PERMISSION_DENIED', `The role ${ctx.role} does not see personal data and may not call ${method} while the case holds personal columns: ${rule.refuseMasked}.`, { method, role: ctx.role });
          }
          rule.guard?.(parsed.data as never, plan);
        }
      } catch (e) {
        if (e instanceof AssayError && e.code === 'PERMISSION_DENIED') await this.recordDenied(method, rawArgs, ctx);
        throw e;
      }
    }
    const hctx: HandlerContext = {
      ...ctx,
      casePath: this.casePath ?? '',
      inputHashes: {},
      openCase: (files?: string[]) => {
        if (!this.session) throw new AssayError('BAD_ARGUMENT', `The method ${method} needs an open case.`);
        return this.session.open(files);
      },
      closeCase: async () => {
        await this.session?.close();
      },
    };
    const handler = HANDLERS[method] as Handler<M>;
    let result: MethodResult<M>;
    try {
      result = await handler(hctx, parsed.data as z.output<Methods[M]['args']>);
    } catch (e) {
      // a handler may refuse what only it can judge (a report that would show personal values): audited like any refusal
      if (e instanceof AssayError && e.code === 'PERMISSION_DENIED') await this.recordDenied(method, rawArgs, ctx);
      throw e;
    }
    if (this.session && (spec.needsCase || spec.kind !== 'read')) {
      const db = await this.session.open();
      // a call may have imported or marked personal columns: mask and record against the case as it is now
      const after = spec.kind === 'read' && plan ? plan : await personalPlan(db);
      if (masked && after.any && rule?.mask) result = rule.mask(result, after);
      if (spec.kind !== 'read' || (rule?.personal === true && after.any)) {
        await appendAudit(db, {
          user: ctx.user, role: ctx.role, method, arguments: auditArguments(method, parsed.data, after), inputHashes: hctx.inputHashes,
          resultSha256: sha256Hex(canonicalJson(result)), outcome: 'ok',
        });
      }
    }
    return result;
  }

  private async recordDenied(method: MethodName, rawArgs: unknown, ctx: CallContext): Promise<void> {
    if (!this.session) return;
    try {
      const db = await this.session.open();
      const plan = await personalPlan(db);
      await appendAudit(db, { user: ctx.user, role: ctx.role, method, arguments: auditArguments(method, rawArgs ?? {}, plan), inputHashes: {}, resultSha256: null, outcome: 'denied' });
    } catch {
      // a case that cannot be opened cannot record the refusal; the refusal itself still stands
    }
  }

  async close(): Promise<void> {
    await this.session?.close();
  }
}
