import { getRun, listRuns } from '../../case/index.ts';
import type { MethodArgs } from '../contract.ts';
import type { RunDetail, RunSummary } from '../contract-runs.ts';
import { AssayError } from '../errors.ts';
import type { HandlerContext } from '../handler-context.ts';

export async function listRecordedRuns(ctx: HandlerContext, args: MethodArgs<'run.list'>): Promise<RunSummary[]> {
  return listRuns(await ctx.openCase(), args);
}

export async function showRun(ctx: HandlerContext, args: MethodArgs<'run.show'>): Promise<RunDetail> {
  const run = await getRun(await ctx.openCase(), args.runId);
  if (!run) throw new AssayError('NOT_FOUND', `There is no run ${args.runId} in this case; "assay runs CASE" lists them.`, { runId: args.runId });
  return run;
}
