import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METHOD_NAMES, METHODS, MASKED, ROLE_SEES_PERSONAL_DATA, ROLES, type MethodName, type Role } from '../../../src/api/contract.ts';
import { AssayError } from '../../../src/api/errors.ts';
import { AssayService } from '../../../src/api/service.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir();
const REF = 'credit-logreg@1.0.0';
const owner = { user: 'olga', role: 'owner' as const };
const PERSONAL = ['applicant_id', 'credit_amount'];

// a small log: the first 40 decisions of the clean log, plus one row that is quarantined (its score is not a number)
const clean = readFileSync(demoLog('decisions-clean.csv'), 'utf8').split('\n');
const header = clean[0]!.split(',');
const smallCsv = join(dir, 'small.csv');
const brokenRow = clean[41]!.split(',');
brokenRow[header.indexOf('decision_id')] = 'D-BROKEN';
brokenRow[header.indexOf('applicant_id')] = 'P-quarantined-1';
brokenRow[header.indexOf('credit_amount')] = '98765';
brokenRow[header.indexOf('score')] = 'not-a-score';
writeFileSync(smallCsv, [...clean.slice(0, 41), brokenRow.join(','), ''].join('\n'));
const rows = clean.slice(1, 41).map((l) => l.split(','));
const applicantIds = [...rows.map((r) => r[header.indexOf('applicant_id')]!), 'P-quarantined-1'];
const amountOf = (id: string): string => rows.find((r) => r[0] === id)![header.indexOf('credit_amount')]!;

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof AssayError, String(e));
    return e.code;
  }
}

async function buildCase(name: string): Promise<AssayService> {
  const s = new AssayService(join(dir, name));
  await s.call('case.create', { title: name }, owner);
  await s.call('package.import', { path: demoPackage('credit-logreg') }, owner);
  await s.call('log.import', { path: smallCsv, package: REF, name: 'small', personal: PERSONAL }, owner);
  return s;
}

test('every method is refused to the roles the contract does not list, and each refusal is audited', async () => {
  const s = await buildCase('table.assay');
  let refusals = 0;
  for (const method of METHOD_NAMES) {
    for (const role of ROLES) {
      const outcome = await code(s.call(method as MethodName, {}, { user: `u-${role}`, role }));
      const allowed = METHODS[method].roles.includes(role);
      if (!allowed) {
        assert.equal(outcome, 'PERMISSION_DENIED', `${method} as ${role}`);
        refusals++;
        const last = (await s.call('audit.list', { limit: 100_000 }, owner)).at(-1)!;
        assert.deepEqual([last.method, last.role, last.user, last.outcome], [method, role, `u-${role}`, 'denied'], `${method} as ${role} audited`);
      } else {
        assert.notEqual(outcome, 'PERMISSION_DENIED', `${method} as ${role}`);
      }
    }
  }
  assert.ok(refusals >= 10, `the table refuses something (${refusals} refusals)`);
  assert.equal((await s.call('audit.verify', {}, owner)).ok, true);
  await s.close();
});

test('members: a non-member and a claimed role the member does not hold are refused and audited; the last owner stays', async () => {
  const s = await buildCase('members.assay');
  assert.equal(await code(s.call('member.add', { user: 'alex', role: 'auditor' }, owner)), 'BAD_ARGUMENT', 'the first member must be an owner');
  assert.equal(await code(s.call('member.add', { user: 'olga', role: 'king' }, owner)), 'BAD_ARGUMENT', 'an unknown role');
  await s.call('member.add', { user: 'olga', role: 'owner' }, owner);
  await s.call('member.add', { user: 'alex', role: 'auditor' }, owner);
  await s.call('member.add', { user: 'rita', role: 'regulator' }, owner);
  assert.equal(await code(s.call('member.add', { user: 'rita', role: 'regulator' }, owner)), 'ALREADY_EXISTS');
  const list = await s.call('member.list', {}, { user: 'rita', role: 'regulator' });
  assert.equal(list.enforced, true);
  assert.deepEqual(list.members.map((m) => `${m.user}:${m.role}`), ['alex:auditor', 'olga:owner', 'rita:regulator']);

  assert.equal(await code(s.call('log.rows', { log: 'small' }, { user: 'mallory', role: 'owner' })), 'PERMISSION_DENIED', 'not a member');
  assert.equal(await code(s.call('log.rows', { log: 'small' }, { user: 'rita', role: 'auditor' })), 'PERMISSION_DENIED', 'a role rita does not hold');
  assert.equal(await code(s.call('member.add', { user: 'eve', role: 'owner' }, { user: 'alex', role: 'owner' })), 'PERMISSION_DENIED', 'alex is no owner');
  const denied = (await s.call('audit.list', { outcome: 'denied' }, owner)).map((e) => `${e.user}:${e.role}:${e.method}`);
  assert.deepEqual(denied, ['mallory:owner:log.rows', 'rita:auditor:log.rows', 'alex:owner:member.add']);

  assert.equal(await code(s.call('member.remove', { user: 'olga' }, owner)), 'BAD_ARGUMENT', 'the last owner');
  assert.equal(await code(s.call('member.remove', { user: 'nobody' }, owner)), 'NOT_FOUND');
  assert.equal(await code(s.call('member.remove', { user: 'alex', role: 'owner' }, owner)), 'NOT_FOUND');
  await s.call('member.add', { user: 'alex', role: 'owner' }, owner);
  const after = await s.call('member.remove', { user: 'olga' }, owner);
  assert.deepEqual(after.members.map((m) => `${m.user}:${m.role}`), ['alex:auditor', 'alex:owner', 'rita:regulator']);
  assert.equal(await code(s.call('case.info', {}, owner)), 'PERMISSION_DENIED', 'olga is no longer a member');
  await s.close();
});

