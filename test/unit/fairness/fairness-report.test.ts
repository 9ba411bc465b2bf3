import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import { Random } from '../../../src/util/random.ts';
import { computeFairness, GROUP_RATES, VS_REFERENCE_METRICS, type GroupCounts } from '../../../src/fairness/index.ts';
import { swapLabels } from '../../../src/fairness/confusion.ts';
import { cells, group } from './helpers.ts';

function randomGroups(rng: Random, names: string[]): GroupCounts[] {
  return names.map((name) => {
    const c = cells({ y0d0: rng.int(40), y0d1: rng.int(40), y1d0: rng.int(40), y1d1: rng.int(40) + 1, yNd0: rng.int(10), yNd1: rng.int(10) });
    const positives = c.y1d0 + c.y1d1;
    const negatives = c.y0d0 + c.y0d1;
    // a rank sum within its possible range: positives' ranks somewhere between all-lowest and all-highest
    const lowest = positives * (positives + 1);
    const twice = lowest + 2 * rng.int(positives * negatives + 1);
    return { group: name, cells: c, score: { count: 5, sum: rng.next() * 5, sumSquares: 3 }, ranks: { positives, negatives, twiceRankSumPositives: twice } };
  });
}

function rejects(fn: () => unknown, code: string, mentions: string[]): void {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AssayError, String(e));
    assert.equal(e.code, code);
    for (const m of mentions) assert.ok(e.message.includes(m), `"${e.message}" should mention ${m}`);
    return;
  }
  assert.fail(`expected ${code}`);
}

const base = { attribute: 'sex', favorable: 1 as const, minGroupSize: 30 };

test('renaming the groups permutes the result and changes nothing else', () => {
  for (const seed of [1, 2, 3]) {
    const rng = new Random(seed);
    const groups = randomGroups(rng, ['a', 'b', 'c', 'd']);
    const rename: Record<string, string> = { a: 'zeta', b: 'alpha', c: 'mu', d: 'beta' };
    const renamed = [...groups].reverse().map((g) => ({ ...g, group: rename[g.group]! }));
    const r1 = computeFairness({ ...base, groups, reference: 'b' });
    const r2 = computeFairness({ ...base, groups: renamed, reference: 'alpha' });
    assert.deepEqual(r2.betweenGroups, r1.betweenGroups);
    for (const g of r1.groups) {
      const h = r2.groups.find((x) => x.group === rename[g.group])!;
      assert.deepEqual({ ...h, group: g.group }, g);
      if (g.group !== 'b') {
        assert.deepEqual(r2.vsReference[rename[g.group]!], r1.vsReference[g.group]);
        assert.deepEqual(r2.tests.vsReference[rename[g.group]!], r1.tests.vsReference[g.group]);
      }
    }
    assert.deepEqual(r2.vsReference.allOthers, r1.vsReference.allOthers);
    assert.equal(r2.datasetWide.theilIndex, r1.datasetWide.theilIndex);
    assert.ok(Math.abs(r2.tests.independence!.statistic - r1.tests.independence!.statistic) < 1e-9);
  }
});

test('duplicating every row leaves every rate and metric unchanged', () => {
  for (const seed of [4, 5, 6]) {
    const groups = randomGroups(new Random(seed), ['a', 'b', 'c']);
    const doubled = groups.map((g) => ({
      group: g.group,
      cells: Object.fromEntries(Object.entries(g.cells).map(([k, v]) => [k, 2 * v])) as unknown as GroupCounts['cells'],
      score: { count: 2 * g.score.count, sum: 2 * g.score.sum, sumSquares: 2 * g.score.sumSquares },
      // each average rank r becomes 2r − ½ when every score appears twice: Σ 2·(2r − ½) over 2P rows = 4·(2Σr) − 2P
      ranks: { positives: 2 * g.ranks!.positives, negatives: 2 * g.ranks!.negatives, twiceRankSumPositives: 4 * g.ranks!.twiceRankSumPositives - 2 * g.ranks!.positives },
    }));
    const r1 = computeFairness({ ...base, groups, reference: 'a', minGroupSize: 1 });
    const r2 = computeFairness({ ...base, groups: doubled, reference: 'a', minGroupSize: 1 });
    r1.groups.forEach((g, i) => {
      const h = r2.groups[i]!;
      for (const k of [...GROUP_RATES, 'meanScore', 'auc'] as const) assert.ok(g[k] === h[k] || Math.abs(g[k]! - h[k]!) < 1e-15, `${k}: ${g[k]} vs ${h[k]}`);
      assert.equal(h.count, 2 * g.count);
    });
    assert.deepEqual(r2.betweenGroups, r1.betweenGroups);
    for (const [k, v] of Object.entries(r1.vsReference)) {
      for (const m of VS_REFERENCE_METRICS) assert.ok(v[m] === r2.vsReference[k]![m] || Math.abs(v[m]! - r2.vsReference[k]![m]!) < 1e-15, `${k}.${m}`);
    }
    assert.ok(Math.abs(r2.datasetWide.theilIndex! - r1.datasetWide.theilIndex!) < 1e-15);
  }
});

