import type { ExplainDecisionResult, ExplainGlobalResult, ExplainImportanceResult, MethodArgs } from '../contract.ts';
import { quoteIdent, recordRun, type CaseDb } from '../../case/index.ts';
import {
  beeswarm, chooseBackground, DEFAULT_BACKGROUND_SIZE, explainRows, meanAbsImportance, permutationImportance, prepareExplainer, shapByGroup,
  type BeeswarmFeature, type DecisionExplanation, type ExplainerConfig, type FeatureImportanceItem, type FeatureValue, type PermutationImportance,
  type Predict, type Row, type ShapByGroup, type TreeSource,
} from '../../explain/index.ts';
import type { ModelSession } from '../../inference/index.ts';
import { parseTreeEnsemble, type Feature, type Manifest } from '../../packages/index.ts';
import { AssayError, isAssayError } from '../errors.ts';
import type { HandlerContext } from '../handler-context.ts';
import { getLogRow } from './log-handlers.ts';
import { openPackageModel, RUNTIME_MODEL_PATH } from './package-handlers.ts';


export type ExplainDecisionArgs = MethodArgs<'explain.decision'>;
export type ExplainGlobalArgs = MethodArgs<'explain.global'>;
export type ExplainImportanceArgs = MethodArgs<'explain.importance'>;


const DEFAULT_GLOBAL_LIMIT = 1000;
const DEFAULT_REPEATS = 5;

function rawValue(f: Feature, v: unknown): FeatureValue {
  if (v === null || v === undefined) return null;
  if (f.type === 'categorical') return String(v);
  return typeof v === 'number' ? v : Number(v);
}

function toRow(features: Feature[], r: Record<string, unknown>): Row {
  const row: Row = {};
  for (const f of features) row[f.name] = rawValue(f, r[f.name]);
  return row;
}

function selectFeatures(features: Feature[]): string {
  return features.map((f) => quoteIdent(f.name)).join(', ');
}

/** The model through ONNX Runtime as an injected predict. */
function modelPredict(model: ModelSession, features: Feature[]): Predict {
  return (rows) => model.score({ length: rows.length, columns: Object.fromEntries(features.map((f) => [f.name, rows.map((r) => r[f.name] ?? null)])) });
}

async function modelBytes(db: CaseDb, ref: string, manifest: Manifest): Promise<Uint8Array> {
  const file = await db.queryOne<{ content: Uint8Array }>(
    'SELECT content FROM package_files WHERE package_ref = $1 AND path IN ($2, $3) ORDER BY (path = $2) DESC LIMIT 1',
    [ref, RUNTIME_MODEL_PATH, manifest.model.file],
  );
  if (!file) throw new AssayError('INTERNAL', `The case holds no model file for ${ref}; the case may be damaged.`, { ref });
  return file.content;
}

/** The package's tree ensemble for TreeSHAP (matrix layout only: one column per feature), or why there is none. */
async function treeSource(db: CaseDb, ref: string, manifest: Manifest): Promise<TreeSource | null> {
  const bytes = await modelBytes(db, ref, manifest);
  try {
    const ensemble = parseTreeEnsemble(bytes, manifest.output);
    if (!ensemble) return null;
    if (manifest.input.layout !== 'matrix') return { unsupported: 'the package uses the columns layout, so the trees read computed inputs' };
    return { ensemble, layout: { features: manifest.features, unknownValue: manifest.input.unknown_value } };
  } catch (e) {
    if (isAssayError(e) && e.code === 'MODEL_UNSUPPORTED') return { unsupported: String(e.details?.reason ?? e.message) };
    throw e;
  }
}

async function readBackground(db: CaseDb, ref: string, table: string | null, features: Feature[], size: number, seedValue: number, explicit: boolean) {
  if (!table) {
    throw new AssayError('NOT_FOUND', `The package ${ref} came without reference data, so there is no background to explain against. Import a package with reference data.`, { ref });
  }
  const rows = await db.query(`SELECT ${selectFeatures(features)} FROM ${quoteIdent(table)} ORDER BY rowid`);
  const choice = chooseBackground(rows.length, size, seedValue, explicit);
  return { rows: choice.indices.map((i) => toRow(features, rows[i]!)), warning: choice.warning, sampled: choice.sampled };
}

interface Session {
  db: CaseDb;
  log: Awaited<ReturnType<typeof getLogRow>>;
  ref: string;
  model: ModelSession;
  manifest: Manifest;
  referenceTable: string | null;
  inputHashes: Record<string, string>;
}

async function withModel<T>(ctx: HandlerContext, log: string, pkg: string | undefined, run: (s: Session) => Promise<T>): Promise<T> {
  const db = await ctx.openCase();
  const logRow = await getLogRow(db, log);
  const ref = pkg ?? logRow.package_ref;
  const { model, row, manifest } = await openPackageModel(db, ref);
  const inputHashes = { [`log:${logRow.name}`]: logRow.source_sha256, [`package:${ref}`]: row.model_sha256 };
  Object.assign(ctx.inputHashes, inputHashes);
  try {
    return await run({ db, log: logRow, ref, model, manifest, referenceTable: row.reference_table, inputHashes });
  } finally {
    await model.close();
  }
}

