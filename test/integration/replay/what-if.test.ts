import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { IceResult, PopulationWhatIfResult, ReplayResult, ThresholdWhatIfResult, WhatIfResult } from '../../../src/api/contract-replay.ts';
import { loadPackageScorer } from '../../../fixtures/lib/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';
import { demoCopy, demoCsv, replayService, type ReplayService } from './helpers.ts';

/** Issue 5, what-if and ICE, each checked against an independent computation. */
const dir = tempDir('assay-whatif-');
let service: ReplayService;
const clean = demoCsv(demoLog('decisions-clean.csv'));
const gbmLog = readFileSync(demoLog('decisions-gbm.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { decision_id: string; applicant: Record<string, string | number> });
const logreg = loadPackageScorer(demoPackage('credit-logreg'));
const gbm = loadPackageScorer(demoPackage('credit-gbm'));

/** |float32 ONNX Runtime − float64 scorer| on P(approve), as the fixture generator checks it. */
const AGREEMENT = 2e-7;

before(async () => {
  service = replayService(await demoCopy(dir, 'whatif'));
});
after(() => service?.close());

const applicant = (id: string) => ({ ...clean.find((r) => r.decision_id === id)! });

test('what-if on one decision agrees with the float64 logistic scorer from the exported coefficients', async () => {
  const cases: [string, Record<string, string | number>][] = [
    ['D-000008', { credit_amount: 9000 }],
    ['D-000008', { purpose: 'car_used', duration_months: '36' }],
    ['D-000100', { checking_status: 'none', savings: 'ge_1000', age: 61 }],
    ['D-000500', { installment_rate: 1, housing: 'for_free', job: 'skilled', foreign_worker: 'no' }],
    ['D-000777', { employment_since: 'unemployed', credit_history: 'critical_other_credits' }],
  ];
  for (const [id, set] of cases) {
    const r = await service.call<WhatIfResult>('whatif.decision', { log: 'clean', decision: id, set });
    const before = applicant(id);
    const after = { ...before, ...Object.fromEntries(Object.entries(set).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v])) };
    const p0 = logreg(before as never), p1 = logreg(after as never);
    assert.ok(Math.abs(r.original.score - p0) <= AGREEMENT, `${id} original ${r.original.score} vs ${p0}`);
    assert.ok(Math.abs(r.edited.score - p1) <= AGREEMENT, `${id} edited ${r.edited.score} vs ${p1}`);
    assert.equal(r.original.decision, p0 >= 0.5 ? 1 : 0);
    assert.equal(r.edited.decision, p1 >= 0.5 ? 1 : 0);
    assert.equal(r.changed, r.original.decision !== r.edited.decision);
    assert.equal(r.logged.score, before.score);
    assert.deepEqual(r.edits.map((e) => e.column), Object.keys(set));
    assert.deepEqual(r.edits.map((e) => e.from), Object.keys(set).map((k) => before[k]));
    assert.match(r.runId, /^run-/);
  }
});

test('a value never seen in training is scored as the model handles it, with a warning; so is a number outside the reference range', async () => {
  const r = await service.call<WhatIfResult>('whatif.decision', { log: 'clean', decision: 'D-000008', set: { purpose: 'spaceship', credit_amount: 99999 } });
  assert.ok(r.warnings.some((w) => w.includes('"spaceship" was never seen in training')));
  assert.ok(r.warnings.some((w) => w.includes('credit_amount=99999 lies outside the range of the reference data')));
  const p = logreg({ ...applicant('D-000008'), purpose: 'spaceship', credit_amount: 99999 } as never);
  assert.ok(Math.abs(r.edited.score - p) <= AGREEMENT, 'an unseen level is all-zero one-hot in the float64 scorer too');
  const g = await service.call<WhatIfResult>('whatif.decision', { log: 'gbm', decision: 'D-000001', set: { purpose: 'spaceship' } });
  const row = (await service.call<IceResult>('ice.run', { log: 'gbm', feature: 'purpose', decision: 'D-000001', sample: 1 })).decision!;
  assert.ok(Math.abs(g.original.score - row.score) < 1e-12);
  assert.ok(Number.isFinite(g.edited.score), 'the matrix layout feeds the unknown value');
});

