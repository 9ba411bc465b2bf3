import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERASED, MASKED } from '../../../src/api/contract.ts';
import { AssayError } from '../../../src/api/errors.ts';
import { AssayService } from '../../../src/api/service.ts';
import { sha256Hex } from '../../../src/util/hash.ts';
import { cli } from '../../helpers/cli.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir();
const REF = 'credit-logreg@1.0.0';
const owner = { user: 'olga', role: 'owner' as const };
const auditor = { user: 'alex', role: 'auditor' as const };
const CLEAN = demoLog('decisions-clean.csv');
const lines = readFileSync(CLEAN, 'utf8').split('\n');
const header = lines[0]!.split(',');
const row = (id: string): string[] => lines.find((l) => l.startsWith(`${id},`))!.split(',');
const col = (r: string[], c: string): string => r[header.indexOf(c)]!;

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof AssayError, String(e));
    return e.code;
  }
}

async function buildCase(name: string, personal = ['applicant_id', 'credit_amount']): Promise<{ s: AssayService; path: string }> {
  const path = join(dir, name);
  const s = new AssayService(path);
  await s.call('case.create', {}, owner);
  await s.call('package.import', { path: demoPackage('credit-logreg') }, owner);
  await s.call('log.import', { path: CLEAN, package: REF, name: 'clean', personal }, owner);
  return { s, path };
}

test('findings attach to a decision, a group or a run; are listed, filtered and updated; bad targets are refused', async () => {
  const { s, path } = await buildCase('findings.assay');
  const fair = await s.call('fairness.run', { log: 'clean', attributes: ['sex'] }, auditor);
  const a = await s.call('finding.add', { targetKind: 'decision', target: 'D-000007', log: 'clean', text: 'Declined despite a long employment.', severity: 'medium' }, auditor);
  const b = await s.call('finding.add', { targetKind: 'group', target: 'sex=female', log: 'clean', text: 'Lower approval rate.', severity: 'high' }, auditor);
  const c = await s.call('finding.add', { targetKind: 'run', target: fair.runId, text: 'Bootstrap missing.', severity: 'low', status: 'dismissed' }, owner);
  assert.deepEqual([a.id, b.id, c.id], ['F-0001', 'F-0002', 'F-0003']);
  assert.deepEqual([a.status, c.status, c.log, a.createdBy], ['open', 'dismissed', null, 'alex']);
  assert.deepEqual((await s.call('finding.list', { status: 'open' }, owner)).map((f) => f.id), ['F-0001', 'F-0002']);
  assert.deepEqual((await s.call('finding.list', { targetKind: 'run' }, owner)).map((f) => f.id), ['F-0003']);
  const updated = await s.call('finding.update', { id: 'F-0002', status: 'confirmed' }, owner);
  assert.deepEqual([updated.status, updated.severity, updated.text, updated.updatedBy], ['confirmed', 'high', 'Lower approval rate.', 'olga']);
  assert.deepEqual((await s.call('finding.list', { status: 'confirmed' }, owner)).map((f) => f.id), ['F-0002']);

  const bad: [Record<string, unknown>, string][] = [
    [{ targetKind: 'decision', target: 'D-999999', log: 'clean', text: 't', severity: 'low' }, 'NOT_FOUND'],
    [{ targetKind: 'decision', target: 'D-000001', text: 't', severity: 'low' }, 'BAD_ARGUMENT'],
    [{ targetKind: 'group', target: 'sex', log: 'clean', text: 't', severity: 'low' }, 'BAD_ARGUMENT'],
    [{ targetKind: 'group', target: 'colour=blue', log: 'clean', text: 't', severity: 'low' }, 'BAD_ARGUMENT'],
    [{ targetKind: 'group', target: 'sex=robot', log: 'clean', text: 't', severity: 'low' }, 'NOT_FOUND'],
    [{ targetKind: 'run', target: 'run-nope', text: 't', severity: 'low' }, 'NOT_FOUND'],
    [{ targetKind: 'run', target: fair.runId, text: 't', severity: 'dreadful' }, 'BAD_ARGUMENT'],
  ];
  for (const [args, expected] of bad) assert.equal(await code(s.call('finding.add', args, auditor)), expected, JSON.stringify(args));
  assert.equal(await code(s.call('finding.update', { id: 'F-0099', status: 'open' }, owner)), 'NOT_FOUND');
  assert.equal(await code(s.call('finding.update', { id: 'F-0001' }, owner)), 'BAD_ARGUMENT');
  assert.equal(await code(s.call('finding.add', { targetKind: 'run', target: fair.runId, text: 't', severity: 'low' }, { user: 'rita', role: 'regulator' })), 'PERMISSION_DENIED');
  assert.equal((await s.call('finding.list', {}, owner)).length, 3, 'the refused findings were not added');
  await s.close();

  const listed = await cli('finding', 'list', path, '--status', 'confirmed', '--json', '--role', 'regulator');
  assert.equal(listed.code, 0);
  assert.deepEqual(listed.json().map((f: { id: string }) => f.id), ['F-0002']);
  const added = await cli('finding', 'add', path, '--decision', 'D-000008', '--log', 'clean', '--text', 'odd', '--severity', 'low', '--json');
  assert.deepEqual([added.code, added.json().id], [0, 'F-0004']);
  assert.equal((await cli('finding', 'add', path, '--decision', 'D-000008', '--run', 'x', '--text', 'odd', '--severity', 'low')).code, 2);
  const upd = await cli('finding', 'update', path, 'F-0004', '--status', 'dismissed', '--json');
  assert.deepEqual([upd.code, upd.json().status], [0, 'dismissed']);
});