type ShapOptions = Pick<ExplainDecisionArgs, 'seed' | 'background' | 'method' | 'output' | 'nsamples'>;

async function explainerFor(s: Session, args: ShapOptions, ctx: HandlerContext, withProgress: boolean) {
  const seedValue = args.seed ?? 0;
  const background = await readBackground(s.db, s.ref, s.referenceTable, s.manifest.features, args.background ?? DEFAULT_BACKGROUND_SIZE, seedValue, args.background !== undefined);
  const method = args.method ?? 'auto';
  const config: ExplainerConfig = {
    features: s.manifest.features, background: background.rows, predict: modelPredict(s.model, s.manifest.features),
    output: args.output ?? 'logodds', method, seed: seedValue, nsamples: args.nsamples,
    trees: method === 'exact' || method === 'kernel' ? null : await treeSource(s.db, s.ref, s.manifest),
    signal: ctx.signal, onProgress: withProgress ? ctx.onProgress : undefined,
  };
  const prepared = await prepareExplainer(config);
  const warnings = [...(background.warning ? [background.warning] : []), ...prepared.warnings];
  return { prepared, background, seed: seedValue, warnings };
}

function parametersOf(args: Record<string, unknown>, ref: string, backgroundSize: number): Record<string, unknown> {
  return { ...args, package: ref, method: args.method ?? 'auto', output: args.output ?? 'logodds', background: args.background ?? DEFAULT_BACKGROUND_SIZE, backgroundSize };
}

/**
 * `explain.decision`: Shapley values of one logged decision through the package's model (exact, KernelSHAP or
 * TreeSHAP), against the package's reference data, recorded as a run.
 */
export async function explainDecision(ctx: HandlerContext, args: ExplainDecisionArgs): Promise<ExplainDecisionResult> {
  return withModel(ctx, args.log, args.package, async (s) => {
    const found = await s.db.query(`SELECT ${selectFeatures(s.manifest.features)} FROM ${quoteIdent(s.log.table_name)} WHERE decision_id = $1 LIMIT 1`, [args.decisionId]);
    if (found.length === 0) {
      throw new AssayError('NOT_FOUND', `The log "${s.log.name}" has no decision "${args.decisionId}". List its decisions with "assay log rows".`, { log: s.log.name, decisionId: args.decisionId });
    }
    const x = toRow(s.manifest.features, found[0]!);
    const { prepared, background, seed: seedValue, warnings } = await explainerFor(s, args, ctx, true);
    const e = await prepared.explain(x);
    const result = { decisionId: args.decisionId, inputs: x, ...e, warnings: [...warnings, ...e.warnings.filter((w) => !warnings.includes(w))], backgroundSize: background.rows.length, seed: seedValue, packageRef: s.ref };
    if (e.diagnostics.clippedProbabilities > 0) {
      result.warnings.push(`${e.diagnostics.clippedProbabilities} predictions were 0 or 1 and were clipped to [1e-7, 1 − 1e-7] before the logit.`);
    }
    const { runId } = await recordRun(s.db, {
      method: 'explain.decision', parameters: parametersOf(args, s.ref, background.rows.length), seed: seedValue,
      inputHashes: s.inputHashes, result, user: ctx.user, role: ctx.role,
    });
    return { ...result, runId };
  });
}

interface LogSelection { sql: string; params: (string | number)[] }

function selection(args: ExplainGlobalArgs, table: string, columns: string): LogSelection {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (args.decisionIds) {
    where.push(`decision_id IN (${args.decisionIds.map((id) => {
      params.push(id);
      return `$${params.length}`;
    }).join(', ')})`);
  }
  if (args.decision !== undefined) {
    params.push(args.decision);
    where.push(`decision = $${params.length}`);
  }
  if (args.outcome !== undefined) {
    params.push(args.outcome);
    where.push(`outcome = $${params.length}`);
  }
  const limit = args.limit ?? (args.decisionIds ? args.decisionIds.length : DEFAULT_GLOBAL_LIMIT);
  return { sql: `SELECT ${columns} FROM ${quoteIdent(table)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY _row LIMIT ${limit}`, params };
}

async function checkAttribute(db: CaseDb, table: string, attribute: string, log: string): Promise<void> {
  const columns = (await db.query<{ name: string }>('SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position', [table])).map((c) => c.name);
  if (!columns.includes(attribute)) {
    throw new AssayError('NOT_FOUND', `The log "${log}" has no column "${attribute}" (it has ${columns.join(', ')}).`, { attribute });
  }
}

/**
 * `explain.global`: explains a log or a filtered part of it against one background, decision by decision with
 * progress and cancellation, and returns global views: mean |φ| importance, beeswarm data and SHAP by group.
 */
