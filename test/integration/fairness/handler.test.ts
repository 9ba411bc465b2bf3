import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AssayService } from '../../../src/api/service.ts';
import { CaseSession } from '../../../src/api/case-session.ts';
import { AssayError } from '../../../src/api/errors.ts';
import type { HandlerContext } from '../../../src/api/handler-context.ts';
import { runFairness } from '../../../src/api/handlers/fairness-handlers.ts';
import { METHODS, type FairnessResult } from '../../../src/api/contract.ts';

const fairnessRunArgs = METHODS['fairness.run'].args;
import { fairnessCommands } from '../../../src/host/cli/commands-fairness.ts';
import type { Invocation } from '../../../src/host/cli/command.ts';
import { canonicalJson } from '../../../src/util/canonical-json.ts';
import { sha256Hex } from '../../../src/util/hash.ts';
import { tempDir } from '../../helpers/temp.ts';
import { fairnessRow, type Row } from './row-by-row.ts';
import { writeCsv } from './synthetic-log.ts';

const DEMO = resolve('fixtures/demo');
const LOG = join(DEMO, 'logs/decisions-clean.csv');
const dir = tempDir('assay-fairness-handler-');
const casePath = join(dir, 'demo.assay');
const attributesCsv = join(dir, 'regions.csv');
let session: CaseSession;
let ctx: HandlerContext;

/** The demo log read straight from its CSV (no comma inside any field). */
function demoRows(): Record<string, string>[] {
  const [header, ...lines] = readFileSync(LOG, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v])));
}

function rowsBy(key: (r: Record<string, string>) => string | null): Row[] {
  return demoRows().map((r) => ({ group: key(r), y: r.outcome === '' ? null : (Number(r.outcome) as 0 | 1), d: r.decision === 'approve' ? 1 : 0, s: Number(r.score) }));
}

before(async () => {
  const owner = { user: 'olga', role: 'owner' as const };
  const s = new AssayService(casePath);
  await s.call('case.create', {}, owner);
  await s.call('package.import', { path: join(DEMO, 'packages/credit-logreg') }, owner);
  await s.call('log.import', { path: LOG, package: 'credit-logreg@1.0.0', name: 'clean' }, owner);
  await s.close();
  writeCsv(attributesCsv, ['decision_id', 'region'], demoRows().map((r, i) => ({ decision_id: r.decision_id, region: ['north', 'south', 'east'][i % 3] })));
  session = new CaseSession(casePath);
  ctx = { user: 'rita', role: 'risk_officer', casePath, inputHashes: {}, openCase: (files) => session.open(files) };
});
after(async () => session?.close());

function run(args: unknown): Promise<FairnessResult> {
  return runFairness(ctx, fairnessRunArgs.parse(args));
}

function near(a: number | null, b: number | null, path: string): void {
  if (a === null || b === null) return assert.equal(a, b, path);
  assert.ok(Math.abs(a - b) <= 1e-12, `${path}: ${a} vs ${b}`);
}

test('fairness.run on the demo log: the package reference and favorable outcome, exact metrics, a recorded run', async () => {
  const r = await run({ log: 'clean', attributes: ['sex'] });
  assert.equal(r.reference, 'male');
  assert.equal(r.favorable, 1);
  const expected = fairnessRow(rowsBy((x) => x.sex!), 'male', 1);
  for (const g of r.groups) {
    for (const [k, v] of Object.entries(expected.groups[g.group]!)) near(g[k as keyof typeof g] as number, v, `${g.group}.${k}`);
  }
  for (const [k, v] of Object.entries(expected.betweenGroups)) near(r.betweenGroups[k as keyof typeof r.betweenGroups], v, k);
  for (const [k, v] of Object.entries(expected.vsReference.female!)) near(r.vsReference.female![k as keyof typeof expected.vsReference.female], v, `female.${k}`);
  near(r.datasetWide.theilIndex, expected.theilIndex, 'theil');
  assert.ok(r.datasetWide.consistency! > 0.5 && r.datasetWide.consistency! <= 1);
  const db = await session.open();
  const stored = await db.queryOne<{ method: string; parameters: string; result_sha256: string; created_by: string; seed: number | null }>(
    'SELECT method, parameters, result_sha256, created_by, seed FROM runs WHERE run_id = $1', [r.runId]);
  assert.equal(stored!.method, 'fairness.run');
  assert.equal(stored!.created_by, 'rita');
  assert.equal(stored!.seed, null);
  const { runId: _runId, ...report } = r;
  assert.equal(stored!.result_sha256, sha256Hex(canonicalJson(report)));
  assert.deepEqual(JSON.parse(stored!.parameters), { attributes: ['sex'], favorable: 1, log: 'clean', minGroupSize: 30, package: 'credit-logreg@1.0.0', reference: 'male' });
  assert.ok(ctx.inputHashes['log:clean'] && ctx.inputHashes['package:credit-logreg@1.0.0']);
});

