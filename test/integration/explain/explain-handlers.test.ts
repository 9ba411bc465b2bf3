import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { CaseSession } from '../../../src/api/case-session.ts';
import { AssayError } from '../../../src/api/errors.ts';
import type { HandlerContext } from '../../../src/api/handler-context.ts';
import { explainDecision, explainGlobal, explainImportance } from '../../../src/api/handlers/explain-handlers.ts';
import { METHODS } from '../../../src/api/contract.ts';

const explainDecisionArgs = METHODS['explain.decision'].args;
const explainGlobalArgs = METHODS['explain.global'].args;
const explainImportanceArgs = METHODS['explain.importance'].args;
import { explainCommands } from '../../../src/host/cli/commands-explain.ts';
import type { Invocation } from '../../../src/host/cli/command.ts';
import { AssayService } from '../../../src/api/service.ts';
import type { Progress } from '../../../src/api/contract-types.ts';
import { decodeModel } from '../../../src/packages/index.ts';
import { paramsFromModel, type LogregParams } from '../../../fixtures/lib/index.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir('assay-explain-');
const casePath = join(dir, 'explain.assay');
const session = new CaseSession(casePath);
const who = { user: 'tester', role: 'auditor' as const };

function context(extra: Partial<HandlerContext> = {}): HandlerContext {
  return { ...who, casePath, inputHashes: {}, openCase: (files?: string[]) => session.open(files), ...extra };
}

before(async () => {
  const service = new AssayService(casePath);
  try {
    await service.call('case.create', { title: 'explain' }, who);
    for (const id of ['credit-gbm', 'credit-logreg']) await service.call('package.import', { path: demoPackage(id) }, who);
    await service.call('log.import', { path: demoLog('decisions-gbm.ndjson'), package: 'credit-gbm@1.0.0', name: 'gbm' }, who);
    await service.call('log.import', { path: demoLog('decisions-clean.csv'), package: 'credit-logreg@1.0.0', name: 'clean' }, who);
  } finally {
    await service.close();
  }
});
after(() => session.close());

async function rejects(p: Promise<unknown>, code: string, mentions: string[]): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AssayError, String(e));
    assert.equal(e.code, code, e.message);
    for (const m of mentions) assert.ok(e.message.includes(m), `"${e.message}" should mention ${m}`);
    return true;
  });
}

test('a GBM decision: auto is TreeSHAP in log-odds, additive, agreeing with exact Shapley through ONNX Runtime, recorded as a run', async () => {
  const tree = await explainDecision(context(), { log: 'gbm', decisionId: 'D-000010', background: 50 });
  assert.equal(tree.method, 'tree');
  assert.equal(tree.algorithm, 'tree-shap');
  assert.equal(tree.output, 'logodds');
  assert.equal(tree.backgroundSize, 50);
  assert.ok(tree.additivityError < 1e-9);
  assert.ok(Math.abs(1 / (1 + Math.exp(-tree.fx)) - tree.score) < 1e-5);
  const exact = await explainDecision(context(), { log: 'gbm', decisionId: 'D-000010', background: 50, method: 'exact' });
  assert.equal(exact.algorithm, 'exact');
  for (const [name, v] of Object.entries(tree.values)) assert.ok(Math.abs(v - exact.values[name]!) < 1e-4, `${name}: ${v} vs ${exact.values[name]}`);
  const db = await session.open();
  const run = await db.queryOne<{ method: string; seed: number }>('SELECT method, seed FROM runs WHERE run_id = $1', [tree.runId]);
  assert.equal(run?.method, 'explain.decision');
});

test('a GBM decision in probability: auto is exact through ONNX Runtime, --method tree evaluates the trees exactly, and they agree', async () => {
  const auto = await explainDecision(context(), { log: 'gbm', decisionId: 'D-000011', output: 'probability', background: 30 });
  const trees = await explainDecision(context(), { log: 'gbm', decisionId: 'D-000011', output: 'probability', background: 30, method: 'tree' });
  assert.equal(auto.algorithm, 'exact');
  assert.equal(trees.algorithm, 'exact-trees');
  for (const [name, v] of Object.entries(auto.values)) assert.ok(Math.abs(v - trees.values[name]!) < 1e-5, name);
});

