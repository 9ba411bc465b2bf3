import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { ChallengerResult, DomainClassifierResult, TimelineResult } from '../../../src/api/contract-monitor.ts';
import { AssayService } from '../../../src/api/service.ts';
import { CaseDb } from '../../../src/case/index.ts';
import { caseFingerprint } from '../../helpers/case-fingerprint.ts';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp.ts';
import { AUDITOR, cleanRows, demoCase, quantile, referenceRows, type Record_ } from './helpers.ts';

/** Issue 8: the timeline, the domain classifier and the challenger on the demo case, against independent computations. */
const dir = tempDir('assay-monitor-analyses-');
let casePath: string;

async function call<R>(method: string, args: Record<string, unknown>): Promise<R> {
  const service = new AssayService(casePath);
  try {
    return await service.call(method as never, args, AUDITOR) as R;
  } finally {
    await service.close();
  }
}

function bruteAuc(rows: { s: number; y: number }[]): number | null {
  let wins = 0, pairs = 0;
  for (const a of rows) for (const b of rows) if (a.y === 1 && b.y === 0) {
    pairs++;
    wins += a.s > b.s ? 1 : a.s === b.s ? 0.5 : 0;
  }
  return pairs ? wins / pairs : null;
}

before(async () => {
  casePath = await demoCase(dir);
});

