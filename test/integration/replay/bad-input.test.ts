import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplayResult } from '../../../src/api/contract-replay.ts';
import { replayRunArgs, whatIfDecisionArgs } from '../../../src/api/contract-replay.ts';
import { AssayService } from '../../../src/api/service.ts';
import { CaseDb } from '../../../src/case/index.ts';
import { caseFingerprint } from '../../helpers/case-fingerprint.ts';
import { tempDir } from '../../helpers/temp.ts';
import { AUDITOR, demoCopy, isError, replayService, type ReplayService } from './helpers.ts';
import { FAILING_REF, writeFailingLog, writeFailingPackage, type FailingLog } from './failing-model.ts';

/** Issue 5, bad input: each refusal has its code and a sentence naming the offending value, and leaves the case as it was. */
const dir = tempDir('assay-replay-bad-');
let casePath: string;
let service: ReplayService;
let failing: FailingLog;

before(async () => {
  casePath = await demoCopy(dir, 'bad');
  failing = writeFailingLog(dir, 'failing', 40, [7, 23]);
  const allBad = writeFailingLog(dir, 'allbad', 6, [0, 1, 2, 3, 4, 5]);
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, 'decision_id,timestamp,model_id,model_version,x,k,score,decision,outcome\nE-1,2025-01-01T00:00:00Z,lookup,1.0.0,1,2,not-a-score,1,1\n');
  const owner = { user: 'olga', role: 'owner' as const };
  const s = new AssayService(casePath);
  await s.call('package.import', { path: writeFailingPackage(dir) }, owner);
  await s.call('log.import', { path: failing.path, package: FAILING_REF, name: 'failing' }, owner);
  await s.call('log.import', { path: allBad.path, package: FAILING_REF, name: 'allbad' }, owner);
  const e = await s.call('log.import', { path: empty, package: FAILING_REF, name: 'empty' }, owner);
  assert.equal(e.rows, 0);
  await s.close();
  service = replayService(casePath);
});
after(() => service?.close());

/** Runs a call that must be refused, and checks that the case file did not change. */
async function refused(method: string, args: Record<string, unknown>, code: string, ...mentions: string[]): Promise<void> {
  await service.close();
  const before = await caseFingerprint(casePath);
  await assert.rejects(service.call(method, args), isError(code, ...mentions));
  await service.close();
  assert.equal(await caseFingerprint(casePath), before, `${method} ${JSON.stringify(args)} left the case unchanged`);
}

test('an unknown decision id is NOT_FOUND, naming the id and showing what ids look like', async () => {
  await refused('whatif.decision', { log: 'clean', decision: 'D-123456', set: { age: 30 } }, 'NOT_FOUND', '"D-123456"', 'D-000001');
  await refused('counterfactual.run', { log: 'clean', decision: 'nope' }, 'NOT_FOUND', '"nope"');
  await refused('ice.run', { log: 'clean', feature: 'age', decision: 'nope' }, 'NOT_FOUND', '"nope"');
  await refused('replay.run', { log: 'nolog' }, 'NOT_FOUND', '"nolog"', 'clean');
  await refused('replay.run', { log: 'clean', package: 'credit-logreg@9.9.9' }, 'NOT_FOUND', 'credit-logreg@9.9.9');
});

test('a column that is not a model input is BAD_ARGUMENT, naming it and listing the inputs', async () => {
  await refused('whatif.decision', { log: 'clean', decision: 'D-000008', set: { applicant_id: 'P-1' } }, 'BAD_ARGUMENT', '"applicant_id"', 'checking_status, duration_months');
  await refused('whatif.decision', { log: 'clean', decision: 'D-000008', set: { sex: 'female' } }, 'BAD_ARGUMENT', '"sex"', 'protected attribute');
  await refused('whatif.population', { log: 'clean', set: { salary: 1 } }, 'BAD_ARGUMENT', '"salary"', 'foreign_worker');
  await refused('ice.run', { log: 'clean', feature: 'outcome' }, 'BAD_ARGUMENT', '"outcome"', 'credit_amount');
});

test('a value of the wrong type is BAD_ARGUMENT, naming the value and the input', async () => {
  await refused('whatif.decision', { log: 'clean', decision: 'D-000008', set: { credit_amount: 'lots' } }, 'BAD_ARGUMENT', '"lots"', 'credit_amount', 'numeric');
  await refused('whatif.decision', { log: 'clean', decision: 'D-000008', set: { age: '' } }, 'BAD_ARGUMENT', 'age');
  await refused('whatif.population', { log: 'clean', set: { duration_months: '12 months' } }, 'BAD_ARGUMENT', '"12 months"');
  assert.equal(whatIfDecisionArgs.safeParse({ log: 'clean', decision: 'D-1', set: {} }).success, false, 'at least one edit');
  assert.equal(whatIfDecisionArgs.safeParse({ log: 'clean', decision: 'D-1', set: { age: Number.NaN } }).success, false);
});