test('a data subject is exported by decision id or by a subject column, with everything the case holds about them', async () => {
  const { s } = await buildCase('export.assay');
  const r1 = row('D-000001');
  await s.call('explain.decision', { log: 'clean', decisionId: 'D-000001', method: 'exact', background: 10 }, auditor);
  await s.call('explain.decision', { log: 'clean', decisionId: 'D-000002', method: 'exact', background: 10 }, auditor);
  await s.call('fairness.run', { log: 'clean', attributes: ['sex'] }, auditor);
  const replay = await s.call('replay.run', { log: 'clean' }, auditor);
  await s.call('finding.add', { targetKind: 'decision', target: 'D-000001', log: 'clean', text: 'x', severity: 'low' }, auditor);
  const byId = await s.call('subject.export', { decisionId: 'D-000001' }, auditor);
  assert.deepEqual(byId.decisionIds, ['D-000001']);
  assert.equal(byId.logs.length, 1);
  const got = byId.logs[0]!.rows[0]!;
  assert.equal(got.applicant_id, col(r1, 'applicant_id'));
  assert.equal(got.credit_amount, Number(col(r1, 'credit_amount')));
  assert.equal(byId.logs[0]!.replays.length, 1);
  assert.equal(byId.logs[0]!.replays[0]!.rows.length, 1);
  assert.equal(byId.logs[0]!.replays[0]!.table, replay.table);
  assert.deepEqual(byId.runs.map((r) => [r.method, r.relation]).sort(), [['explain.decision', 'named'], ['fairness.run', 'log'], ['replay.run', 'log']]);
  assert.deepEqual(byId.findings.map((f) => f.target), ['D-000001']);
  assert.ok(byId.auditEntries.length >= 1, 'the explain call named the decision');

  const byColumn = await s.call('subject.export', { subjectColumn: 'applicant_id', value: col(r1, 'applicant_id') }, owner);
  assert.deepEqual(byColumn.decisionIds, byId.decisionIds);
  assert.equal(await code(s.call('subject.export', {}, owner)), 'BAD_ARGUMENT');
  assert.equal(await code(s.call('subject.export', { decisionId: 'D-000001', subjectColumn: 'applicant_id', value: 'x' }, owner)), 'BAD_ARGUMENT');
  assert.equal(await code(s.call('subject.export', { subjectColumn: 'applicant_id' }, owner)), 'BAD_ARGUMENT');
  assert.equal(await code(s.call('subject.export', { subjectColumn: 'shoe_size', value: '9' }, owner)), 'BAD_ARGUMENT');
  assert.equal(await code(s.call('subject.export', { decisionId: 'D-999999' }, owner)), 'NOT_FOUND');
  // the trail records the export without the subject's value
  const trail = await s.call('audit.list', { method: 'subject.export' }, owner);
  assert.equal(trail.length, 2);
  assert.equal((trail[1]!.arguments as { value: string }).value, MASKED);
  await s.close();
});

