import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DriftResult, GuardResult } from '../../../src/api/contract-monitor.ts';
import { AssayService } from '../../../src/api/service.ts';
import { CaseDb } from '../../../src/case/index.ts';
import { caseFingerprint } from '../../helpers/case-fingerprint.ts';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp.ts';
import { AUDITOR, cleanRows, demoCase, importLog, referenceRows, writeCsv, type Record_ } from './helpers.ts';

/** Issue 8, guardrails: rules evaluated on constructed logs, boundaries included; exit 1 when a blocking rule fires. */
const dir = tempDir('assay-monitor-guard-');
let casePath: string;
const SCORES = ['0.45', '0.55', '0.44999999999999996', '0.5500000000000002', '0.5', '0.2', '0.9', '0.45'];

function rules(name: string, list: { name: string; check: string; action: string }[]): string {
  const path = join(dir, name);
  writeFileSync(path, ['rules:', ...list.flatMap((r) => [`  - name: ${r.name}`, `    check: "${r.check}"`, `    action: ${r.action}`])].join('\n') + '\n');
  return path;
}

async function guard(args: Record<string, unknown>): Promise<GuardResult> {
  const service = new AssayService(casePath);
  try {
    return await service.call('monitor.guard', args, AUDITOR);
  } finally {
    await service.close();
  }
}

before(async () => {
  casePath = await demoCase(dir);
  const rows = cleanRows();
  // eight decisions with scores on and around the review band; one with an age beyond the reference data and one with a purpose it never shows
  const band: Record_[] = rows.slice(0, 8).map((r, i) => ({ ...r, score: SCORES[i]!, decision: Number(SCORES[i]) >= 0.5 ? 'approve' : 'decline' }));
  band[5] = { ...band[5]!, age: '120' };
  band[6] = { ...band[6]!, purpose: 'spaceship' };
  await importLog(casePath, writeCsv(join(dir, 'band.csv'), band), 'band');
});

test('a review band routes exactly the decisions on and inside its bounds, into a table', async () => {
  const path = rules('band.yaml', [
    { name: 'review band', check: '0.45 <= score <= 0.55', action: 'route' },
    { name: 'low scores', check: 'score < 0.45', action: 'alert' },
    { name: 'open band', check: '0.45 < score < 0.55', action: 'alert' },
  ]);
  const r = await guard({ log: 'band', rules: path });
  const [band, low, open] = r.rules;
  assert.equal(band!.matched, 4, 'scores 0.45, 0.55, 0.5 and 0.45');
  assert.equal(low!.matched, 2, '0.44999999999999996 and 0.2');
  assert.equal(open!.matched, 1, 'only 0.5');
  assert.deepEqual(r.fired, ['review band', 'low scores', 'open band']);
  assert.equal(r.blocked, false);
  assert.equal(r.routed.rows, 4);
  assert.deepEqual(r.routed.decisionIds, ['D-000001', 'D-000002', 'D-000005', 'D-000008']);
  const db = await CaseDb.open(casePath, { readOnly: true });
  try {
    const rows = await db.query<{ decision_id: string; rule: string }>(`SELECT decision_id, rule FROM "${r.routed.table}" ORDER BY _row`);
    assert.deepEqual(rows.map((x) => x.decision_id), ['D-000001', 'D-000002', 'D-000005', 'D-000008']);
    assert.ok(rows.every((x) => x.rule === 'review band'));
    const run = await db.queryOne<{ method: string; result: string }>('SELECT method, result FROM runs WHERE run_id = $1', [r.runId]);
    assert.equal(run?.method, 'monitor.guard');
    assert.deepEqual(JSON.parse(run!.result).fired, r.fired);
  } finally {
    await db.close();
  }
});

test('outsideReferenceRange routes values beyond the reference data\'s range and levels it never shows', async () => {
  const ref = referenceRows();
  const ages = ref.map((r) => Number(r.age));
  const r = await guard({ log: 'band', rules: rules('outside.yaml', [
    { name: 'age', check: 'outsideReferenceRange(age)', action: 'route' },
    { name: 'any', check: 'outsideReferenceRange(*)', action: 'route' },
  ]) });
  const rows = cleanRows().slice(0, 8);
  // independent count over the band log: age outside [min, max] of the reference CSV (row 6 has 120)
  const outsideAge = rows.map((x, i) => (i === 5 ? 120 : Number(x.age))).filter((a) => a < Math.min(...ages) || a > Math.max(...ages)).length;
  assert.equal(r.rules[0]!.matched, outsideAge);
  assert.ok(r.rules[1]!.matched! >= 2, 'the age of 120 and the purpose "spaceship"');
  assert.ok(r.routed.decisionIds.includes('D-000006') && r.routed.decisionIds.includes('D-000007'));
});

