import { CaseDb, CURRENT_SCHEMA_VERSION } from '../../case/index.ts';
import type { MethodArgs } from '../contract.ts';
import type { CaseInfo, CaseSummary } from '../contract-types.ts';
import type { HandlerContext } from '../handler-context.ts';
import { listPackages } from './package-handlers.ts';
import { listLogs } from './log-handlers.ts';

function caseInfo(path: string, meta: Record<string, string>): CaseInfo {
  return {
    path, caseId: meta.case_id ?? '', title: meta.title ?? '', schemaVersion: Number(meta.schema_version ?? CURRENT_SCHEMA_VERSION),
    createdAt: meta.created_at ?? '', createdBy: meta.created_by ?? '',
  };
}

export async function createCase(ctx: HandlerContext, args: MethodArgs<'case.create'>): Promise<CaseInfo> {
  const db = await CaseDb.create(ctx.casePath, args.title ?? '', ctx.user);
  const meta = await db.meta();
  await db.close();
  return caseInfo(ctx.casePath, meta);
}

export async function describeCase(ctx: HandlerContext): Promise<CaseSummary> {
  const db = await ctx.openCase();
  const meta = await db.meta();
  const counts = await db.queryOne<{ runs: number; audit: number }>('SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM audit) AS audit');
  return {
    ...caseInfo(ctx.casePath, meta),
    packages: await listPackages(ctx),
    logs: await listLogs(ctx),
    runs: Number(counts?.runs ?? 0),
    auditEntries: Number(counts?.audit ?? 0),
  };
}
