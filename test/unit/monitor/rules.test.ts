import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import { compare, inRange, parseCheck, parseRules, type Check } from '../../../src/monitor/index.ts';

function rulesError(text: string, ...mentions: string[]): void {
  assert.throws(() => parseRules(text, 'rules.yaml'), (e: unknown) => {
    assert.ok(e instanceof AssayError, String(e));
    assert.equal(e.code, 'RULES_INVALID', e.message);
    for (const m of mentions) assert.ok(e.message.includes(m), `"${e.message}" should mention "${m}"`);
    return true;
  });
}

test('checks: drift, fairness, performance, ranges and the reference range', () => {
  assert.deepEqual(parseCheck('psi(credit_amount) > 0.2'), { kind: 'drift', metric: 'psi', column: 'credit_amount', op: '>', bound: 0.2 });
  assert.deepEqual(parseCheck('ksPValue(*) < 1e-3'), { kind: 'drift', metric: 'ksPValue', column: '*', op: '<', bound: 0.001 });
  assert.deepEqual(parseCheck('disparateImpact(sex) < 0.8'), { kind: 'fairness', metric: 'disparateImpact', attribute: 'sex', op: '<', bound: 0.8 });
  assert.deepEqual(parseCheck('auc < 0.7'), { kind: 'performance', metric: 'auc', op: '<', bound: 0.7 });
  assert.deepEqual(parseCheck('0.45 ≤ score ≤ 0.55'), { kind: 'rows', column: 'score', lower: { bound: 0.45, inclusive: true }, upper: { bound: 0.55, inclusive: true } });
  assert.deepEqual(parseCheck('0.45 < score <= 0.55'), { kind: 'rows', column: 'score', lower: { bound: 0.45, inclusive: false }, upper: { bound: 0.55, inclusive: true } });
  assert.deepEqual(parseCheck('credit_amount >= 10000'), { kind: 'rows', column: 'credit_amount', lower: { bound: 10000, inclusive: true }, upper: null });
  assert.deepEqual(parseCheck('0.1 > score'), { kind: 'rows', column: 'score', lower: null, upper: { bound: 0.1, inclusive: false } });
  assert.deepEqual(parseCheck('outsideReferenceRange(*)'), { kind: 'outside', column: '*' });
  assert.deepEqual(parseCheck('outside_reference_range(age)'), { kind: 'outside', column: 'age' });
  for (const bad of ['psi() > 0.2', 'bogus(x) > 1', 'auc(x) < 0.5', 'disparateImpact(*) < 0.8', '0.6 <= score <= 0.5', '0.4 >= score >= 0.1', 'psi(x) >> 2', '']) {
    assert.equal(typeof parseCheck(bad), 'string', bad);
  }
});

test('boundary values: comparisons and ranges are exact at their bounds', () => {
  assert.equal(compare(0.2, '>', 0.2), false);
  assert.equal(compare(0.2, '>=', 0.2), true);
  assert.equal(compare(0.8, '<', 0.8), false);
  assert.equal(compare(0.7999999999999999, '<', 0.8), true);
  const band = parseCheck('0.45 <= score <= 0.55') as Extract<Check, { kind: 'rows' }>;
  assert.deepEqual([0.45, 0.55, 0.5, 0.44999999999999996, 0.5500000000000002].map((v) => inRange(v, band)), [true, true, true, false, false]);
  const open = parseCheck('0.45 < score < 0.55') as Extract<Check, { kind: 'rows' }>;
  assert.deepEqual([0.45, 0.55, 0.5].map((v) => inRange(v, open)), [false, false, true]);
});

test('a rules file in YAML and in JSON gives the same rules, each with its line', () => {
  const yaml = [
    'format: assay-guardrails/1',
    'rules:',
    '  - name: drift',
    '    check: psi(credit_amount) > 0.2',
    '    action: alert',
    '  - name: four fifths',
    '    check: disparateImpact(sex) < 0.8',
    '    action: block',
    '  - name: borderline',
    '    check: 0.45 <= score <= 0.55',
    '    action: route',
    '    description: doubtful decisions go to a person',
  ].join('\n');
  const rules = parseRules(yaml, 'rules.yaml');
  assert.deepEqual(rules.map((r) => [r.name, r.line, r.action]), [['drift', 3, 'alert'], ['four fifths', 6, 'block'], ['borderline', 9, 'route']]);
  const json = JSON.stringify({ rules: rules.map((r) => ({ name: r.name, check: r.checkText, action: r.action })) }, null, 2);
  const fromJson = parseRules(json, 'rules.json');
  assert.deepEqual(fromJson.map((r) => [r.name, r.check, r.action]), rules.map((r) => [r.name, r.check, r.action]));
  assert.deepEqual(fromJson.map((r) => r.line), [3, 8, 13]);
});

test('malformed rule files: each error names the file, the line and the rule', () => {
  rulesError('rules:\n  - name: a\n    check: psi(x) > 0.2\n    action: flag\n', 'line 4', 'rule "a"', 'alert, block or route', '"flag"');
  rulesError('rules:\n  - name: a\n    check: psi(x) > 0.2\n    action: alert\n  - name: b\n    check: wobble(x) > 1\n    action: alert\n', 'line 6', 'rule "b"', 'no metric "wobble"');
  rulesError('rules:\n  - name: a\n    check: psi(x) > 0.2\n    action: route\n', 'line 4', 'rule "a"', 'route');
  rulesError('rules:\n  - name: a\n    action: alert\n', 'line 2', 'rule "a"', 'check is missing');
  rulesError('rules:\n  - name: a\n    check: auc < 0.7\n    action: alert\n    when: always\n', 'line 2', 'rule "a"', 'unknown key when');
  rulesError('rules:\n  - name: a\n    check: auc < 0.7\n    action: alert\n  - name: a\n    check: auc < 0.6\n    action: block\n', 'line 5', 'rule "a"', 'same name');
  rulesError('rules: []\n', 'line 1', 'no rule');
  rulesError('rules:\n  - name: a\n    check: auc < 0.7\n  action: alert\n   x: [\n', 'line', 'neither valid YAML nor JSON');
  rulesError('{"rules": [{"name": "a", "check": "auc < 0.7", "action": "alert"},]\n', 'neither valid YAML nor JSON');
  rulesError('{"rules": [\n {"name": "a", "check": "auc < 0.7", "action": "alert"},\n {"name": "b", "check": "0.9 <= score <= 0.1", "action": "route"}\n]}', 'line 3', 'rule "b"', 'empty');
  rulesError('limits:\n  psi: 0.2\n', 'line 1', 'unknown key');
});