test('a logistic-regression decision in log-odds: φ is β·(x − mean background) per numeric and coef[level] − mean coef per categorical', async () => {
  const r = await explainDecision(context(), { log: 'clean', decisionId: 'D-000001', background: 40, seed: 3 });
  assert.equal(r.algorithm, 'exact');
  const p = paramsFromModel(decodeModel(readFileSync(join(demoPackage('credit-logreg'), 'model.onnx')))) as LogregParams;
  const db = await session.open();
  const table = (await db.queryOne<{ reference_table: string }>("SELECT reference_table FROM packages WHERE ref = 'credit-logreg@1.0.0'"))!.reference_table;
  const reference = await db.query(`SELECT * FROM "${table}" ORDER BY rowid`);
  const { chooseBackground } = await import('../../../src/explain/index.ts');
  const background = chooseBackground(reference.length, 40, 3, true).indices.map((i) => reference[i]!);
  const x = (await db.queryOne(`SELECT * FROM "${(await db.queryOne<{ table_name: string }>("SELECT table_name FROM logs WHERE name = 'clean'"))!.table_name}" WHERE decision_id = 'D-000001'`))!;
  const mean = (f: (row: Record<string, unknown>) => number) => background.reduce((s, b) => s + f(b), 0) / background.length;
  p.numeric.names.forEach((name, k) => {
    const expected = p.coefficients[k]! * p.numeric.scale[k]! * (Number(x[name]) - mean((b) => Number(b[name])));
    assert.ok(Math.abs(r.values[name]! - expected) < 2e-4, `${name}: ${r.values[name]} vs ${expected}`);
  });
  let j = p.numeric.names.length;
  for (const c of p.categorical) {
    const coef = (level: unknown) => p.coefficients[j + c.levels.indexOf(String(level))] ?? 0;
    const expected = coef(x[c.name]) - mean((b) => coef(b[c.name]));
    assert.ok(Math.abs(r.values[c.name]! - expected) < 2e-4, `${c.name}: ${r.values[c.name]} vs ${expected}`);
    j += c.levels.length;
  }
});

test('KernelSHAP through the service repeats exactly with one seed', async () => {
  const a = await explainDecision(context(), { log: 'clean', decisionId: 'D-000002', method: 'kernel', output: 'probability', background: 20, seed: 11 });
  const b = await explainDecision(context(), { log: 'clean', decisionId: 'D-000002', method: 'kernel', output: 'probability', background: 20, seed: 11 });
  assert.equal(a.method, 'kernel');
  assert.equal(a.nsamples, 2 * 12 + 2048);
  assert.deepEqual(a.values, b.values);
});

test('bad input: an unknown decision, an unknown log, too large a background (a warning), TreeSHAP on a model without trees', async () => {
  await rejects(explainDecision(context(), { log: 'gbm', decisionId: 'nope' }), 'NOT_FOUND', ['"nope"', '"gbm"']);
  await rejects(explainDecision(context(), { log: 'missing', decisionId: 'x' }), 'NOT_FOUND', ['"missing"']);
  await rejects(explainDecision(context(), { log: 'clean', decisionId: 'D-000001', method: 'tree' }), 'MODEL_UNSUPPORTED', ['TreeSHAP', '--method exact']);
  const r = await explainDecision(context(), { log: 'gbm', decisionId: 'D-000012', background: 5000 });
  assert.equal(r.backgroundSize, 200);
  assert.ok(r.warnings.some((w) => w.includes('only 200 rows')), r.warnings.join('; '));
});

test('permutation importance over a log: every feature, seeded, rows without outcome left out', async () => {
  const a = await explainImportance(context(), { log: 'gbm', repeats: 2, seed: 5 });
  const b = await explainImportance(context(), { log: 'gbm', repeats: 2, seed: 5 });
  assert.deepEqual({ ...a, runId: '' }, { ...b, runId: '' });
  assert.equal(a.metric, 'auc');
  assert.equal(a.excludedRows, 35);
  assert.equal(Object.keys(a.features).length, 12);
  assert.ok(a.baseline > 0.6 && a.baseline < 1);
  const acc = await explainImportance(context(), { log: 'gbm', metric: 'accuracy', repeats: 1, limit: 300 });
  assert.equal(acc.rows, 300);
});

