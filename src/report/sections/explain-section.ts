import type { ExplainDecisionResult, ExplainGlobalResult, ExplainImportanceResult } from '../../api/contract-explain.ts';
import type { CounterfactualResult, WhatIfResult } from '../../api/contract-replay.ts';
import type { CaseFacts, ReportRun } from '../case-facts.ts';
import { exact, str } from '../format.ts';
import type { Block, Cell, Section } from '../model.ts';
import { genericRun, provenance, runsOf, section } from './common.ts';

const TOP = 12;

function globalRun(run: ReportRun, i: number): Block[] {
  const r = run.result as ExplainGlobalResult;
  const top = r.importance.slice(0, TOP);
  const blocks: Block[] = [
    { kind: 'heading', text: `Global importance: log ${str(run.parameters.log) ?? '?'}, ${r.decisions.length} decisions (${r.algorithm}, ${r.output})` },
    provenance(run),
    { kind: 'keyValues', rows: [{ key: 'Base value', value: exact(r.baseValue) }, { key: 'Background rows', value: exact(r.backgroundSize) }, { key: 'Package', value: r.packageRef }] },
    {
      kind: 'bars', title: 'Mean |SHAP value| by feature', min: 0, max: Math.max(...top.map((t) => t.meanAbs), 1e-12) * 1.1, valueLabel: `mean |phi| (${r.output})`,
      bars: top.map((t) => ({ label: t.feature, value: t.meanAbs })),
    },
    {
      kind: 'table', name: `explain-global-${i + 1}-importance`, caption: 'Mean |SHAP value| by feature, exact values as recorded',
      columns: [{ title: 'feature' }, { title: 'mean |phi|', align: 'right' }],
      rows: r.importance.map((t): Cell[] => [t.feature, exact(t.meanAbs)]), printLimit: 25,
    },
  ];
  if (r.byGroup) {
    const g = r.byGroup;
    blocks.push({
      kind: 'table', name: `explain-global-${i + 1}-by-group`, caption: `Mean SHAP value by ${g.attribute} (reference ${g.reference}) for the ${Math.min(TOP, r.features.length)} most important features`,
      columns: [{ title: 'group' }, { title: 'count', align: 'right' }, { title: 'mean f(x)', align: 'right' }, ...top.slice(0, 4).map((t) => ({ title: t.feature, align: 'right' as const }))],
      rows: g.groups.map((x): Cell[] => [x.group, x.count, exact(x.meanFx), ...top.slice(0, 4).map((t) => exact(x.meanPhi[t.feature]))]),
    });
  }
  return blocks;
}

function decisionRun(run: ReportRun, i: number): Block[] {
  const r = run.result as ExplainDecisionResult;
  const steps = Object.entries(r.values).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const shown = steps.slice(0, TOP);
  const rest = steps.slice(TOP).reduce((s, [, v]) => s + v, 0);
  return [
    { kind: 'heading', text: `Decision ${r.decisionId}: score ${exact(r.score)} (${r.algorithm}, ${r.output})` },
    provenance(run),
    {
      kind: 'keyValues',
      rows: [
        { key: 'Score P(positive)', value: exact(r.score) },
        { key: 'Base value E[f]', value: exact(r.baseValue) },
        { key: 'f(x)', value: exact(r.fx) },
        { key: 'Additivity error', value: exact(r.additivityError) },
        { key: 'Background rows', value: exact(r.backgroundSize) },
        { key: 'Package', value: r.packageRef },
      ],
    },
    {
      kind: 'waterfall', title: `Why ${r.decisionId} scored ${exact(r.fx)}: contributions from the base value`, base: r.baseValue, final: r.fx, valueLabel: r.output,
      steps: [...shown.map(([label, value]) => ({ label: `${label} = ${exact(r.inputs[label] ?? null)}`, value })), ...(steps.length > TOP ? [{ label: `${steps.length - TOP} other features`, value: rest }] : [])],
    },
    {
      kind: 'table', name: `explain-decision-${i + 1}`, caption: `SHAP values of ${r.decisionId}, exact values as recorded`,
      columns: [{ title: 'feature' }, { title: 'value' }, { title: 'phi', align: 'right' }],
      rows: steps.map(([f, v]): Cell[] => [f, exact(r.inputs[f] ?? null), exact(v)]),
    },
  ];
}