test('erasure replaces the personal values by tombstones, is recorded in the trail, and marks the runs that used them', async () => {
  const { s, path } = await buildCase('erase.assay');
  const target = row('D-000003');
  const applicant = col(target, 'applicant_id');
  const explained = await s.call('explain.decision', { log: 'clean', decisionId: 'D-000003', method: 'exact', background: 10 }, auditor);
  assert.equal(explained.inputs.credit_amount, Number(col(target, 'credit_amount')));
  const other = await s.call('explain.decision', { log: 'clean', decisionId: 'D-000004', method: 'exact', background: 10 }, auditor);
  const fair = await s.call('fairness.run', { log: 'clean', attributes: ['sex'] }, auditor);
  assert.equal(await code(s.call('subject.erase', { decisionId: 'D-000003' }, auditor)), 'PERMISSION_DENIED', 'only an owner erases');

  const erased = await s.call('subject.erase', { subjectColumn: 'applicant_id', value: applicant }, owner);
  assert.deepEqual(erased.decisionIds, ['D-000003']);
  assert.deepEqual(erased.logs.map((l) => [l.log, l.rows, l.columns]), [['clean', 1, ['applicant_id', 'credit_amount']]]);
  assert.deepEqual(new Set(erased.markedRuns), new Set([explained.runId, fair.runId]), 'the run about this decision and the run over the whole log; not the run about another decision');
  assert.ok(!erased.markedRuns.includes(other.runId));

  const page = await s.call('log.page', { log: 'clean', filters: [{ column: 'decision_id', op: 'eq', value: 'D-000003' }] }, owner);
  assert.deepEqual([page.rows[0]!.applicant_id, page.rows[0]!.credit_amount, page.rows[0]!.age], [ERASED, null, Number(col(target, 'age'))]);
  const neighbour = await s.call('log.page', { log: 'clean', filters: [{ column: 'decision_id', op: 'eq', value: 'D-000004' }] }, owner);
  assert.equal(neighbour.rows[0]!.applicant_id, col(row('D-000004'), 'applicant_id'), 'other subjects are untouched');

  // the stored result of the run about the subject no longer holds the values; the run says why
  const lineage = await s.call('lineage.show', { runId: explained.runId }, owner);
  assert.equal(lineage.kind, 'run');
  assert.match((lineage as { marks: string[] }).marks[0]!, /erased/);
  const stored = await s.call('run.show', { runId: explained.runId }, owner);
  assert.ok(!JSON.stringify(stored).includes(`"credit_amount":${col(target, 'credit_amount')}`));
  assert.ok(!JSON.stringify(stored).includes(applicant));

  const trail = await s.call('audit.list', { method: 'subject.erase' }, owner);
  assert.deepEqual(trail.map((e) => [e.user, e.outcome]), [['alex', 'denied'], ['olga', 'ok']]);
  assert.ok(!JSON.stringify(trail).includes(applicant), 'the trail does not keep the erased value');
  assert.equal((await s.call('audit.verify', {}, owner)).ok, true);

  const after = await s.call('subject.export', { decisionId: 'D-000003' }, owner);
  assert.equal(after.erasures.length, 1);
  assert.equal(await code(s.call('subject.export', { subjectColumn: 'applicant_id', value: applicant }, owner)), 'NOT_FOUND', 'the value is gone');
  await s.close();

  const { s: unmarked } = await buildCase('unmarked.assay', []);
  assert.equal(await code(unmarked.call('subject.erase', { decisionId: 'D-000001' }, owner)), 'BAD_ARGUMENT', 'nothing marked personal: nothing to erase');
  await unmarked.close();

  const cliErase = await cli('subject', 'erase', path, '--decision', 'D-000005');
  assert.equal(cliErase.code, 2, 'the CLI asks for --confirm');
  assert.match(cliErase.stderr, /--confirm/);
  const done = await cli('subject', 'erase', path, '--decision', 'D-000005', '--confirm', '--role', 'owner', '--json');
  assert.equal(done.code, 0, done.stdout);
  assert.deepEqual(done.json().decisionIds, ['D-000005']);
});

test('lineage of a decision and of a run', async () => {
  const { s, path } = await buildCase('lineage.assay');
  const explained = await s.call('explain.decision', { log: 'clean', decisionId: 'D-000010', method: 'exact', background: 10 }, auditor);
  const d = await s.call('lineage.show', { decisionId: 'D-000010' }, auditor);
  assert.equal(d.kind, 'decision');
  if (d.kind !== 'decision') return;
  assert.equal(d.log.sourceSha256, sha256Hex(readFileSync(CLEAN)));
  assert.equal(d.row.row, 10, 'the tenth data row of the file');
  assert.equal(d.package.ref, REF);
  const manifest = JSON.parse(readFileSync(join(demoPackage('credit-logreg'), 'assay-package.json'), 'utf8'));
  assert.equal(d.package.modelSha256, manifest.files['model.onnx']);
  assert.deepEqual(d.trainingData, manifest.lineage.training_data);
  assert.deepEqual(d.parameters, manifest.lineage.parameters);
  assert.deepEqual(d.runs.map((r) => r.runId), [explained.runId]);
  const r = await s.call('lineage.show', { runId: explained.runId }, auditor);
  assert.equal(r.kind, 'run');
  if (r.kind !== 'run') return;
  assert.equal(r.method, 'explain.decision');
  assert.deepEqual(r.logs, [{ name: 'clean', sourceSha256: d.log.sourceSha256 }]);
  assert.deepEqual(r.packages, [{ ref: REF, modelSha256: d.package.modelSha256 }]);
  assert.equal(await code(s.call('lineage.show', {}, auditor)), 'BAD_ARGUMENT');
  assert.equal(await code(s.call('lineage.show', { decisionId: 'D-000010', runId: explained.runId }, auditor)), 'BAD_ARGUMENT');
  assert.equal(await code(s.call('lineage.show', { decisionId: 'nope' }, auditor)), 'NOT_FOUND');
  assert.equal(await code(s.call('lineage.show', { runId: 'run-nope' }, auditor)), 'NOT_FOUND');
  await s.close();
  const viaCli = await cli('lineage', path, '--decision', 'D-000010', '--json');
  assert.equal(viaCli.code, 0);
  assert.equal(viaCli.json().row.row, 10);
});
