import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AssayError } from '../../../src/api/errors.ts';
import { thresholdSweep } from '../../../src/fairness/threshold-sweep.ts';
import { BETWEEN_GROUP_SPECS, computeFairness, GROUP_RATE_SPECS, VS_REFERENCE_SPECS } from '../../../src/fairness/index.ts';
import { fairnessText, parseBins } from '../../../src/host/cli/commands-fairness.ts';
import { group } from './helpers.ts';

test('threshold sweep from the counts above each threshold, by hand', () => {
  // group a: 4 rows y=0 (1 scores ≥ 0.5), 6 rows y=1 (4 scores ≥ 0.5); group b: 5 y=0 (0 above), 5 y=1 (5 above)
  const plans = [{ name: 'g', kind: 'categorical' as const }];
  // bucket 0: score < 0.5, bucket 1: score ≥ 0.5
  const rows = [
    { k0: 'a', yk: '0', bucket: 0, n: 3 }, { k0: 'a', yk: '0', bucket: 1, n: 1 }, { k0: 'a', yk: '1', bucket: 0, n: 2 }, { k0: 'a', yk: '1', bucket: 1, n: 4 },
    { k0: 'b', yk: '0', bucket: 0, n: 5 }, { k0: 'b', yk: '1', bucket: 1, n: 5 }, { k0: null, yk: '1', bucket: 1, n: 9 },
  ];
  const [p] = thresholdSweep(plans, rows, [0.5], 'b', 1);
  assert.deepEqual(p!.groups.a, { selectionRate: 5 / 10, truePositiveRate: 4 / 6, falsePositiveRate: 1 / 4 });
  assert.deepEqual(p!.groups.b, { selectionRate: 5 / 10, truePositiveRate: 1, falsePositiveRate: 0 });
  assert.equal(p!.betweenGroups.demographicParityDifference, 0);
  // TPR gap 1 − 4/6, FPR gap 1/4 − 0 → the larger is the TPR gap
  assert.equal(p!.betweenGroups.equalizedOddsDifference, 1 - 4 / 6);
  assert.equal(p!.betweenGroups.equalOpportunityDifference, 1 - 4 / 6);
  assert.equal(p!.disparateImpact.a, 1);
});

test('--bins parses edges and quantiles, and refuses anything else naming the value', () => {
  assert.deepEqual(parseBins(['age:25,35,50', 'income:q5']), { age: [25, 35, 50], income: { quantiles: 5 } });
  assert.deepEqual(parseBins(['a:b:1']), { 'a:b': [1] });
  assert.equal(parseBins(undefined), undefined);
  for (const bad of ['age', 'age:', ':1,2', 'age:1,x']) {
    assert.throws(() => parseBins([bad]), (e: unknown) => e instanceof AssayError && e.code === 'BAD_ARGUMENT' && e.message.includes(`"${bad}"`));
  }
});

test('the human text shows the groups, the comparisons, the four-fifths verdict and the warnings', () => {
  const report = computeFairness({
    attribute: 'sex', reference: 'male', favorable: 1, minGroupSize: 30,
    groups: [group('female', { y0d0: 30, y0d1: 5, y1d0: 10, y1d1: 15 }), group('male', { y0d0: 20, y0d1: 15, y1d0: 5, y1d1: 40 })],
  });
  const text = fairnessText({ ...report, runId: 'run-1' });
  assert.match(text, /female vs male: disparate impact 0\.485 — FAILS \(below 0\.8\)/); // (20/60) / (55/80) = 0.4848
  assert.ok(text.includes('demographicParityDifference'));
  assert.ok(text.includes('Recorded as run-1.'));
  assert.ok(!text.includes('warning:'));
});

test('docs/metrics.md documents every metric of the table with its source function', () => {
  const doc = readFileSync('docs/metrics.md', 'utf8');
  for (const spec of [...GROUP_RATE_SPECS, ...BETWEEN_GROUP_SPECS, ...VS_REFERENCE_SPECS]) {
    assert.ok(doc.includes(`\`${spec.name}\``), `docs/metrics.md should document ${spec.name}`);
    const fn = /[a-z0-9_]+\.[a-zA-Z0-9_.]+/.exec(spec.source)![0];
    assert.ok(doc.includes(fn), `docs/metrics.md should cite ${fn} for ${spec.name}`);
  }
  for (const name of ['theilIndex', 'consistency', 'fisher_exact', 'Cramér', 'mutual_info_score', 'small_group', 'no_outcomes', 'allOthers']) {
    assert.ok(doc.includes(name), `docs/metrics.md should mention ${name}`);
  }
});