test('timeline: monthly windows over two years; each window\'s metrics equal a computation from the CSV', async () => {
  const r = await call<TimelineResult>('monitor.timeline', { log: 'clean' });
  assert.equal(r.granularity, 'month');
  assert.equal(r.windows.length, 24);
  assert.equal(r.windows.reduce((s, w) => s + w.rows, 0), 1000);
  assert.equal(r.windows.reduce((s, w) => s + w.performance.missingOutcome, 0), 36, 'the delayed outcomes of the clean log');
  assert.deepEqual(r.attributes, ['sex', 'age_group']);
  const rows = cleanRows();
  const ref = referenceRows();
  for (const month of ['2024-03', '2025-11']) {
    const w = r.windows.find((x) => x.start.startsWith(month))!;
    const inside = rows.filter((x) => x.timestamp!.startsWith(month));
    assert.equal(w.rows, inside.length);
    const d = (x: Record_) => (x.decision === 'approve' ? 1 : 0);
    const seen = inside.filter((x) => x.outcome !== '');
    assert.equal(w.performance.observed, seen.length);
    assert.ok(Math.abs(w.selectionRate! - inside.filter((x) => d(x) === 1).length / inside.length) < 1e-12);
    assert.ok(Math.abs(w.performance.accuracy! - seen.filter((x) => d(x) === Number(x.outcome)).length / seen.length) < 1e-12);
    assert.ok(Math.abs(w.performance.brier! - seen.reduce((s, x) => s + (Number(x.score) - Number(x.outcome)) ** 2, 0) / seen.length) < 1e-12);
    assert.ok(Math.abs(w.performance.auc! - bruteAuc(seen.map((x) => ({ s: Number(x.score), y: Number(x.outcome) })))!) < 1e-12);
    // ECE over 10 equal-width bins
    let ece = 0;
    for (let b = 0; b < 10; b++) {
      const inBin = seen.filter((x) => Math.min(Math.floor(Number(x.score) * 10), 9) === b);
      if (inBin.length) ece += (inBin.length / seen.length) * Math.abs(inBin.reduce((s, x) => s + Number(x.score), 0) / inBin.length - inBin.reduce((s, x) => s + Number(x.outcome), 0) / inBin.length);
    }
    assert.ok(Math.abs(w.performance.ece! - ece) < 1e-12);
    // disparate impact of female against male, and PSI of credit_amount against the reference CSV's deciles
    const sel = (sex: string) => inside.filter((x) => x.sex === sex && d(x) === 1).length / inside.filter((x) => x.sex === sex).length;
    assert.ok(Math.abs(w.fairness.sex!.disparateImpact.female! - sel('female') / sel('male')) < 1e-12);
    const refAmounts = ref.map((x) => Number(x.credit_amount)).sort((a, b) => a - b);
    const edges = [...new Set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((q) => quantile(refAmounts, q)))];
    const bin = (v: number) => edges.filter((e) => v > e + 1e-9).length;
    const share = (xs: number[], k: number) => Math.max(xs.filter((v) => bin(v) === k).length / xs.length, 1e-4);
    const cur = inside.map((x) => Number(x.credit_amount));
    let psi = 0;
    for (let k = 0; k <= edges.length; k++) psi += (share(cur, k) - share(refAmounts, k)) * Math.log(share(cur, k) / share(refAmounts, k));
    assert.ok(Math.abs(w.drift.credit_amount!.psi! - psi) < 1e-12, `${w.drift.credit_amount!.psi} vs ${psi}`);
    // ~40 decisions a month against 200 reference rows over 10 bins: sampling alone gives PSI ≈ 9·(1/200 + 1/n)
    const occupied = Array.from({ length: edges.length + 1 }, (_, k) => k).filter((k) => cur.some((v) => bin(v) === k) || refAmounts.some((v) => bin(v) === k)).length;
    const noise = (occupied - 1) * (1 / refAmounts.length + 1 / cur.length);
    assert.ok(Math.abs(w.drift.credit_amount!.noise! - noise) < 1e-12);
    assert.equal(w.drift.credit_amount!.smallSample, noise >= 0.1);
    assert.ok(w.drift.credit_amount!.smallSample, 'a month of the demo log is a small sample (issue 8)');
  }
  assert.ok(r.warnings.some((x) => /too few values for PSI to tell drift from sampling noise/.test(x)), r.warnings.join(' | '));
  const weekly = await call<TimelineResult>('monitor.timeline', { log: 'clean', current: { from: '2025-10-01', to: '2025-12-01' } });
  const overlapping = await call<TimelineResult>('monitor.timeline', { log: 'drifted', reference: { to: '2025-01-01' }, current: { from: '2024-01-01' } });
  assert.equal(overlapping.windows.length, 24, 'a timeline may cover its own reference window');
  assert.ok(overlapping.windows.slice(0, 12).every((w) => w.drift.credit_amount!.severity !== null));
  assert.equal(weekly.granularity, 'day');
  const out = await cli('drift', 'timeline', casePath, '--log', 'drifted', '--granularity', 'week', '--current', '2025-06-01..2025-09-01', '--json');
  assert.equal(out.code, 0, out.stdout);
  assert.equal(out.json().granularity, 'week');
  assert.ok(out.json().windows.every((w: { start: string }) => new Date(w.start).getUTCDay() === 1), 'ISO weeks start on Monday');
});

test('domain classifier: finds the drifted window and credit_amount in it, not the clean log; seeded', async () => {
  const drifted = await call<DomainClassifierResult>('monitor.domainClassifier', { log: 'drifted', reference: { to: '2025-07-01' }, seed: 7 });
  assert.ok(drifted.auc > 0.6, `AUC ${drifted.auc}`);
  assert.equal(drifted.importance[0]!.column, 'credit_amount');
  assert.equal(drifted.foldAuc.length, 5);
  const clean = await call<DomainClassifierResult>('monitor.domainClassifier', { log: 'clean', seed: 7 });
  assert.ok(clean.auc < 0.6, `AUC ${clean.auc}`);
  const again = await call<DomainClassifierResult>('monitor.domainClassifier', { log: 'drifted', reference: { to: '2025-07-01' }, seed: 7 });
  assert.deepEqual(again.foldAuc, drifted.foldAuc);
  const sampled = await call<DomainClassifierResult>('monitor.domainClassifier', { log: 'drifted', reference: { to: '2025-07-01' }, sample: 100, folds: 3 });
  assert.deepEqual(sampled.rows, { reference: 100, current: 100 });
  assert.equal(sampled.sampled, true);
});