test('boundary of a population rule: psi(x) > its own value does not fire, >= does; a blocking rule exits 1', async () => {
  const service = new AssayService(casePath);
  let d: DriftResult;
  try {
    d = await service.call('monitor.drift', { log: 'drifted', reference: { to: '2025-07-01' }, columns: ['credit_amount'] }, AUDITOR);
  } finally {
    await service.close();
  }
  const psi = d.features.credit_amount!.psi;
  const path = rules('psi.yaml', [
    { name: 'strict', check: `psi(credit_amount) > ${psi}`, action: 'block' },
    { name: 'inclusive', check: `psi(credit_amount) >= ${psi}`, action: 'alert' },
  ]);
  const r = await guard({ log: 'drifted', reference: { to: '2025-07-01' }, rules: path });
  assert.equal(r.rules[0]!.observed[0]!.value, psi);
  assert.deepEqual(r.fired, ['inclusive']);
  assert.equal(r.blocked, false);
  const out = await cli('guard', casePath, '--log', 'drifted', '--reference', '..2025-07-01', '--rules', path);
  assert.equal(out.code, 0, out.stderr);

  const block = rules('block.yaml', [{ name: 'drift stops the model', check: 'psi(credit_amount) > 0.25', action: 'block' }]);
  const blocked = await cli('guard', casePath, '--log', 'drifted', '--reference', '..2025-07-01', '--rules', block, '--json');
  assert.equal(blocked.code, 1, blocked.stdout);
  assert.equal(blocked.json().blocked, true);
  const text = await cli('guard', casePath, '--log', 'drifted', '--reference', '..2025-07-01', '--rules', block);
  assert.equal(text.code, 1);
  assert.ok(text.stdout.includes('BLOCKED: drift stops the model fired.'), text.stdout);
});

test('fairness rules: disparate impact of each group against the package\'s reference group, exact at the bound', async () => {
  // independent: the selection (approve) rate of female over male decisions of the clean log
  const rows = cleanRows();
  const rate = (sex: string) => rows.filter((r) => r.sex === sex && r.decision === 'approve').length / rows.filter((r) => r.sex === sex).length;
  const di = rate('female') / rate('male');
  const r = await guard({ log: 'clean', rules: rules('fair.yaml', [
    { name: 'strict', check: `disparateImpact(sex) < ${di}`, action: 'block' },
    { name: 'inclusive', check: `disparateImpact(sex) <= ${di}`, action: 'alert' },
    { name: 'four fifths', check: 'disparateImpact(sex) < 0.8', action: 'block' },
    { name: 'model quality', check: 'auc < 0.7', action: 'alert' },
  ]) });
  assert.ok(Math.abs(r.rules[0]!.observed[0]!.value! - di) < 1e-15);
  assert.equal(r.rules[0]!.observed[0]!.subject, 'sex=female vs male');
  assert.deepEqual(r.fired, ['inclusive']);
  assert.equal(r.blocked, false);
});

test('malformed or mismatched rule files are refused naming the line and the rule; the case is unchanged', async () => {
  const before = await caseFingerprint(casePath);
  const bad: [string, string, string[]][] = [
    ['rules:\n  - name: ok\n    check: auc < 0.7\n    action: alert\n  - name: typo\n    check: psi(credit_amount) > 0.2\n    action: alrt\n', 'RULES_INVALID', ['line 7', 'rule "typo"', 'alert, block or route']],
    ['rules:\n  - name: ghost\n    check: psi(salary) > 0.2\n    action: alert\n', 'RULES_INVALID', ['line 2', 'rule "ghost"', 'no column "salary"']],
    ['rules:\n  - name: ghost\n    check: disparateImpact(religion) < 0.8\n    action: block\n', 'RULES_INVALID', ['line 2', 'rule "ghost"', '"religion"']],
    ['rules:\n  - name: words\n    check: 0.45 <= sex <= 0.55\n    action: route\n', 'RULES_INVALID', ['line 2', 'rule "words"', 'not numbers']],
    ['{"rules": [{"name": "a", "check": "auc < 0.7", "action": "alert"},\n', 'RULES_INVALID', ['line', 'neither valid YAML nor JSON']],
  ];
  for (const [i, [body, code, mentions]] of bad.entries()) {
    const path = join(dir, `bad-${i}.yaml`);
    writeFileSync(path, body);
    const out = await cli('guard', casePath, '--log', 'clean', '--rules', path, '--json');
    assert.equal(out.code, 2, out.stdout);
    const e = out.json().error;
    assert.equal(e.code, code, e.message);
    for (const m of mentions) assert.ok(e.message.includes(m), `"${e.message}" should mention "${m}"`);
  }
  const missing = await cli('guard', casePath, '--log', 'clean', '--rules', join(dir, 'nope.yaml'), '--json');
  assert.equal(missing.json().error.code, 'NOT_FOUND');
  assert.equal(await caseFingerprint(casePath), before);
});
