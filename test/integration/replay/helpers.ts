import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { buildDemoCase } from '../../../src/api/demo.ts';
import { CaseSession } from '../../../src/api/case-session.ts';
import {
  counterfactualArgs, iceArgs, replayRunArgs, whatIfDecisionArgs, whatIfPopulationArgs, whatIfThresholdArgs,
} from '../../../src/api/contract-replay.ts';
import { isMethodName } from '../../../src/api/contract.ts';
import { AssayError } from '../../../src/api/errors.ts';
import type { CallContext, HandlerContext } from '../../../src/api/handler-context.ts';
import {
  runCounterfactuals, runIce, runPopulationWhatIf, runReplay, runThresholdWhatIf, runWhatIf,
} from '../../../src/api/handlers/replay-handlers.ts';
import { AssayService } from '../../../src/api/service.ts';
import { appendAudit } from '../../../src/audit/index.ts';
import type { Invocation } from '../../../src/host/cli/command.ts';
import { canonicalJson } from '../../../src/util/canonical-json.ts';
import { sha256Hex } from '../../../src/util/hash.ts';

export const AUDITOR: CallContext = { user: 'alex', role: 'auditor' };

/* eslint-disable @typescript-eslint/no-explicit-any -- the methods are dispatched by name */
const METHODS: Record<string, { args: z.ZodType; handler: (ctx: HandlerContext, args: any) => Promise<unknown> }> = {
  'replay.run': { args: replayRunArgs, handler: runReplay },
  'whatif.decision': { args: whatIfDecisionArgs, handler: runWhatIf },
  'whatif.population': { args: whatIfPopulationArgs, handler: runPopulationWhatIf },
  'whatif.threshold': { args: whatIfThresholdArgs, handler: runThresholdWhatIf },
  'counterfactual.run': { args: counterfactualArgs, handler: runCounterfactuals },
  'ice.run': { args: iceArgs, handler: runIce },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface ReplayService {
  call<R = any>(method: string, args: unknown, ctx?: CallContext): Promise<R>; // eslint-disable-line @typescript-eslint/no-explicit-any -- results are checked by the tests
  close(): Promise<void>;
}

/** True once the lead has wired the replay methods into the contract; the tests then go through AssayService itself. */
export const WIRED = Object.keys(METHODS).every((m) => isMethodName(m));

/**
 * The service for the replay methods: AssayService when they are in the contract, else the same steps it takes
 * (validate the arguments with the method's schema, run the handler on the open case, append the audit entry).
 */
export function replayService(casePath: string): ReplayService {
  if (WIRED) {
    const service = new AssayService(casePath);
    return { call: (m, a, ctx = AUDITOR) => service.call(m as never, a, ctx) as never, close: () => service.close() };
  }
  const session = new CaseSession(casePath);
  return {
    async call(method, rawArgs, ctx = AUDITOR) {
      const spec = METHODS[method];
      if (!spec) throw new AssayError('BAD_ARGUMENT', `There is no method "${method}".`);
      const parsed = spec.args.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        throw new AssayError('BAD_ARGUMENT', `Invalid arguments for ${method}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ')}.`);
      }
      const hctx: HandlerContext = { ...ctx, casePath, inputHashes: {}, openCase: (files) => session.open(files) };
      const result = await spec.handler(hctx, parsed.data);
      await appendAudit(await session.open(), {
        user: ctx.user, role: ctx.role, method, arguments: parsed.data, inputHashes: hctx.inputHashes,
        resultSha256: sha256Hex(canonicalJson(result)), outcome: 'ok',
      });
      return result as never;
    },
    close: () => session.close(),
  };
}

let demoCache: string | null = null;

/** The demo case (packages credit-logreg, -zipmap, credit-gbm, credit-mlp; logs clean, tampered, drifted, gbm), built once per test file. */
export async function demoCase(dir: string): Promise<string> {
  if (!demoCache) demoCache = (await buildDemoCase(join(dir, 'demo'), { user: 'olga', role: 'owner' })).casePath;
  return demoCache;
}

/** A private copy of the demo case, for a test that changes it. */
export async function demoCopy(dir: string, name: string): Promise<string> {
  const source = await demoCase(dir);
  const target = join(dir, `${name}.assay`);
  cpSync(source, target);
  return target;
}

/** A CLI invocation of a command whose service is `service`. */
export function invocation(service: ReplayService, casePath: string, values: Record<string, unknown>): Invocation {
  return {
    positionals: [casePath], values, context: AUDITOR,
    service: () => service, progress: () => undefined,
  } as unknown as Invocation;
}

export function isError(code: string, ...mentions: string[]): (e: unknown) => boolean {
  return (e: unknown) => {
    if (!(e instanceof AssayError)) throw e;
    if (e.code !== code) throw new Error(`expected ${code}, got ${e.code}: ${e.message}`);
    for (const m of mentions) if (!e.message.includes(m)) throw new Error(`"${e.message}" should mention "${m}"`);
    return true;
  };
}

/** A demo CSV log as records (no field of the demo logs holds a comma); numeric-looking fields as numbers. */
export function demoCsv(path: string): Record<string, string | number>[] {
  const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return rows.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, /^-?\d+(\.\d+)?(e-?\d+)?$/.test(v) ? Number(v) : v])));
}
