import type { CaseDb } from '../../case/index.ts';
import { openScorer, ScorerCache, specFromManifest } from '../../inference/index.ts';
import type { GraphSummary, Manifest } from '../../packages/index.ts';
import {
  counterfactuals, DEFAULT_COUNTERFACTUALS, DEFAULT_GRID_SIZE, DEFAULT_ICE_SAMPLE, DEFAULT_MAX_CHANGES, DEFAULT_TOLERANCE, iceCurves, populationWhatIf,
  replayLog, thresholdWhatIf, whatIf, type AuditedLog, type AuditedModel, type RunContext,
} from '../../replay/index.ts';
import type {
  CounterfactualArgs, CounterfactualResult, IceArgs, IceResult, PopulationWhatIfResult, ReplayResult, ReplayRunArgs, ThresholdWhatIfResult,
  WhatIfDecisionArgs, WhatIfPopulationArgs, WhatIfResult, WhatIfThresholdArgs,
} from '../contract-replay.ts';
import { AssayError } from '../errors.ts';
import type { HandlerContext } from '../handler-context.ts';
import { sha256Hex } from '../../util/hash.ts';
import { getLogRow } from './log-handlers.ts';
import { getPackageManifest, getPackageRow, RUNTIME_MODEL_PATH } from './package-handlers.ts';

/** Models stay open between calls (the last four used), so that an interactive what-if does not reload one. */
const MODELS = new ScorerCache(4);

interface Subject {
  log: AuditedLog;
  model: AuditedModel;
  release(): Promise<void>;
}

/** The log, and the package whose model an analysis of it runs; their hashes go to the audit entry. */
async function readSubject(ctx: HandlerContext, db: CaseDb, logName: string, packageRef: string | undefined) {
  const row = await getLogRow(db, logName);
  const ref = packageRef ?? row.package_ref;
  const pkg = await getPackageRow(db, ref);
  const manifest = JSON.parse(pkg.manifest) as Manifest;
  const loggedManifest = ref === row.package_ref ? manifest : await getPackageManifest(db, row.package_ref);
  ctx.inputHashes[`log:${row.name}`] = row.source_sha256;
  ctx.inputHashes[`package:${ref}`] = pkg.model_sha256;
  const log: AuditedLog = { name: row.name, table: row.table_name, packageRef: row.package_ref, sourceSha256: row.source_sha256, loggedThreshold: loggedManifest.threshold };
  return { log, ref, pkg, manifest };
}

/** The subject with the model open on the scoring threads. */
async function openSubject(ctx: HandlerContext, db: CaseDb, logName: string, packageRef: string | undefined): Promise<Subject> {
  const { log, ref, pkg, manifest } = await readSubject(ctx, db, logName, packageRef);
  const lease = await MODELS.acquire(`${pkg.model_sha256}:${sha256Hex(`${pkg.manifest}\n${pkg.graph_summary}`)}`, async () => {
    const file = await db.queryOne<{ content: Uint8Array }>(
      'SELECT content FROM package_files WHERE package_ref = $1 AND path IN ($2, $3) ORDER BY (path = $2) DESC LIMIT 1',
      [ref, RUNTIME_MODEL_PATH, manifest.model.file],
    );
    if (!file) throw new AssayError('INTERNAL', `The case holds no model file for ${ref}; the case may be damaged.`, { ref });
    return openScorer(file.content, specFromManifest(manifest, (JSON.parse(pkg.graph_summary) as GraphSummary).inputs));
  });
  return {
    log,
    model: { ref, manifest, scorer: lease.scorer, referenceTable: pkg.reference_table, modelSha256: pkg.model_sha256 },
    release: lease.release,
  };
}

function runContext(ctx: HandlerContext): RunContext {
  return { user: ctx.user, role: ctx.role, inputHashes: ctx.inputHashes, signal: ctx.signal, onProgress: ctx.onProgress };
}

async function withSubject<T>(ctx: HandlerContext, log: string, packageRef: string | undefined, fn: (db: CaseDb, s: Subject) => Promise<T>): Promise<T> {
  const db = await ctx.openCase();
  const subject = await openSubject(ctx, db, log, packageRef);
  try {
    return await fn(db, subject);
  } finally {
    await subject.release();
  }
}

/** `replay.run`: would the model make the logged decisions again? Every decision of the log, recorded as a run. */
export function runReplay(ctx: HandlerContext, args: ReplayRunArgs): Promise<ReplayResult> {
  return withSubject(ctx, args.log, args.package, (db, { log, model }) =>
    replayLog(db, log, model, { tolerance: args.tolerance ?? DEFAULT_TOLERANCE, where: args.where ?? [], limit: args.limit }, runContext(ctx)));
}

export function runWhatIf(ctx: HandlerContext, args: WhatIfDecisionArgs): Promise<WhatIfResult> {
  return withSubject(ctx, args.log, args.package, (db, { log, model }) => whatIf(db, log, model, args.decision, args.set, runContext(ctx)));
}

export function runPopulationWhatIf(ctx: HandlerContext, args: WhatIfPopulationArgs): Promise<PopulationWhatIfResult> {
  return withSubject(ctx, args.log, args.package, (db, { log, model }) => populationWhatIf(db, log, model, args.set, args.where ?? [], runContext(ctx)));
}

/** `whatif.threshold` needs no model run: the scores come from the latest replay or the log. */
export async function runThresholdWhatIf(ctx: HandlerContext, args: WhatIfThresholdArgs): Promise<ThresholdWhatIfResult> {
  const db = await ctx.openCase();
  const { log, ref, manifest } = await readSubject(ctx, db, args.log, args.package);
  return thresholdWhatIf(db, log, ref, manifest, args.threshold, args.scores, args.where ?? [], runContext(ctx));
}

export function runCounterfactuals(ctx: HandlerContext, args: CounterfactualArgs): Promise<CounterfactualResult> {
  return withSubject(ctx, args.log, args.package, (db, { log, model }) => counterfactuals(db, log, model, args.decision, {
    count: args.count ?? DEFAULT_COUNTERFACTUALS, immutable: args.immutable ?? [], seed: args.seed ?? 0, maxChanges: args.maxChanges ?? DEFAULT_MAX_CHANGES,
  }, runContext(ctx)));
}

export function runIce(ctx: HandlerContext, args: IceArgs): Promise<IceResult> {
  return withSubject(ctx, args.log, args.package, (db, { log, model }) => iceCurves(db, log, model, {
    feature: args.feature, decisionId: args.decision, sample: args.sample ?? DEFAULT_ICE_SAMPLE, seed: args.seed ?? 0, gridSize: args.gridSize ?? DEFAULT_GRID_SIZE,
  }, runContext(ctx)));
}
