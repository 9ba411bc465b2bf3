import type { FairnessReport } from '../../api/contract-fairness.ts';
import type { ReplayResult } from '../../api/contract-replay.ts';
import type { CaseFacts } from '../case-facts.ts';
import { arr, exact, obj, percent, str } from '../format.ts';
import type { Block, Section, Status } from '../model.ts';
import { POLICY } from '../policy.ts';
import { runsOf, SECTION_TITLES } from './common.ts';

type Check = { label: string; status: Status; detail: string };

const GUARDRAIL_LISTS = ['guardrails', 'checks'];

/** Guardrail results a monitoring run records: any list named guardrails or checks of records with a pass/ok flag. */
function guardrailChecks(facts: CaseFacts): Check[] {
  const out: Check[] = [];
  for (const run of runsOf(facts, (m) => m.startsWith('monitor.'))) {
    const result = obj(run.result);
    for (const key of GUARDRAIL_LISTS) {
      for (const g of arr(result[key]).map(obj)) {
        const passed = typeof g.passed === 'boolean' ? g.passed : typeof g.ok === 'boolean' ? g.ok : g.status === 'pass' ? true : g.status === 'fail' ? false : null;
        if (passed === null) continue;
        const name = str(g.name) ?? str(g.metric) ?? str(g.id) ?? key;
        out.push({ label: `Guardrail ${name} (${run.method})`, status: passed ? 'pass' : 'fail', detail: ['value', 'threshold', 'limit'].filter((k) => k in g).map((k) => `${k} ${exact(g[k])}`).join(', ') || (str(g.detail) ?? '') });
      }
    }
  }
  return out;
}

export function summarySection(facts: CaseFacts): Section {
  const checks: Check[] = [];
  for (const p of facts.packages) {
    checks.push({ label: `Package ${p.ref}: files match their hashes`, status: p.verification.ok === false ? 'fail' : 'pass', detail: p.verification.ok === false ? (p.verification.problems ?? []).join('; ') : `model SHA-256 ${p.modelSha256}` });
  }
  const replays = runsOf(facts, (m) => m === 'replay.run');
  for (const run of replays) {
    const r = run.result as ReplayResult;
    checks.push({
      label: `Replay of ${r.log} with ${r.package}: every logged score reproduced`, status: r.mismatched === 0 && r.failed === 0 ? 'pass' : 'fail',
      detail: `${exact(r.reproduced)} of ${exact(r.rows)} reproduced (${percent(r.reproduced, r.rows)}); ${exact(r.mismatched)} mismatched, ${exact(r.flipped)} flipped`,
    });
  }
  if (!replays.length) checks.push({ label: 'Replay verification', status: 'none', detail: 'no replay run recorded' });
  const fairness = runsOf(facts, (m) => m === 'fairness.run');
  for (const run of fairness) {
    const r = run.result as FairnessReport;
    const log = str(run.parameters.log) ?? '?';
    for (const [group, m] of Object.entries(r.vsReference)) {
      if (group === 'allOthers') continue;
      const di = m.disparateImpact;
      checks.push({
        label: `Four-fifths rule, ${log} ${r.attribute}=${group} vs ${r.reference}`, status: di === null ? 'warn' : POLICY.disparateImpactOk(di) ? 'pass' : 'fail',
        detail: `disparate impact ${exact(di)} (policy 0.8 to 1.25)`,
      });
    }
    const dpd = r.betweenGroups.demographicParityDifference;
    checks.push({ label: `Demographic parity difference, ${log} by ${r.attribute}`, status: dpd === null ? 'warn' : Math.abs(dpd) <= POLICY.maxDifference ? 'pass' : 'fail', detail: `${exact(dpd)} (policy ≤ ${POLICY.maxDifference})` });
    const eod = r.betweenGroups.equalizedOddsDifference;
    checks.push({ label: `Equalized odds difference, ${log} by ${r.attribute}`, status: eod === null ? 'warn' : Math.abs(eod) <= POLICY.maxDifference ? 'pass' : 'fail', detail: `${exact(eod)} (policy ≤ ${POLICY.maxDifference})` });
  }
  if (!fairness.length) checks.push({ label: 'Fairness', status: 'none', detail: 'no fairness run recorded' });
  checks.push(...guardrailChecks(facts));
  const open = (facts.findings ?? []).filter((f) => f.status !== 'dismissed');
  const serious = open.filter((f) => f.severity === 'high' || f.severity === 'critical');
  if (facts.findings) checks.push({ label: 'Findings', status: serious.length ? 'fail' : open.length ? 'warn' : 'pass', detail: `${open.length} open or confirmed, ${serious.length} of them high or critical` });
  const counts = { pass: 0, fail: 0, warn: 0, none: 0 };
  for (const c of checks) counts[c.status]++;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `${counts.fail === 0 ? 'No policy check failed.' : `${counts.fail} of ${checks.length} policy checks FAILED.`} ${counts.pass} passed, ${counts.warn} need attention, ${counts.none} could not be made for want of a run. Each figure is quoted from the recorded run named in the appendix; thresholds: disparate impact between ${POLICY.disparateImpactMin} and ${POLICY.disparateImpactMax} (four-fifths rule), fairness differences at most ${POLICY.maxDifference}, every logged score reproduced, PSI below ${POLICY.psiFail}.`,
    },
    { kind: 'checks', rows: checks },
  ];
  return { id: 'summary', title: SECTION_TITLES.summary, present: true, blocks };
}