/** Every call a role can make that touches the decisions, with arguments that succeed. */
function readCalls(explainRun: string): [MethodName, Record<string, unknown>][] {
  return [
    ['case.info', {}], ['log.list', {}],
    ['log.rows', { log: 'small', limit: 1000 }],
    ['log.page', { log: 'small', limit: 1000, summary: true, filters: [{ column: 'purpose', op: 'ne', value: 'none' }] }],
    ['log.quarantine', { log: 'small' }],
    ['explain.decision', { log: 'small', decisionId: 'D-000001', method: 'exact', background: 20 }],
    ['explain.global', { log: 'small', decisionIds: ['D-000001', 'D-000002', 'D-000003'], method: 'exact', background: 10, attribute: 'sex' }],
    ['explain.importance', { log: 'small', repeats: 2, seed: 1 }],
    ['fairness.run', { log: 'small', attributes: ['sex'] }],
    ['replay.run', { log: 'small' }],
    ['whatif.decision', { log: 'small', decision: 'D-000002', set: { credit_amount: 1000, duration_months: 6 } }],
    ['whatif.population', { log: 'small', set: { duration_months: 6 } }],
    ['whatif.threshold', { log: 'small', threshold: 0.6 }],
    ['counterfactual.run', { log: 'small', decision: 'D-000004', count: 2, seed: 3 }],
    ['ice.run', { log: 'small', feature: 'credit_amount', decision: 'D-000005', sample: 10, seed: 1, gridSize: 5 }],
    ['lineage.show', { decisionId: 'D-000001' }],
    ['lineage.show', { runId: explainRun }],
    ['run.list', {}],
    ['run.show', { runId: explainRun }],
    ['audit.list', {}],
    ['finding.list', {}],
    ['monitor.drift', { log: 'small', columns: ['credit_amount', 'applicant_id', 'age'] }],
  ];
}

/** Personal values found in a JSON text; numbers must stand alone (not inside a hash, an id or a longer number). */
function leaks(json: string): string[] {
  const found = applicantIds.filter((id) => json.includes(id));
  for (const d of ['D-000001', 'D-000002', 'D-000004', 'D-000005']) {
    const amount = amountOf(d);
    if (new RegExp(`(?<![\\w.])${amount}(?![\\w.])`).test(json)) found.push(`${d}.credit_amount=${amount}`);
  }
  if (/(?<![\w.])98765(?![\w.])/.test(json)) found.push('quarantined credit_amount');
  return found;
}

