import type { z } from 'zod';
import { appendAudit } from '../audit/index.ts';
import { canonicalJson } from '../util/canonical-json.ts';
import { sha256Hex } from '../util/hash.ts';
import { CaseSession } from './case-session.ts';
import { isMethodName, METHODS, type MethodName, type MethodResult, type Methods } from './contract.ts';
import { AssayError } from './errors.ts';
import type { CallContext, HandlerContext } from './handler-context.ts';
import { createCase, describeCase, readAudit } from './handlers/case-handlers.ts';
import { listRecordedRuns, showRun } from './handlers/run-handlers.ts';
import { explainDecision, explainGlobal, explainImportance } from './handlers/explain-handlers.ts';
import { readLogPage } from './handlers/explorer-handlers.ts';
import { runFairness } from './handlers/fairness-handlers.ts';
import { runCounterfactuals, runIce, runPopulationWhatIf, runReplay, runThresholdWhatIf, runWhatIf } from './handlers/replay-handlers.ts';
import { importLogFile, listLogs, listQuarantine, previewLogFile, readRows } from './handlers/log-handlers.ts';
import { importPackage, listPackages, scoreReference, showPackage, verifyPackageOnDisk } from './handlers/package-handlers.ts';

export type { CallContext } from './handler-context.ts';

type Handler<M extends MethodName> = (ctx: HandlerContext, args: z.output<Methods[M]['args']>) => Promise<MethodResult<M>>;

const HANDLERS: { [M in MethodName]: Handler<M> } = {
  'case.create': createCase,
  'case.info': describeCase,
  'package.import': importPackage,
  'package.list': listPackages,
  'package.show': showPackage,
  'package.verify': verifyPackageOnDisk,
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
  'run.list': listRecordedRuns,
  'run.show': showRun,
  'audit.list': readAudit,
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
    const hctx: HandlerContext = {
      ...ctx,
      casePath: this.casePath ?? '',
      inputHashes: {},
      openCase: (files?: string[]) => {
        if (!this.session) throw new AssayError('BAD_ARGUMENT', `The method ${method} needs an open case.`);
        return this.session.open(files);
      },
    };
    const handler = HANDLERS[method] as Handler<M>;
    const result = await handler(hctx, parsed.data as z.output<Methods[M]['args']>);
    if (spec.kind !== 'read' && this.session) {
      const db = await this.session.open();
      await appendAudit(db, {
        user: ctx.user, role: ctx.role, method, arguments: parsed.data, inputHashes: hctx.inputHashes,
        resultSha256: sha256Hex(canonicalJson(result)), outcome: 'ok',
      });
    }
    return result;
  }

  private async recordDenied(method: MethodName, rawArgs: unknown, ctx: CallContext): Promise<void> {
    if (!this.session) return;
    try {
      const db = await this.session.open();
      await appendAudit(db, { user: ctx.user, role: ctx.role, method, arguments: rawArgs ?? {}, inputHashes: {}, resultSha256: null, outcome: 'denied' });
    } catch {
      // a case that cannot be opened cannot record the refusal; the refusal itself still stands
    }
  }

  async close(): Promise<void> {
    await this.session?.close();
  }
}