export async function explainGlobal(ctx: HandlerContext, args: ExplainGlobalArgs): Promise<ExplainGlobalResult> {
  return withModel(ctx, args.log, args.package, async (s) => {
    if (args.attribute) await checkAttribute(s.db, s.log.table_name, args.attribute, s.log.name);
    const columns = ['decision_id', ...s.manifest.features.map((f) => f.name), ...(args.attribute ? [args.attribute] : [])];
    const sel = selection(args, s.log.table_name, [...new Set(columns)].map(quoteIdent).join(', '));
    const found = await s.db.query(sel.sql, sel.params);
    if (args.decisionIds) {
      const present = new Set(found.map((r) => String(r.decision_id)));
      const missing = args.decisionIds.filter((id) => !present.has(id));
      if (missing.length) throw new AssayError('NOT_FOUND', `The log "${s.log.name}" has no decision ${missing.slice(0, 5).map((m) => `"${m}"`).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}.`, { missing: missing.slice(0, 100) });
    }
    if (found.length === 0) throw new AssayError('NOT_FOUND', `No decision of the log "${s.log.name}" matches the filter.`, { log: s.log.name });
    const { prepared, background, seed: seedValue, warnings } = await explainerFor(s, args, ctx, false);
    const xs = found.map((r) => toRow(s.manifest.features, r));
    const explained = await explainRows(prepared, xs, { signal: ctx.signal, onProgress: ctx.onProgress });
    const names = s.manifest.features.map((f) => f.name);
    const phi = explained.map((e) => names.map((n) => e.values[n]!));
    const values = xs.map((x) => names.map((n) => x[n] ?? null));
    const reference = args.reference ?? s.manifest.protected_attributes.find((p) => p.name === args.attribute)?.reference;
    const result = {
      method: prepared.method, algorithm: prepared.algorithm, output: args.output ?? 'logodds',
      baseValue: explained[0]!.baseValue, features: names,
      decisions: found.map((r, i) => ({ decisionId: String(r.decision_id), score: explained[i]!.score, fx: explained[i]!.fx, additivityError: explained[i]!.additivityError })),
      importance: meanAbsImportance({ features: names, phi }),
      beeswarm: beeswarm({ features: names, phi, values }),
      byGroup: args.attribute
        ? shapByGroup(names, phi, explained.map((e) => e.fx), found.map((r) => (r[args.attribute!] === null || r[args.attribute!] === undefined ? null : String(r[args.attribute!]))), args.attribute, reference)
        : null,
      backgroundSize: background.rows.length, seed: seedValue, packageRef: s.ref, warnings,
    } satisfies Omit<ExplainGlobalResult, 'runId'>;
    const { runId } = await recordRun(s.db, {
      method: 'explain.global', parameters: parametersOf(args, s.ref, background.rows.length), seed: seedValue,
      inputHashes: s.inputHashes, result, user: ctx.user, role: ctx.role,
    });
    return { ...result, runId };
  });
}

/**
 * `explain.importance`: permutation importance over a log's rows with an observed outcome, through the model,
 * by AUC or by accuracy at the package's threshold; recorded as a run.
 */
export async function explainImportance(ctx: HandlerContext, args: ExplainImportanceArgs): Promise<ExplainImportanceResult> {
  return withModel(ctx, args.log, args.package, async (s) => {
    const table = quoteIdent(s.log.table_name);
    const seedValue = args.seed ?? 0;
    const repeats = args.repeats ?? DEFAULT_REPEATS;
    const rows = await s.db.query(`SELECT ${selectFeatures(s.manifest.features)}, outcome FROM ${table} ORDER BY _row`);
    const labelled = rows.filter((r) => r.outcome !== null && r.outcome !== undefined);
    if (labelled.length < 2) {
      throw new AssayError('BAD_ARGUMENT', `Permutation importance needs observed outcomes, and only ${labelled.length} of the ${rows.length} decisions of "${s.log.name}" have one.`, { log: s.log.name });
    }
    const picked = args.limit !== undefined && labelled.length > args.limit ? chooseBackground(labelled.length, args.limit, seedValue, false).indices.map((i) => labelled[i]!) : labelled;
    const r = await permutationImportance({
      rows: picked.map((x) => toRow(s.manifest.features, x)), truth: picked.map((x) => (Number(x.outcome) === 1 ? 1 : 0)),
      features: s.manifest.features.map((f) => f.name), predict: modelPredict(s.model, s.manifest.features),
      metric: args.metric ?? 'auc', threshold: s.manifest.threshold, repeats, seed: seedValue, signal: ctx.signal, onProgress: ctx.onProgress,
    });
    const result = { ...r, excludedRows: rows.length - picked.length, repeats, seed: seedValue, packageRef: s.ref };
    const { runId } = await recordRun(s.db, {
      method: 'explain.importance', parameters: { ...args, package: s.ref, metric: r.metric, repeats }, seed: seedValue,
      inputHashes: s.inputHashes, result, user: ctx.user, role: ctx.role,
    });
    return { ...result, runId };
  });
}
