import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CounterfactualResult, WhatIfResult } from '../../../src/api/contract-replay.ts';
import { AssayService } from '../../../src/api/service.ts';
import { loadPackageScorer } from '../../../fixtures/lib/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { copyPackage, demoLog, demoPackage } from '../../helpers/demo-paths.ts';
import { demoCopy, demoCsv, isError, replayService, type ReplayService } from './helpers.ts';

/** Issue 5, counterfactuals: every one re-scored, and the constraints checked over several seeds and decisions. */
const dir = tempDir('assay-cf-');
let service: ReplayService;
const clean = demoCsv(demoLog('decisions-clean.csv'));
const reference = demoCsv(join(demoPackage('credit-logreg'), 'reference.csv'));
const logreg = loadPackageScorer(demoPackage('credit-logreg'));
const manifest = JSON.parse(readFileSync(join(demoPackage('credit-logreg'), 'assay-package.json'), 'utf8')) as { features: { name: string; type: string; levels?: string[] }[] };
const MONO = 'credit-logreg@1.0.0-mono';

before(async () => {
  const casePath = await demoCopy(dir, 'cf');
  const pkg = copyPackage('credit-logreg', dir, 'mono');
  const path = join(pkg, 'assay-package.json');
  const m = JSON.parse(readFileSync(path, 'utf8'));
  m.version = '1.0.0-mono';
  for (const f of m.features) {
    if (f.name === 'age') f.monotonic = 'increasing';
    if (f.name === 'credit_amount') f.monotonic = 'decreasing';
    if (f.name === 'duration_months') Object.assign(f, { min: 6, max: 48 });
  }
  writeFileSync(path, JSON.stringify(m, null, 2));
  const s = new AssayService(casePath);
  await s.call('package.import', { path: pkg }, { user: 'olga', role: 'owner' });
  await s.close();
  service = replayService(casePath);
});
after(() => service?.close());

function range(name: string): [number, number] {
  const values = reference.map((r) => Number(r[name]));
  return [Math.min(...values), Math.max(...values)];
}

interface Constraints {
  immutable: string[];
  bounds: Record<string, [number, number]>;
  increasing: string[];
  decreasing: string[];
}

async function check(r: CounterfactualResult, c: Constraints, packageRef?: string): Promise<void> {
  const original = clean.find((a) => a.decision_id === r.decisionId)!;
  assert.equal(r.target, r.original.decision === 1 ? 0 : 1);
  for (const cf of r.counterfactuals) {
    assert.ok(cf.changes.length > 0);
    const set = Object.fromEntries(cf.changes.map((x) => [x.column, x.to]));
    const again = await service.call<WhatIfResult>('whatif.decision', { log: 'clean', decision: r.decisionId, set, package: packageRef });
    assert.equal(again.edited.score, cf.score, 're-scored through what-if, the score is the same');
    assert.equal(again.edited.decision, r.target, `${r.decisionId}: the counterfactual really flips the decision`);
    assert.equal(cf.decision, r.target);
    const p = logreg({ ...original, ...set } as never);
    assert.equal(p >= 0.5 ? 1 : 0, r.target, 'and flips it in the float64 scorer as well');
    let distance = 0;
    for (const x of cf.changes) {
      assert.ok(!c.immutable.includes(x.column), `${x.column} is immutable`);
      assert.equal(x.from, original[x.column]);
      assert.notEqual(x.to, x.from);
      const f = manifest.features.find((g) => g.name === x.column)!;
      if (f.type === 'categorical') {
        assert.ok(f.levels!.includes(String(x.to)), `${x.column}=${x.to} is one of its levels`);
        distance += 1;
      } else {
        const [lo, hi] = c.bounds[x.column] ?? range(x.column);
        const [rlo, rhi] = range(x.column);
        assert.equal(typeof x.to, 'number');
        assert.ok(Number(x.to) >= lo && Number(x.to) <= hi, `${x.column}=${x.to} within [${lo}, ${hi}]`);
        assert.ok(Number.isInteger(x.to), `${x.column} is whole in the reference data`);
        if (c.increasing.includes(x.column)) assert.ok(Number(x.to) > Number(x.from), `${x.column} may only grow`);
        if (c.decreasing.includes(x.column)) assert.ok(Number(x.to) < Number(x.from), `${x.column} may only shrink`);
        distance += Math.abs(Number(x.to) - Number(x.from)) / (hi - lo || rhi - rlo);
      }
    }
    assert.ok(Math.abs(distance - cf.distance) < 1e-9, `distance ${cf.distance} vs ${distance}`);
  }
  const keys = r.counterfactuals.map((cf) => JSON.stringify(cf.changes));
  assert.equal(new Set(keys).size, keys.length, 'no two counterfactuals are the same');
}

