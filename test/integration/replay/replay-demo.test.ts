import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ReplayResult } from '../../../src/api/contract-replay.ts';
import { CaseDb } from '../../../src/case/index.ts';
import { loadPackageScorer } from '../../../fixtures/lib/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';
import { demoCase, demoCsv, replayService, type ReplayService } from './helpers.ts';

/** Issue 5, replay: the demo logs replay exactly as their making says. */
const dir = tempDir('assay-replay-');
let casePath: string;
let service: ReplayService;

interface Truth {
  tampered: { decisionId: string; original: number; logged: number; flipped: boolean }[];
  minAbsChange: number;
}
const truth = JSON.parse(readFileSync(demoLog('decisions-tampered.truth.json'), 'utf8')) as Truth;

before(async () => {
  casePath = await demoCase(dir);
  service = replayService(casePath);
});
after(() => service?.close());

const replay = (args: Record<string, unknown>) => service.call<ReplayResult>('replay.run', args);

/** ONNX Runtime's float32 replay differs from the generator's float64 scores by up to ~1.5e-7 (docs: < 1e-6). */
const FLOAT32_ERROR = 1e-6;

test('the tampered log: exactly the rows of its truth file mismatch, at every tolerance from 1e-6 up to the smallest tampering', async () => {
  const expected = truth.tampered.map((t) => t.decisionId).sort();
  const tolerances = [1e-6, 3e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.03, truth.minAbsChange - FLOAT32_ERROR];
  for (const tolerance of tolerances) {
    const r = await replay({ log: 'tampered', tolerance });
    assert.equal(r.rows, 1000);
    assert.deepEqual(r.mismatches.map((m) => m.decisionId).sort(), expected, `tolerance ${tolerance}`);
    assert.equal(r.mismatched, truth.tampered.length);
    assert.equal(r.reproduced, 1000 - truth.tampered.length);
    assert.equal(r.flipped, truth.tampered.filter((t) => t.flipped).length);
    for (const m of r.mismatches) {
      const t = truth.tampered.find((x) => x.decisionId === m.decisionId)!;
      assert.equal(m.logged, t.logged);
      assert.ok(Math.abs(m.replayed! - t.original) < FLOAT32_ERROR, `${m.decisionId} replays to the original score`);
      assert.ok(Math.abs(m.diff! - (m.replayed! - t.logged)) < 1e-15);
      assert.equal(m.decisionFlipped, t.flipped, m.decisionId);
    }
    assert.ok(r.maxAbsDiffReproduced! <= tolerance);
    assert.equal(r.truncated, false);
  }
});

test('below the float32 error of the model, untampered rows stop reproducing: the tolerance is applied as |replayed − logged| ≤ tolerance', async () => {
  const r = await replay({ log: 'tampered', tolerance: 1e-9 });
  assert.ok(r.mismatched > truth.tampered.length);
  const strict = await replay({ log: 'tampered', tolerance: 0 });
  assert.ok(strict.mismatched >= r.mismatched);
});

test('the clean, drifted and gbm logs replay with zero mismatches, on the scoring thread', async () => {
  for (const log of ['clean', 'drifted', 'gbm']) {
    const r = await replay({ log });
    assert.equal(r.rows, 1000, log);
    assert.equal(r.mismatched, 0, log);
    assert.equal(r.flipped, 0, log);
    assert.equal(r.failed, 0, log);
    assert.equal(r.unseenCategoryRows, 0, log);
    assert.deepEqual(r.mismatches, [], log);
    assert.equal(r.tolerance, 1e-6);
    assert.equal(r.otherPackage, false);
    assert.equal(r.decisionChanges, null);
    assert.deepEqual(r.scoring, { thread: 'worker', reason: null });
    assert.ok(r.maxAbsDiffReproduced! < FLOAT32_ERROR && r.maxAbsDiffReproduced! > 0, `${log}: float32 replay is close but not bit-equal`);
  }
});