function importanceRun(run: ReportRun, i: number): Block[] {
  const r = run.result as ExplainImportanceResult;
  const rows = Object.entries(r.features).sort((a, b) => b[1].mean - a[1].mean);
  return [
    { kind: 'heading', text: `Permutation importance: log ${str(run.parameters.log) ?? '?'} (${r.metric}, ${r.repeats} repeats)` },
    provenance(run),
    { kind: 'keyValues', rows: [{ key: `Baseline ${r.metric}`, value: exact(r.baseline) }, { key: 'Rows', value: exact(r.rows) }, { key: 'Rows without outcome', value: exact(r.excludedRows) }] },
    {
      kind: 'bars', title: `Drop in ${r.metric} when the feature is permuted`, min: Math.min(0, ...rows.map(([, f]) => f.mean)), max: Math.max(...rows.map(([, f]) => f.mean + f.std), 1e-12) * 1.1,
      valueLabel: `importance (${r.metric})`, bars: rows.slice(0, TOP).map(([label, f]) => ({ label, value: f.mean, low: f.mean - f.std, high: f.mean + f.std })),
    },
    {
      kind: 'table', name: `explain-importance-${i + 1}`, caption: 'Importance = baseline − score with the feature permuted (mean, std over repeats), exact values as recorded',
      columns: [{ title: 'feature' }, { title: 'mean', align: 'right' }, { title: 'std', align: 'right' }],
      rows: rows.map(([f, v]): Cell[] => [f, exact(v.mean), exact(v.std)]),
    },
  ];
}

function counterfactualRun(run: ReportRun, i: number): Block[] {
  const r = run.result as CounterfactualResult;
  return [
    { kind: 'heading', text: `Counterfactuals of ${r.decisionId} (score ${exact(r.original.score)}, decision ${r.original.decision} → ${r.target})` },
    provenance(run),
    {
      kind: 'table', name: `counterfactual-${i + 1}`, caption: `${r.counterfactuals.length} of ${r.requested} requested; immutable: ${r.immutable.join(', ') || 'none'}`,
      columns: [{ title: '#', align: 'right' }, { title: 'changes' }, { title: 'score', align: 'right' }, { title: 'decision', align: 'right' }, { title: 'distance', align: 'right' }],
      rows: r.counterfactuals.map((c, k): Cell[] => [k + 1, c.changes.map((e) => `${e.column}: ${exact(e.from)} → ${exact(e.to)}`).join('; '), exact(c.score), c.decision, exact(c.distance)]),
    },
  ];
}

function whatIfRun(run: ReportRun): Block[] {
  const r = run.result as WhatIfResult;
  return [
    { kind: 'heading', text: `What-if on ${r.decisionId}` },
    provenance(run),
    {
      kind: 'keyValues',
      rows: [
        { key: 'Edits', value: r.edits.map((e) => `${e.column}: ${exact(e.from)} → ${exact(e.to)}`).join('; ') },
        { key: 'Original score, decision', value: `${exact(r.original.score)}, ${r.original.decision}` },
        { key: 'Edited score, decision', value: `${exact(r.edited.score)}, ${r.edited.decision}` },
        { key: 'Decision changed', value: exact(r.changed) },
      ],
    },
  ];
}

export function explainSection(facts: CaseFacts): Section {
  const runs = runsOf(facts, (m) => m.startsWith('explain.') || m === 'counterfactual.run' || m.startsWith('whatif.') || m === 'ice.run');
  const blocks: Block[] = [];
  const pick = (m: string) => runs.filter((r) => r.method === m);
  pick('explain.global').forEach((r, i) => blocks.push(...globalRun(r, i)));
  pick('explain.importance').forEach((r, i) => blocks.push(...importanceRun(r, i)));
  pick('explain.decision').forEach((r, i) => blocks.push(...decisionRun(r, i)));
  pick('counterfactual.run').forEach((r, i) => blocks.push(...counterfactualRun(r, i)));
  pick('whatif.decision').forEach((r) => blocks.push(...whatIfRun(r)));
  runs.filter((r) => !['explain.global', 'explain.importance', 'explain.decision', 'counterfactual.run', 'whatif.decision'].includes(r.method)).forEach((r, i) => {
    blocks.push({ kind: 'heading', text: `${r.method}${str(r.parameters.log) ? ` on log ${str(r.parameters.log)}` : ''}` }, ...genericRun(r, `${r.method.replace(/\W+/g, '-')}-${i + 1}`));
  });
  return section('explanations', runs.length > 0, blocks);
}