test('five counterfactuals of a decision flip it, re-scored; they are sparse, close and diverse', async () => {
  const t0 = performance.now();
  const r = await service.call<CounterfactualResult>('counterfactual.run', { log: 'clean', decision: 'D-000008' });
  const ms = performance.now() - t0;
  assert.equal(r.requested, 5);
  assert.equal(r.counterfactuals.length, 5);
  assert.deepEqual(r.immutable, ['age_group', 'sex']);
  assert.equal(r.seed, 0);
  assert.ok(r.diversity! > 0);
  assert.ok(r.counterfactuals.some((c) => c.changes.length === 1), 'a one-input change flips this borderline decision');
  assert.deepEqual([...r.counterfactuals].sort((a, b) => a.distance - b.distance), r.counterfactuals);
  await check(r, { immutable: ['sex', 'age_group'], bounds: {}, increasing: [], decreasing: [] });
  assert.ok(ms < 10_000, `took ${ms} ms`);
});

test('property: over seeds and decisions (approved and declined), immutable inputs never change and every value respects ranges, levels and monotonicity', async () => {
  const approved = clean.filter((a) => a.decision === 'approve').slice(0, 3).map((a) => String(a.decision_id));
  const declined = clean.filter((a) => a.decision === 'decline').slice(0, 3).map((a) => String(a.decision_id));
  const immutables = [[], ['checking_status'], ['checking_status', 'credit_history', 'duration_months']];
  let k = 0;
  for (const decision of [...approved, ...declined]) {
    for (const seed of [1, 77]) {
      const immutable = immutables[k++ % immutables.length]!;
      const plain = await service.call<CounterfactualResult>('counterfactual.run', { log: 'clean', decision, seed, immutable, count: 4 });
      await check(plain, { immutable: ['sex', 'age_group', ...immutable], bounds: {}, increasing: [], decreasing: [] });
      assert.ok(plain.counterfactuals.length > 0, `${decision} seed ${seed}`);
      const mono = await service.call<CounterfactualResult>('counterfactual.run', { log: 'clean', decision, seed, immutable, count: 4, package: MONO });
      await check(mono, { immutable: ['sex', 'age_group', ...immutable], bounds: { duration_months: [6, 48] }, increasing: ['age'], decreasing: ['credit_amount'] }, MONO);
      if (!immutable.includes('duration_months')) assert.deepEqual(mono.bounds.duration_months, { min: 6, max: 48, integer: true });
      else assert.equal(mono.bounds.duration_months, undefined);
    }
  }
});

test('the search is reproducible by its seed, and the run records the seed', async () => {
  const a = await service.call<CounterfactualResult>('counterfactual.run', { log: 'clean', decision: 'D-000100', seed: 5 });
  const b = await service.call<CounterfactualResult>('counterfactual.run', { log: 'clean', decision: 'D-000100', seed: 5 });
  assert.deepEqual(a.counterfactuals, b.counterfactuals);
  assert.notEqual(a.runId, b.runId);
});

test('counterfactuals refuse an immutable name that is not an input, and an unknown decision', async () => {
  await assert.rejects(service.call('counterfactual.run', { log: 'clean', decision: 'D-000008', immutable: ['salary'] }), isError('BAD_ARGUMENT', '"salary"', 'checking_status'));
  await assert.rejects(service.call('counterfactual.run', { log: 'clean', decision: 'D-999999' }), isError('NOT_FOUND', 'D-999999'));
});