test('swapping the favorable label maps the metrics as their definitions say', () => {
  for (const seed of [7, 8]) {
    const groups = randomGroups(new Random(seed), ['a', 'b', 'c']);
    const fav1 = computeFairness({ ...base, groups, reference: 'a' });
    const fav0 = computeFairness({ ...base, favorable: 0, groups, reference: 'a' });
    // the group table and Fairlearn's comparisons are in terms of ŷ = 1 / y = 1: unchanged
    assert.deepEqual(fav0.groups, fav1.groups);
    assert.deepEqual(fav0.betweenGroups, fav1.betweenGroups);
    for (const name of ['b', 'c', 'allOthers']) {
      const one = fav1.vsReference[name]!;
      const zero = fav0.vsReference[name]!;
      const u = name === 'allOthers' ? null : fav1.groups.find((g) => g.group === name)!;
      const p = fav1.groups.find((g) => g.group === 'a')!;
      assert.ok(Math.abs(zero.statisticalParityDifference! + one.statisticalParityDifference!) < 1e-14, 'SPD negates');
      assert.ok(Math.abs(zero.averageOddsDifference! + one.averageOddsDifference!) < 1e-14, 'average odds negates');
      assert.ok(Math.abs(zero.averageAbsOddsDifference! - one.averageAbsOddsDifference!) < 1e-14, 'abs odds unchanged');
      assert.ok(Math.abs(zero.errorRateRatio! - one.errorRateRatio!) < 1e-14, 'error ratio unchanged');
      if (u) {
        // TPR of the favorable label 0 is the TNR of label 1; selection of 0 is 1 − selection of 1
        assert.ok(Math.abs(zero.equalOpportunityDifference! - (u.trueNegativeRate! - p.trueNegativeRate!)) < 1e-14, 'EOD is the TNR difference');
        assert.ok(Math.abs(zero.disparateImpact! - (1 - u.selectionRate!) / (1 - p.selectionRate!)) < 1e-14, 'DI of the complement');
      }
    }
    // favorable 0 on the data equals favorable 1 on the data with 0 and 1 exchanged
    const swapped = computeFairness({ ...base, groups: groups.map((g) => ({ ...g, cells: swapLabels(g.cells) })), reference: 'a' });
    assert.deepEqual(swapped.vsReference, fav0.vsReference);
    assert.equal(swapped.datasetWide.theilIndex, fav0.datasetWide.theilIndex);
  }
});

test('a log without any observed outcome: outcome metrics null and flagged, never 0', () => {
  const groups = [group('f', { yNd0: 20, yNd1: 20 }), group('m', { yNd0: 10, yNd1: 30 })];
  const r = computeFairness({ ...base, groups, reference: 'm' });
  for (const g of r.groups) {
    assert.ok(g.flags.includes('no_outcomes'));
    assert.equal(g.truePositiveRate, null);
    assert.equal(g.baseRate, null);
  }
  assert.equal(r.betweenGroups.equalizedOddsDifference, null);
  assert.equal(r.betweenGroups.equalOpportunityDifference, null);
  assert.equal(r.betweenGroups.demographicParityDifference, 0.75 - 0.5);
  assert.equal(r.vsReference.f!.equalOpportunityDifference, null);
  assert.equal(r.vsReference.f!.disparateImpact, 0.5 / 0.75);
  assert.equal(r.datasetWide.theilIndex, null);
  assert.ok(r.warnings.some((w) => w.includes('no observed outcome')));
});

test('a favorable value that never occurs, small groups and rows without the attribute are warned about', () => {
  const groups = [group('f', { y0d0: 20, y1d0: 5 }), group('m', { y0d0: 30, y1d0: 10 })];
  const r = computeFairness({ ...base, groups, reference: 'm', missingAttribute: cells({ y0d0: 3 }) });
  assert.ok(r.warnings.some((w) => w.includes('favorable outcome 1')), r.warnings.join('\n'));
  assert.ok(r.warnings.some((w) => w.includes('smaller than 30') && w.includes('f (25)')));
  assert.ok(r.warnings.some((w) => w.startsWith('3 rows have no value for sex')));
  assert.equal(r.vsReference.f!.disparateImpact, null);
  assert.equal(r.betweenGroups.demographicParityRatio, null);
  assert.ok(r.groups[0]!.flags.includes('undefined:vsReference.disparateImpact'));
  assert.deepEqual(r.rows, { analysed: 65, missingAttribute: 3 });
  assert.equal(r.ci, null);
  assert.equal(r.groups[0]!.ci, null);
});

test('one group only, no group, or an absent reference are refused with a sentence naming the values', () => {
  rejects(() => computeFairness({ ...base, groups: [group('male', { y0d0: 3 })], reference: 'male' }), 'BAD_ARGUMENT', ['"sex"', 'single group', 'male']);
  rejects(() => computeFairness({ ...base, groups: [], reference: 'male' }), 'BAD_ARGUMENT', ['no value in any row']);
  rejects(() => computeFairness({ ...base, groups: [group('f', { y0d0: 3 }), group('m', { y0d0: 3 })], reference: 'x' }), 'NOT_FOUND', ['"x"', 'f, m', '--reference']);
});

test('with bootstrap, every group rate and comparison gets an interval; tests use Fisher for small cells', () => {
  const groups = randomGroups(new Random(9), ['a', 'b']).concat([group('tiny', { y0d0: 2, y1d1: 1 })]);
  const r = computeFairness({ ...base, groups, reference: 'a', bootstrap: { replicates: 200, seed: 3 } });
  assert.deepEqual(r.bootstrap, { replicates: 200, seed: 3, confidence: 0.95 });
  for (const g of r.groups) for (const k of GROUP_RATES) assert.ok(g.ci && k in g.ci, `${g.group}.${k}`);
  assert.ok(r.ci!.betweenGroups.demographicParityDifference);
  assert.ok(r.ci!.vsReference.allOthers!.disparateImpact);
  assert.equal(r.tests.vsReference.tiny!.test, 'fisher_exact');
  assert.equal(r.tests.vsReference.b!.test, 'two_proportion_z');
  assert.equal(r.tests.independence!.degreesOfFreedom, 2);
  assert.deepEqual(computeFairness({ ...base, groups, reference: 'a', bootstrap: { replicates: 200, seed: 3 } }), r);
});