test('challenger: agreement and flips equal the replay table; performance side by side from the CSV', async () => {
  const r = await call<ChallengerResult>('monitor.challenger', { log: 'clean', challenger: 'credit-gbm@1.0.0' });
  assert.equal(r.rows, 1000);
  const f = r.flips;
  assert.equal(f['0']['0'] + f['0']['1'] + f['1']['0'] + f['1']['1'], 1000);
  assert.equal(r.agreement, (f['0']['0'] + f['1']['1']) / 1000);
  const db = await CaseDb.open(casePath, { readOnly: true });
  let pairs: { champion: number; replayed: number }[];
  try {
    pairs = await db.query(`SELECT l.decision AS champion, r.replayed FROM log_clean l JOIN "${r.replay.table}" r USING (_row)`);
  } finally {
    await db.close();
  }
  const flip = (a: number, b: number) => pairs.filter((p) => p.champion === a && (p.replayed >= 0.5 ? 1 : 0) === b).length;
  assert.deepEqual(f, { '0': { '0': flip(0, 0), '1': flip(0, 1) }, '1': { '0': flip(1, 0), '1': flip(1, 1) } });
  const seen = cleanRows().filter((x) => x.outcome !== '');
  assert.ok(Math.abs(r.performance.champion.accuracy! - seen.filter((x) => (x.decision === 'approve' ? 1 : 0) === Number(x.outcome)).length / seen.length) < 1e-12);
  assert.equal(r.performance.challenger.observed, seen.length);
  assert.deepEqual(r.fairness.map((x) => x.attribute), ['sex', 'age_group']);
  assert.ok(r.fairness[0]!.champion!.disparateImpact.female! < 1 && r.fairness[0]!.challenger!.disparateImpact.female !== null);
  const out = await cli('challenger', casePath, '--log', 'clean', '--challenger', 'credit-mlp@1.0.0');
  assert.equal(out.code, 0, out.stderr);
  assert.ok(out.stdout.includes('Champion credit-logreg@1.0.0 (logged decisions) vs challenger credit-mlp@1.0.0'), out.stdout);
});

test('bad input for the timeline, the classifier and the challenger; the case is unchanged', async () => {
  const before = await caseFingerprint(casePath);
  const cases: [string[], string, string[]][] = [
    [['drift', 'timeline', casePath, '--log', 'clean', '--granularity', 'hour'], 'BAD_ARGUMENT', ['day, week or month']],
    [['drift', 'timeline', casePath, '--log', 'clean', '--attributes', 'religion'], 'NOT_FOUND', ['religion']],
    [['drift', 'timeline', casePath, '--log', 'clean', '--current', '2031-01-01..'], 'BAD_ARGUMENT', ['holds no decisions']],
    [['drift', 'classifier', casePath, '--log', 'clean', '--current', '2024-01-01T13:25:03Z..2024-01-02T01:00:00Z'], 'BAD_ARGUMENT', ['at least 5 rows']],
    [['challenger', casePath, '--log', 'clean', '--challenger', 'credit-logreg@1.0.0'], 'BAD_ARGUMENT', ['champion']],
    [['challenger', casePath, '--log', 'clean', '--challenger', 'credit-xgb@9.9'], 'NOT_FOUND', ['credit-xgb@9.9']],
    [['challenger', casePath, '--log', 'clean', '--challenger', 'credit-gbm@1.0.0', '--current', '2031-01-01..'], 'BAD_ARGUMENT', ['holds no decisions']],
  ];
  for (const [args, code, mentions] of cases) {
    const out = await cli(...args, '--json');
    assert.equal(out.code, 2, `${args.join(' ')}: ${out.stdout}`);
    const e = out.json().error;
    assert.equal(e.code, code, `${args.join(' ')}: ${e.message}`);
    for (const m of mentions) assert.ok(e.message.includes(m), `"${e.message}" should mention "${m}"`);
  }
  assert.equal(await caseFingerprint(casePath), before);
});