test('an empty log and a filter that keeps nothing are refused; so is a filter on an unknown column or with a value of the wrong type', async () => {
  await refused('replay.run', { log: 'empty', package: FAILING_REF }, 'LOG_INVALID', '"empty"', 'no decisions');
  await refused('whatif.population', { log: 'empty', set: { x: 1 } }, 'LOG_INVALID', '"empty"');
  await refused('whatif.threshold', { log: 'empty', threshold: 0.3, scores: 'logged' }, 'LOG_INVALID', '"empty"');
  await refused('replay.run', { log: 'clean', where: [{ column: 'age', op: '>', value: 500 }] }, 'BAD_ARGUMENT', 'age > 500', 'keeps none');
  await refused('whatif.population', { log: 'clean', set: { age: 30 }, where: [{ column: 'purpose', op: 'in', value: ['yachts'] }] }, 'BAD_ARGUMENT', 'keeps none');
  await refused('replay.run', { log: 'clean', where: [{ column: 'salary', op: '=', value: 1 }] }, 'BAD_ARGUMENT', '"salary"', 'decision_id');
  await refused('replay.run', { log: 'clean', where: [{ column: 'age', op: '<', value: 'young' }] }, 'BAD_ARGUMENT', '"young"', 'numeric');
  await refused('replay.run', { log: 'clean', where: [{ column: 'timestamp', op: '>=', value: 'yesterday' }] }, 'BAD_ARGUMENT', '"yesterday"');
  assert.equal(replayRunArgs.safeParse({ log: 'clean', where: [{ column: 'age', op: 'like', value: '3%' }] }).success, false, 'only the listed operators');
  assert.equal(replayRunArgs.safeParse({ log: 'clean', where: 'age > 3' }).success, false, 'never SQL text');
  assert.equal(replayRunArgs.safeParse({ log: 'clean', tolerance: 2 }).success, false);
});

test('a filter value is bound, never spliced into SQL', async () => {
  const r = await service.call<ReplayResult>('replay.run', { log: 'clean', where: [{ column: 'decision_id', op: '=', value: "D-000001' OR '1'='1" }] }).catch((e) => e);
  assert.equal(r.code, 'BAD_ARGUMENT');
  const quoted = await service.call<ReplayResult>('replay.run', { log: 'clean', where: [{ column: 'decision_id', op: 'in', value: ['D-000001', "x'); DROP TABLE runs; --"] }] });
  assert.equal(quoted.rows, 1);
});

test('a package whose inputs the log lacks is LOG_MISMATCH, naming the missing columns', async () => {
  await refused('replay.run', { log: 'clean', package: FAILING_REF }, 'LOG_MISMATCH', '"x"', '"k"', FAILING_REF);
  await refused('whatif.decision', { log: 'failing', decision: 'L-0001', set: { x: 1 }, package: 'credit-logreg@1.0.0' }, 'LOG_MISMATCH', '"checking_status"');
  await refused('counterfactual.run', { log: 'failing', decision: 'L-0001', package: 'credit-gbm@1.0.0' }, 'LOG_MISMATCH', 'credit-gbm@1.0.0');
});

test('a model failing at run time on some rows: the failing rows are found by bisection and reported one by one; the rest completes', async () => {
  const r = await service.call<ReplayResult>('replay.run', { log: 'failing' });
  assert.equal(r.rows, failing.rows);
  assert.equal(r.failed, 2);
  assert.deepEqual(r.failures.map((f) => f.decisionId), failing.failing);
  assert.deepEqual(r.failures.map((f) => f.row), [8, 24]);
  for (const f of r.failures) assert.match(f.message, /indices|out of (data )?bounds/i, f.message);
  assert.equal(r.reproduced, failing.rows - 2);
  assert.equal(r.mismatched, 0);
  assert.ok(r.warnings.some((w) => w.includes('failed on 2 rows')));
  await service.close();
  const db = await CaseDb.open(casePath);
  try {
    const rows = await db.query<{ decision_id: string; replayed: number | null; error: string | null }>(`SELECT decision_id, replayed, error FROM ${r.table} WHERE error IS NOT NULL ORDER BY _row`);
    assert.deepEqual(rows.map((x) => [x.decision_id, x.replayed]), failing.failing.map((id) => [id, null]));
  } finally {
    await db.close();
  }
});

test('a model failing on every row fails the run with MODEL_RUNTIME, and the case is unchanged; so does a what-if on a failing row', async () => {
  await refused('replay.run', { log: 'allbad' }, 'MODEL_RUNTIME', 'every row', '"allbad"');
  await refused('replay.run', { log: 'failing', where: [{ column: 'k', op: '=', value: 99 }] }, 'MODEL_RUNTIME', 'every row');
  await refused('whatif.decision', { log: 'failing', decision: 'L-0008', set: { x: 0 } }, 'MODEL_RUNTIME', 'L-0008');
  await refused('whatif.decision', { log: 'failing', decision: 'L-0001', set: { k: 12 } }, 'MODEL_RUNTIME', 'L-0001');
});

test('a cancelled replay is CANCELLED and leaves the case unchanged', async () => {
  const controller = new AbortController();
  controller.abort();
  await service.close();
  const before = await caseFingerprint(casePath);
  await assert.rejects(service.call('replay.run', { log: 'clean' }, { ...AUDITOR, signal: controller.signal }), isError('CANCELLED', 'cancelled', 'unchanged'));
  await service.close();
  assert.equal(await caseFingerprint(casePath), before);
});