test('what-if with the gradient-boosted model (matrix layout) agrees with its float64 tree scorer', async () => {
  for (const [id, set] of [['D-000001', { duration_months: 48, savings: 'ge_1000' }], ['D-000042', { checking_status: 'none', age: 70 }]] as const) {
    const r = await service.call<WhatIfResult>('whatif.decision', { log: 'gbm', decision: id, set });
    const before = gbmLog.find((x) => x.decision_id === id)!.applicant;
    assert.ok(Math.abs(r.original.score - gbm(before)) <= AGREEMENT, `${id} original`);
    assert.ok(Math.abs(r.edited.score - gbm({ ...before, ...set })) <= AGREEMENT, `${id} edited`);
  }
});

test('ICE at a grid point equals a single what-if, for a numeric and a categorical input; the grid is the reference quantiles or the levels', async () => {
  const numeric = await service.call<IceResult>('ice.run', { log: 'clean', feature: 'duration_months', decision: 'D-000008', sample: 30, seed: 4 });
  assert.equal(numeric.kind, 'numeric');
  assert.ok(numeric.grid.length >= 5 && numeric.grid.length <= 20);
  assert.deepEqual([...numeric.grid].sort((a, b) => Number(a) - Number(b)), numeric.grid);
  assert.ok(numeric.grid.every((g) => Number.isInteger(g)), 'duration is whole in the reference data');
  for (const i of [0, Math.floor(numeric.grid.length / 2), numeric.grid.length - 1]) {
    const w = await service.call<WhatIfResult>('whatif.decision', { log: 'clean', decision: 'D-000008', set: { duration_months: numeric.grid[i]! } });
    assert.equal(numeric.decision!.curve[i], w.edited.score, `grid point ${numeric.grid[i]}`);
    assert.equal(numeric.decision!.score, w.original.score);
  }
  const categorical = await service.call<IceResult>('ice.run', { log: 'clean', feature: 'purpose', decision: 'D-000100', sample: 10 });
  assert.deepEqual(categorical.grid, ['car_new', 'car_used', 'furniture_equipment', 'radio_tv', 'domestic_appliances', 'repairs', 'education', 'retraining', 'business', 'other']);
  const w = await service.call<WhatIfResult>('whatif.decision', { log: 'clean', decision: 'D-000100', set: { purpose: 'education' } });
  assert.equal(categorical.decision!.curve[6], w.edited.score);
});

test('the partial dependence is the mean of the sampled curves; the sample is seeded', async () => {
  const a = await service.call<IceResult>('ice.run', { log: 'clean', feature: 'age', sample: 25, seed: 9, gridSize: 8 });
  const b = await service.call<IceResult>('ice.run', { log: 'clean', feature: 'age', sample: 25, seed: 9, gridSize: 8 });
  const c = await service.call<IceResult>('ice.run', { log: 'clean', feature: 'age', sample: 25, seed: 10, gridSize: 8 });
  assert.equal(a.decision, null);
  assert.equal(a.sample.rows, 25);
  assert.deepEqual(a.sample.curves.map((x) => x.decisionId), b.sample.curves.map((x) => x.decisionId));
  assert.notDeepEqual(a.sample.curves.map((x) => x.decisionId), c.sample.curves.map((x) => x.decisionId));
  a.grid.forEach((g, i) => {
    const mean = a.sample.curves.reduce((s, x) => s + x.curve[i]!, 0) / a.sample.curves.length;
    assert.ok(Math.abs(a.partialDependence[i]! - mean) < 1e-12);
    for (const curve of a.sample.curves.slice(0, 5)) {
      const p = logreg({ ...applicant(curve.decisionId), age: g } as never);
      assert.ok(Math.abs(curve.curve[i]! - p) <= AGREEMENT, `${curve.decisionId} at age ${g}`);
    }
  });
});

