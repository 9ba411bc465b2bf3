import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CaseDb } from '../../case/index.ts';
import { parseRules, runChallenger, runDomainClassifier, runDrift, runGuard, runTimeline, type MonitorRun, type MonitorSubject } from '../../monitor/index.ts';
import type { GraphSummary, Manifest } from '../../packages/index.ts';
import { openScorer, specFromManifest } from '../../inference/index.ts';
import type { ChallengerArgs, ChallengerResult, DomainClassifierArgs, DomainClassifierResult, DriftArgs, DriftResult, GuardArgs, GuardResult, TimelineArgs, TimelineResult } from '../contract-monitor.ts';
import { AssayError } from '../errors.ts';
import { sha256Hex } from '../../util/hash.ts';
import type { HandlerContext } from '../handler-context.ts';
import { scoreTable } from '../score-table.ts';
import { getLogRow } from './log-handlers.ts';
import { getPackageRow, openPackageModel, RUNTIME_MODEL_PATH } from './package-handlers.ts';

/** The log and the package a monitoring analysis compares; their hashes go to the audit entry. */
async function readSubject(ctx: HandlerContext, db: CaseDb, logName: string, packageRef: string | undefined): Promise<MonitorSubject> {
  const row = await getLogRow(db, logName);
  const meta = await db.queryOne<{ columns: string; personal_columns: string }>('SELECT columns, personal_columns FROM logs WHERE name = $1', [logName]);
  const ref = packageRef ?? row.package_ref;
  const pkg = await getPackageRow(db, ref);
  const manifest = JSON.parse(pkg.manifest) as Manifest;
  const logged = ref === row.package_ref ? manifest : (JSON.parse((await getPackageRow(db, row.package_ref)).manifest) as Manifest);
  ctx.inputHashes[`log:${row.name}`] = row.source_sha256;
  ctx.inputHashes[`package:${ref}`] = pkg.model_sha256;
  return {
    log: {
      name: row.name, table: row.table_name, packageRef: row.package_ref, sourceSha256: row.source_sha256,
      columns: JSON.parse(meta!.columns) as MonitorSubject['log']['columns'], personal: JSON.parse(meta!.personal_columns) as string[],
      loggedThreshold: logged.threshold,
    },
    pkg: { ref, manifest, referenceTable: pkg.reference_table, modelSha256: pkg.model_sha256 },
    scoreReference: pkg.reference_table === null ? undefined : async () => {
      const { model } = await openPackageModel(db, ref);
      try {
        return await scoreTable(db, pkg.reference_table!, model, { signal: ctx.signal });
      } finally {
        await model.close();
      }
    },
  };
}

function monitorRun(ctx: HandlerContext): MonitorRun {
  return { user: ctx.user, role: ctx.role, inputHashes: ctx.inputHashes, signal: ctx.signal, onProgress: ctx.onProgress };
}

/** `monitor.drift`: data drift of every column between a reference and a current window. */
export async function runMonitorDrift(ctx: HandlerContext, args: DriftArgs): Promise<DriftResult> {
  const db = await ctx.openCase();
  const subject = await readSubject(ctx, db, args.log, args.package);
  return runDrift(db, subject, args, monitorRun(ctx));
}

/** `monitor.timeline`: drift, performance and fairness per day, week or month. */
export async function runMonitorTimeline(ctx: HandlerContext, args: TimelineArgs): Promise<TimelineResult> {
  const db = await ctx.openCase();
  const subject = await readSubject(ctx, db, args.log, args.package);
  return runTimeline(db, subject, args, monitorRun(ctx));
}

/** Rules files above this size are refused (a rules file is a page of text). */
const MAX_RULES_BYTES = 1 << 20;

/** `monitor.guard`: evaluates a guardrail rules file; `blocked` when a blocking rule fired (the CLI exits 1). */
export async function runMonitorGuard(ctx: HandlerContext, args: GuardArgs): Promise<GuardResult> {
  const path = resolve(args.rules);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new AssayError('NOT_FOUND', `There is no rules file at ${args.rules}. Give a YAML or JSON file with a list "rules" (see docs/formats.md).`, { path: args.rules });
  }
  if (statSync(path).size > MAX_RULES_BYTES) throw new AssayError('RULES_INVALID', `The rules file ${args.rules} is larger than 1 MB; a rules file lists checks, not data.`, { path: args.rules });
  const bytes = readFileSync(path);
  const rules = parseRules(bytes.toString('utf8'), args.rules);
  const rulesSha256 = sha256Hex(bytes);
  ctx.inputHashes[`rules:${path}`] = rulesSha256;
  const db = await ctx.openCase();
  const subject = await readSubject(ctx, db, args.log, args.package);
  return runGuard(db, subject, { reference: args.reference, current: args.current, rulesFile: args.rules, rulesSha256, rules }, monitorRun(ctx));
}

/** `monitor.challenger`: replays the log with a second package and compares it with the logged (champion) decisions. */
export async function runMonitorChallenger(ctx: HandlerContext, args: ChallengerArgs): Promise<ChallengerResult> {
  const db = await ctx.openCase();
  const subject = await readSubject(ctx, db, args.log, undefined);
  const pkg = await getPackageRow(db, args.challenger);
  const manifest = JSON.parse(pkg.manifest) as Manifest;
  ctx.inputHashes[`package:${args.challenger}`] = pkg.model_sha256;
  const file = await db.queryOne<{ content: Uint8Array }>(
    'SELECT content FROM package_files WHERE package_ref = $1 AND path IN ($2, $3) ORDER BY (path = $2) DESC LIMIT 1',
    [args.challenger, RUNTIME_MODEL_PATH, manifest.model.file],
  );
  if (!file) throw new AssayError('INTERNAL', `The case holds no model file for ${args.challenger}; the case may be damaged.`, { ref: args.challenger });
  const scorer = await openScorer(file.content, specFromManifest(manifest, (JSON.parse(pkg.graph_summary) as GraphSummary).inputs));
  try {
    return await runChallenger(db, subject, {
      challenger: { ref: args.challenger, manifest, scorer, referenceTable: pkg.reference_table, modelSha256: pkg.model_sha256 },
      attributes: args.attributes, current: args.current,
    }, monitorRun(ctx));
  } finally {
    await scorer.close();
  }
}

/** `monitor.domainClassifier`: multivariate drift by a cross-validated classifier of reference vs current rows. */
export async function runMonitorDomainClassifier(ctx: HandlerContext, args: DomainClassifierArgs): Promise<DomainClassifierResult> {
  const db = await ctx.openCase();
  const subject = await readSubject(ctx, db, args.log, args.package);
  return runDomainClassifier(db, subject, args, monitorRun(ctx));
}