test('no personal value appears in any output of a masked role; the roles that see personal data get them', async () => {
  const s = await buildCase('masking.assay');
  await s.call('finding.add', { targetKind: 'decision', target: 'D-000001', log: 'small', text: 'check the amount', severity: 'low' }, owner);
  const explained = await s.call('explain.decision', { log: 'small', decisionId: 'D-000001', method: 'exact', background: 20 }, owner);
  // the owner's own filter on a personal column is recorded without its value
  await s.call('log.page', { log: 'small', filters: [{ column: 'applicant_id', op: 'eq', value: applicantIds[0]! }] }, owner);
  const calls = readCalls(explained.runId);
  const seen: Record<Role, string[]> = { owner: [], auditor: [], risk_officer: [], regulator: [] };
  for (const role of ROLES) {
    const ctx = { user: `u-${role}`, role };
    for (const [method, args] of calls) {
      if (!METHODS[method].roles.includes(role)) continue;
      const result = await s.call(method, args, ctx);
      const json = JSON.stringify(result);
      const found = leaks(json);
      if (ROLE_SEES_PERSONAL_DATA[role]) seen[role].push(...found);
      else assert.deepEqual(found, [], `${method} as ${role} shows personal values`);
      if (!ROLE_SEES_PERSONAL_DATA[role] && ['log.rows', 'explain.decision', 'ice.run', 'whatif.decision', 'log.quarantine'].includes(method)) {
        assert.ok(json.includes(MASKED), `${method} as ${role} shows the mask`);
      }
    }
    if (!ROLE_SEES_PERSONAL_DATA[role]) {
      // a masked role that may import gets the import's report masked too
      if (METHODS['log.import'].roles.includes(role)) {
        const r = await s.call('log.import', { path: smallCsv, package: REF, name: `again-${role}`, personal: PERSONAL }, ctx).catch((e: AssayError) => e);
        assert.ok(r instanceof AssayError ? r.code === 'LOG_DUPLICATE' : leaks(JSON.stringify(r)).length === 0);
      }
      assert.equal(await code(s.call('subject.export', { decisionId: 'D-000001' }, ctx)), 'PERMISSION_DENIED');
      assert.equal(await code(s.call('log.page', { log: 'small', filters: [{ column: 'applicant_id', op: 'eq', value: 'P-8a654e61' }] }, ctx)), 'PERMISSION_DENIED', 'filtering by a personal column');
      assert.equal(await code(s.call('log.page', { log: 'small', sort: { column: 'credit_amount', dir: 'desc' } }, ctx)), 'PERMISSION_DENIED', 'sorting by a personal column');
    }
  }
  for (const role of ['owner', 'auditor'] as const) {
    assert.ok(seen[role].includes(applicantIds[0]!) && seen[role].includes(`D-000001.credit_amount=${amountOf('D-000001')}`) && seen[role].includes('quarantined credit_amount'),
      `${role} sees the personal values (the search can find them): ${seen[role].slice(0, 5).join(', ')}`);
  }
  // the trail itself holds no personal value, whoever reads it
  const trail = JSON.stringify(await s.call('audit.list', { limit: 100_000 }, owner));
  assert.deepEqual(applicantIds.filter((id) => trail.includes(id)), []);
  // reads that return personal columns are audited; reads of the case's description are not
  const methods = (await s.call('audit.list', { limit: 100_000, outcome: 'ok' }, owner)).map((e) => e.method);
  assert.ok(methods.filter((m) => m === 'log.rows').length >= 4 && methods.includes('log.quarantine'));
  assert.ok(!methods.includes('case.info') && !methods.includes('log.list'));
  assert.equal((await s.call('audit.verify', {}, owner)).ok, true);
  await s.close();
});

test('columns can be marked personal after the import, and unmarked', async () => {
  const s = new AssayService(join(dir, 'later.assay'));
  await s.call('case.create', {}, owner);
  await s.call('package.import', { path: demoPackage('credit-logreg') }, owner);
  await s.call('log.import', { path: smallCsv, package: REF, name: 'small' }, owner);
  const reg = { user: 'rita', role: 'regulator' as const };
  assert.ok(JSON.stringify(await s.call('log.rows', { log: 'small' }, reg)).includes(applicantIds[0]!), 'nothing marked: nothing masked');
  const marked = await s.call('log.personal', { log: 'small', add: ['applicant_id'] }, owner);
  assert.deepEqual(marked.personalColumns, ['applicant_id']);
  assert.ok(!JSON.stringify(await s.call('log.rows', { log: 'small' }, reg)).includes(applicantIds[0]!));
  assert.equal(await code(s.call('log.personal', { log: 'small', add: ['no_such_column'] }, owner)), 'BAD_ARGUMENT');
  assert.equal(await code(s.call('log.personal', { log: 'nope', add: ['applicant_id'] }, owner)), 'NOT_FOUND');
  assert.equal(await code(s.call('log.personal', { log: 'small', add: ['applicant_id'] }, reg)), 'PERMISSION_DENIED');
  assert.deepEqual((await s.call('log.personal', { log: 'small', remove: ['applicant_id'] }, owner)).personalColumns, []);
  await s.close();
});

test('when decision_id itself is personal, decision ids are masked in every output of a masked role and in the trail', async () => {
  const s = await buildCase('ids.assay');
  await s.call('log.personal', { log: 'small', add: ['decision_id'] }, owner);
  const reg = { user: 'rita', role: 'regulator' as const };
  const ids = rows.map((r) => r[0]!);
  const outputs = [
    await s.call('log.rows', { log: 'small' }, reg),
    await s.call('explain.decision', { log: 'small', decisionId: 'D-000001', method: 'exact', background: 10 }, reg),
    await s.call('ice.run', { log: 'small', feature: 'age', decision: 'D-000002', sample: 5, seed: 1, gridSize: 3 }, reg),
    await s.call('log.quarantine', { log: 'small' }, reg),
    await s.call('audit.list', {}, reg),
    await s.call('lineage.show', { decisionId: 'D-000001' }, reg),
  ];
  for (const out of outputs) {
    const json = JSON.stringify(out);
    assert.deepEqual(ids.filter((id) => json.includes(`"${id}"`)), [], json.slice(0, 200));
  }
  assert.ok(JSON.stringify(await s.call('log.rows', { log: 'small' }, owner)).includes('"D-000001"'), 'the owner sees them');
  const trail = JSON.stringify(await s.call('audit.list', {}, owner));
  assert.ok(!trail.includes('"D-000001"') && !trail.includes('"D-000002"'), 'the trail records the calls without the ids');
  await s.close();
});