test('the intersection sex × age_group takes the combined package reference; favorable 0 maps the comparisons', async () => {
  const r = await run({ log: 'clean', attributes: ['sex', 'age_group'], bootstrap: 100, seed: 3, proxies: true });
  assert.equal(r.attribute, 'sex|age_group');
  assert.equal(r.reference, 'male|over_25');
  assert.deepEqual(r.groups.map((g) => g.group), ['female|25_or_under', 'female|over_25', 'male|25_or_under', 'male|over_25']);
  assert.ok(r.groups.every((g) => g.ci !== null));
  assert.ok(r.proxies!.some((p) => p.feature === 'age' && p.attribute === 'age_group' && p.cramersV! > 0.5), 'age predicts age_group');
  const one = await run({ log: 'clean', attributes: ['sex'] });
  const zero = await run({ log: 'clean', attributes: ['sex'], favorable: 0 });
  assert.equal(zero.favorable, 0);
  near(zero.vsReference.female!.statisticalParityDifference, -one.vsReference.female!.statisticalParityDifference!, 'SPD');
  assert.deepEqual(zero.groups, one.groups);
});

test('a numeric attribute by bins, and an attribute from a CSV joined by decision id', async () => {
  const r = await run({ log: 'clean', attributes: ['age'], bins: { age: [25, 35, 50] }, reference: '[35,50)' });
  assert.deepEqual(r.groups.map((g) => g.group), ['(-inf,25)', '[25,35)', '[35,50)', '[50,inf)']);
  const f = await run({ log: 'clean', attributes: ['region'], attributesFile: attributesCsv, reference: 'north' });
  const expected = fairnessRow(rowsBy(() => null).map((x, i) => ({ ...x, group: ['north', 'south', 'east'][i % 3]! })), 'north', 1);
  for (const g of f.groups) near(g.selectionRate, expected.groups[g.group]!.selectionRate, g.group);
  assert.ok(Object.keys(ctx.inputHashes).some((k) => k.startsWith('attributes:')));
});

test('bad input: an unknown log, an unknown attribute, a reference that is absent', async () => {
  await assert.rejects(run({ log: 'nope', attributes: ['sex'] }), (e: unknown) => e instanceof AssayError && e.code === 'NOT_FOUND' && e.message.includes('"nope"'));
  await assert.rejects(run({ log: 'clean', attributes: ['race'] }), (e: unknown) => e instanceof AssayError && e.code === 'NOT_FOUND' && e.message.includes('"race"') && e.message.includes('age_group'));
  await assert.rejects(run({ log: 'clean', attributes: ['sex'], reference: 'other' }), (e: unknown) => e instanceof AssayError && e.code === 'NOT_FOUND' && e.message.includes('female, male'));
  await assert.rejects(run({ log: 'clean', attributes: ['sex'], attributesFile: join(dir, 'missing.csv') }), (e: unknown) => e instanceof AssayError && e.code === 'NOT_FOUND');
  assert.equal(fairnessRunArgs.safeParse({ log: 'clean', attributes: ['sex'], favorable: 2 }).success, false);
  assert.equal(fairnessRunArgs.safeParse({ log: 'clean', attributes: [] }).success, false);
  assert.equal(fairnessRunArgs.safeParse({ log: 'clean', attributes: ['sex'], surprise: 1 }).success, false);
});

test('the CLI command maps its options to fairness.run and prints the table, the four-fifths verdict and the run', async () => {
  let seen: unknown;
  const inv = {
    positionals: [casePath],
    values: { log: 'clean', attribute: 'sex,age_group', 'min-group-size': '50', bins: undefined, bootstrap: '50', seed: '7' },
    context: { user: 'rita', role: 'risk_officer' },
    service: () => ({ call: async (method: string, args: unknown) => ((seen = { method, args }), run(args)) }),
    progress: () => undefined,
  } as unknown as Invocation;
  const out = await fairnessCommands[0]!.run(inv);
  assert.deepEqual(seen, {
    method: 'fairness.run',
    args: { log: 'clean', attributes: ['sex', 'age_group'], reference: undefined, favorable: undefined, package: undefined, minGroupSize: 50, bins: undefined, attributesFile: undefined, bootstrap: 50, seed: 7, proxies: undefined, consistencyLimit: undefined, thresholds: undefined },
  });
  const r = out.result as FairnessResult;
  assert.equal(r.minGroupSize, 50);
  for (const text of ['Fairness by sex|age_group', 'female|25_or_under', 'Four-fifths rule', 'disparate impact', 'Theil index', `Recorded as ${r.runId}.`, '95% percentile bootstrap, 50 replicates, seed 7']) {
    assert.ok(out.text.includes(text), `text should include ${text}:\n${out.text}`);
  }
  assert.match(out.text, /female\|25_or_under vs male\|over_25: disparate impact \d\.\d{3} — (FAILS|passes)/);
});