test('population what-if: setting an input on every row flips exactly the decisions the float64 scorer says, by group', async () => {
  const r = await service.call<PopulationWhatIfResult>('whatif.population', { log: 'clean', set: { foreign_worker: 'no' } });
  let flips = 0, toPositive = 0, borderline = 0;
  const bySex = new Map<string, number>();
  for (const a of clean) {
    const p0 = logreg(a as never), p1 = logreg({ ...a, foreign_worker: 'no' } as never);
    if (Math.abs(p0 - 0.5) < 1e-6 || Math.abs(p1 - 0.5) < 1e-6) borderline++;
    if ((p0 >= 0.5) !== (p1 >= 0.5)) {
      flips++;
      if (p1 >= 0.5) toPositive++;
      bySex.set(String(a.sex), (bySex.get(String(a.sex)) ?? 0) + 1);
    }
  }
  assert.equal(borderline, 0);
  assert.equal(r.rows, 1000);
  assert.equal(r.flipped, flips);
  assert.equal(r.toPositive, toPositive);
  const sex = r.byAttribute.find((a) => a.attribute === 'sex')!;
  for (const g of sex.groups) assert.equal(g.flipped, bySex.get(g.group!) ?? 0, g.group!);
  assert.equal(sex.groups.reduce((s, g) => s + g.rows, 0), 1000);
  assert.deepEqual(r.byAttribute.map((a) => a.attribute), ['sex', 'age_group']);
});

test('population what-if on a protected attribute the model does not take: no decision flips, and the warning says why', async () => {
  const r = await service.call<PopulationWhatIfResult>('whatif.population', { log: 'clean', set: { sex: 'female' } });
  assert.equal(r.flipped, 0);
  assert.equal(r.meanScoreChange, 0);
  assert.ok(r.warnings.some((w) => w.includes('sex is a protected attribute but not an input')));
  const filtered = await service.call<PopulationWhatIfResult>('whatif.population', { log: 'clean', set: { age: 22 }, where: [{ column: 'age_group', op: '=', value: 'over_25' }] });
  assert.equal(filtered.rows, clean.filter((a) => a.age_group === 'over_25').length);
});

test('threshold what-if: decisions and confusion counts in SQL match a count over the CSV, from the replayed or the logged scores', async () => {
  const logged = await service.call<ThresholdWhatIfResult>('whatif.threshold', { log: 'clean', threshold: 0.65, scores: 'logged' });
  const count = (t: number) => {
    const c = { tp: 0, fp: 0, tn: 0, fn: 0, unknown: 0, pos: 0 };
    for (const a of clean) {
      const d = Number(a.score) >= t;
      if (d) c.pos++;
      if (a.outcome === '' || a.outcome === undefined) c.unknown++;
      else if (d && a.outcome === 1) c.tp++;
      else if (d) c.fp++;
      else if (a.outcome === 0) c.tn++;
      else c.fn++;
    }
    return c;
  };
  for (const [at, t] of [[logged.current, 0.5], [logged.proposed, 0.65]] as const) {
    const c = count(t);
    assert.deepEqual(
      [at.threshold, at.positives, at.truePositives, at.falsePositives, at.trueNegatives, at.falseNegatives, at.unknownOutcome],
      [t, c.pos, c.tp, c.fp, c.tn, c.fn, c.unknown],
    );
  }
  assert.equal(logged.changed.toNegative, count(0.5).pos - count(0.65).pos);
  assert.equal(logged.changed.toPositive, 0);
  assert.equal(logged.scores, 'logged');

  await service.call<ReplayResult>('replay.run', { log: 'clean' });
  const replayed = await service.call<ThresholdWhatIfResult>('whatif.threshold', { log: 'clean', threshold: 0.65 });
  assert.equal(replayed.scores, 'replayed');
  assert.match(replayed.replayTable!, /^replay_\d+$/);
  assert.deepEqual(replayed.proposed, logged.proposed, 'the clean log replays, so both sources agree away from the threshold');
  const sex = replayed.byAttribute.find((a) => a.attribute === 'sex')!;
  const females = clean.filter((a) => a.sex === 'female');
  assert.equal(sex.groups.find((g) => g.group === 'female')!.selectionRateProposed, females.filter((a) => Number(a.score) >= 0.65).length / females.length);
});
