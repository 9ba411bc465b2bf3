import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { recordRun, type SqlParam } from '../../case/index.ts';
import { analyseLog } from '../../fairness/index.ts';
import type { FairnessResult, MethodArgs } from '../contract.ts';
import { AssayError } from '../errors.ts';
import type { HandlerContext } from '../handler-context.ts';
import { sha256Hex } from '../../util/hash.ts';
import { getLogRow } from './log-handlers.ts';
import { getPackageRow } from './package-handlers.ts';
import type { Manifest } from '../../packages/index.ts';


export type FairnessRunArgs = MethodArgs<'fairness.run'>;

/**
 * `fairness.run`: bias metrics of a log by protected group (Fairlearn between groups, AIF360 against the reference),
 * recorded as a run. The counting runs in DuckDB through the case; the metrics are computed by src/fairness.
 */
export async function runFairness(ctx: HandlerContext, args: FairnessRunArgs): Promise<FairnessResult> {
  const file = args.attributesFile ? resolve(args.attributesFile) : null;
  if (file && !existsSync(file)) {
    throw new AssayError('NOT_FOUND', `There is no attributes file at ${args.attributesFile}. Give a CSV with a decision_id column and the protected attributes.`, { path: args.attributesFile });
  }
  const db = await ctx.openCase(file ? [file] : []);
  const log = await getLogRow(db, args.log);
  const packageRef = args.package ?? log.package_ref;
  const pkg = await getPackageRow(db, packageRef);
  const manifest = JSON.parse(pkg.manifest) as Manifest;
  const favorable = args.favorable ?? manifest.favorable_outcome;
  const inputHashes: Record<string, string> = { [`log:${log.name}`]: log.source_sha256, [`package:${packageRef}`]: pkg.model_sha256 };
  if (file) inputHashes[`attributes:${file}`] = sha256Hex(readFileSync(file));
  Object.assign(ctx.inputHashes, inputHashes);

  const report = await analyseLog(
    { query: (sql, params) => db.query(sql, params as SqlParam[]) },
    {
      log: { name: log.name, table: log.table_name },
      attributes: args.attributes, reference: args.reference, favorable,
      packageReferences: Object.fromEntries(manifest.protected_attributes.map((p) => [p.name, p.reference])),
      features: manifest.features.map((f) => ({ name: f.name, type: f.type })),
      minGroupSize: args.minGroupSize, bins: args.bins, attributesFile: file, bootstrap: args.bootstrap, seed: args.seed,
      proxies: args.proxies, thresholds: args.thresholds, consistencyLimit: args.consistencyLimit, signal: ctx.signal,
      onProgress: (stage) => ctx.onProgress?.({ stage }),
    },
  );
  const usesSeed = args.bootstrap !== undefined || report.datasetWide.consistencyDetail?.sampled === true;
  const { runId } = await recordRun(db, {
    method: 'fairness.run',
    parameters: { ...args, attributesFile: file ?? undefined, package: packageRef, favorable, reference: report.reference, minGroupSize: report.minGroupSize },
    seed: usesSeed ? (args.seed ?? 0) : null,
    inputHashes, result: report, user: ctx.user, role: ctx.role,
  });
  return { ...report, runId };
}