test('the per-row table and the run are in the case', async () => {
  const r = await replay({ log: 'tampered' });
  assert.match(r.table, /^replay_\d+$/);
  assert.match(r.runId, /^run-/);
  await service.close();
  const db = await CaseDb.open(casePath);
  try {
    const cols = await db.query<{ c: string }>('SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position', [r.table]);
    assert.deepEqual(cols.map((c) => c.c), ['decision_id', '_row', 'logged', 'replayed', 'abs_diff', 'reproduced', 'decision_flipped', 'error']);
    const rows = await db.query<{ decision_id: string; reproduced: boolean; abs_diff: number; decision_flipped: boolean }>(`SELECT * FROM ${r.table} ORDER BY _row`);
    assert.equal(rows.length, 1000);
    assert.deepEqual(rows.filter((x) => !x.reproduced).map((x) => x.decision_id).sort(), truth.tampered.map((t) => t.decisionId).sort());
    const run = await db.queryOne<{ method: string; parameters: string; result: string }>('SELECT method, parameters, result FROM runs WHERE run_id = $1', [r.runId]);
    assert.equal(run!.method, 'replay.run');
    assert.equal(JSON.parse(run!.parameters).table, r.table);
    assert.equal(JSON.parse(run!.result).mismatched, 10);
  } finally {
    await db.close();
  }
});

test('a structured filter replays only the rows it keeps, and limit shortens the list on request only', async () => {
  const some = await replay({ log: 'tampered', where: [{ column: 'decision_id', op: 'in', value: ['D-000189', 'D-000384', 'D-000001'] }] });
  assert.equal(some.rows, 3);
  assert.deepEqual(some.mismatches.map((m) => m.decisionId), ['D-000189', 'D-000384']);
  const late = await replay({ log: 'tampered', where: [{ column: 'timestamp', op: '>=', value: '2025-01-01' }, { column: 'score', op: '<', value: 0.5 }] });
  const expected = truth.tampered.filter((t) => t.logged < 0.5).map((t) => t.decisionId);
  assert.ok(late.rows > 0 && late.rows < 1000);
  for (const m of late.mismatches) assert.ok(expected.includes(m.decisionId));
  const between = await replay({ log: 'clean', where: [{ column: 'age', op: 'between', value: [30, 40] }] });
  assert.equal(between.rows, demoCsv(demoLog('decisions-clean.csv')).filter((a) => Number(a.age) >= 30 && Number(a.age) <= 40).length);
  const limited = await replay({ log: 'tampered', limit: 3 });
  assert.equal(limited.mismatches.length, 3);
  assert.equal(limited.mismatched, 10);
  assert.equal(limited.truncated, true);
});

test('replay with another package (credit-mlp against the clean log) gives the table of decisions that change', async () => {
  const r = await replay({ log: 'clean', package: 'credit-mlp@1.0.0' });
  assert.equal(r.otherPackage, true);
  assert.equal(r.package, 'credit-mlp@1.0.0');
  assert.ok(r.decisionChanges);
  const mlp = loadPackageScorer(demoPackage('credit-mlp'));
  const applicants = demoCsv(demoLog('decisions-clean.csv'));
  let expected = 0;
  let borderline = 0;
  for (const a of applicants) {
    const p = mlp(a as never);
    if (Math.abs(p - 0.5) < 1e-6) borderline++;
    if ((p >= 0.5 ? 'approve' : 'decline') !== a.decision) expected++;
  }
  assert.ok(Math.abs(r.decisionChanges.total - expected) <= borderline, `${r.decisionChanges.total} changes vs ${expected} from the float64 MLP`);
  assert.equal(r.decisionChanges.total, r.flipped);
  assert.equal(r.decisionChanges.rows.length, r.decisionChanges.total);
  assert.equal(r.decisionChanges.toPositive + r.decisionChanges.toNegative, r.decisionChanges.total);
  for (const c of r.decisionChanges.rows) {
    assert.equal(c.replayedDecision, c.replayed >= 0.5 ? 1 : 0);
    assert.notEqual(c.loggedDecision, c.replayedDecision);
  }
  assert.equal(r.mismatched, 1000, 'another model reproduces no logged score');
  assert.equal(r.mismatches.length, 1000, 'every mismatch is listed');
});

test('the zipmap variant of the deployed model replays the clean log exactly like the deployed one', async () => {
  const r = await replay({ log: 'clean', package: 'credit-logreg-zipmap@1.0.0' });
  assert.equal(r.mismatched, 0);
  assert.equal(r.decisionChanges!.total, 0);
});