test('a log explained as a whole: progress, global importance, beeswarm and SHAP by protected group; cancellation', async () => {
  const progress: Progress[] = [];
  const r = await explainGlobal(context({ onProgress: (p) => progress.push(p) }), { log: 'gbm', limit: 60, attribute: 'sex', background: 50 });
  assert.equal(r.method, 'tree');
  assert.equal(r.decisions.length, 60);
  assert.equal(r.importance.length, 12);
  assert.equal(r.beeswarm[0]!.phi.length, 60);
  assert.equal(r.byGroup?.reference, 'male');
  assert.deepEqual(r.byGroup?.groups.map((g) => g.group), ['female', 'male']);
  assert.deepEqual(progress.at(-1), { stage: 'explaining', done: 60, total: 60 });
  const some = await explainGlobal(context(), { log: 'gbm', decisionIds: ['D-000003', 'D-000001'], background: 50 });
  assert.deepEqual(some.decisions.map((d) => d.decisionId), ['D-000001', 'D-000003']);
  await rejects(explainGlobal(context(), { log: 'gbm', decisionIds: ['D-000001', 'nope'] }), 'NOT_FOUND', ['"nope"']);
  await rejects(explainGlobal(context(), { log: 'gbm', attribute: 'religion' }), 'NOT_FOUND', ['"religion"']);
  const controller = new AbortController();
  controller.abort();
  await rejects(explainGlobal(context({ signal: controller.signal }), { log: 'gbm', limit: 5 }), 'CANCELLED', ['cancelled']);
});

/** Runs a CLI command against the handlers, through the contract's zod schemas. */
async function cli(name: string, values: Invocation['values']) {
  const handlers: Record<string, (ctx: HandlerContext, args: unknown) => Promise<unknown>> = {
    'explain.decision': (ctx, a) => explainDecision(ctx, explainDecisionArgs.parse(a)),
    'explain.global': (ctx, a) => explainGlobal(ctx, explainGlobalArgs.parse(a)),
    'explain.importance': (ctx, a) => explainImportance(ctx, explainImportanceArgs.parse(a)),
  };
  const service = { call: (method: string, args: unknown) => handlers[method]!(context(), args) };
  const inv = { positionals: [casePath], values, context: who, service: () => service, progress: () => undefined } as unknown as Invocation;
  return explainCommands.find((c) => c.name === name)!.run(inv);
}

test('the CLI commands build valid arguments and print the explanation', async () => {
  const one = await cli('explain', { log: 'gbm', decision: 'D-000004', background: '20', seed: '2' });
  assert.match(one.text, /^Decision D-000004: P\(positive\) = 0\.\d+, explained in log-odds by interventional TreeSHAP/);
  assert.match(one.text, /Recorded as run-/);
  const result = one.result as Record<string, unknown>;
  for (const key of ['decisionId', 'method', 'output', 'baseValue', 'fx', 'values', 'additivityError', 'backgroundSize', 'seed', 'runId']) assert.ok(key in result, key);
  const many = await cli('explain global', { log: 'gbm', limit: '10', attribute: 'age_group', background: '20' });
  assert.match(many.text, /Mean φ by age_group \(reference over_25\)/);
  const imp = await cli('importance', { log: 'clean', metric: 'accuracy', repeats: '1', limit: '200' });
  assert.match(imp.text, /Baseline accuracy: 0\.\d+/);
  await assert.rejects(cli('explain', { log: 'gbm' }), (e: unknown) => e instanceof AssayError && e.message.includes('--decision ID'));
  await assert.rejects(cli('explain', { log: 'gbm', decision: 'D-000001', method: 'shapley' }), (e: unknown) => e instanceof AssayError && e.message.includes('auto, exact, kernel, tree'));
});
