import type { FairnessReport, GroupMetrics, Interval } from '../../api/contract-fairness.ts';
import type { CaseFacts, ReportRun } from '../case-facts.ts';
import { exact, rounded, str } from '../format.ts';
import type { Block, Cell, Section } from '../model.ts';
import { POLICY } from '../policy.ts';
import { provenance, runsOf, section } from './common.ts';

const ci = (i: Interval | null | undefined): string => (i ? `[${rounded(i[0])}, ${rounded(i[1])}]` : '');
const withCi = (x: number | null, i: Interval | null | undefined): string => `${rounded(x)}${i ? ` ${ci(i)}` : ''}`;

function groupTable(name: string, r: FairnessReport): Block {
  const g = (m: GroupMetrics, k: 'selectionRate' | 'truePositiveRate' | 'falsePositiveRate' | 'precision' | 'accuracy' | 'baseRate') => withCi(m[k], m.ci?.[k]);
  return {
    kind: 'table', name: `${name}-groups`,
    caption: `Per group, rounded to 4 decimals with ${r.bootstrap ? `${r.bootstrap.confidence * 100}% bootstrap intervals (${r.bootstrap.replicates} replicates, seed ${r.bootstrap.seed})` : 'no intervals (no bootstrap)'}; exact values in the evidence bundle`,
    columns: [
      { title: 'group' }, { title: 'count', align: 'right' }, { title: 'base rate', align: 'right' }, { title: 'selection rate', align: 'right' },
      { title: 'TPR', align: 'right' }, { title: 'FPR', align: 'right' }, { title: 'precision', align: 'right' }, { title: 'flags' },
    ],
    rows: r.groups.map((m): Cell[] => [m.group, m.count, g(m, 'baseRate'), g(m, 'selectionRate'), g(m, 'truePositiveRate'), g(m, 'falsePositiveRate'), g(m, 'precision'), m.flags.join(', ')]),
  };
}

function fairnessRun(run: ReportRun, index: number): Block[] {
  const r = run.result as FairnessReport;
  const name = `fairness-${index + 1}`;
  const log = str(run.parameters.log) ?? '?';
  const blocks: Block[] = [
    { kind: 'heading', text: `Log ${log} by ${r.attribute} (reference ${r.reference})` },
    provenance(run),
    {
      kind: 'keyValues',
      rows: [
        { key: 'Favorable outcome', value: exact(r.favorable) },
        { key: 'Rows analysed', value: exact(r.rows.analysed) },
        { key: 'Rows without the attribute', value: exact(r.rows.missingAttribute) },
        { key: 'Minimum group size', value: exact(r.minGroupSize) },
        { key: 'Theil index', value: exact(r.datasetWide.theilIndex) },
        { key: 'Consistency (k=5)', value: exact(r.datasetWide.consistency) },
      ],
    },
    groupTable(name, r),
    {
      kind: 'bars', title: `Selection rate by group (${r.attribute})`, min: 0, max: 1, valueLabel: 'selection rate P(decision = 1)',
      bars: r.groups.map((m) => ({
        label: m.group, value: m.selectionRate, low: m.ci?.selectionRate?.[0] ?? null, high: m.ci?.selectionRate?.[1] ?? null,
        flagged: m.flags.some((f) => f !== 'reference'), note: m.flags.filter((f) => f !== 'reference').join(', ') || (m.group === r.reference ? 'reference' : ''),
      })),
    },
    {
      kind: 'table', name: `${name}-between-groups`, caption: 'Between groups (Fairlearn definitions), exact values as recorded',
      columns: [{ title: 'metric' }, { title: 'value', align: 'right' }, { title: 'interval', align: 'right' }, { title: 'policy' }],
      rows: Object.entries(r.betweenGroups).map(([k, v]): Cell[] => [k, exact(v), ci(r.ci?.betweenGroups?.[k as keyof typeof r.betweenGroups]), POLICY.describeBetween(k, v)]),
    },
    {
      kind: 'table', name: `${name}-vs-reference`, caption: `Against the reference group ${r.reference} (AIF360 definitions, favorable outcome ${r.favorable}), exact values as recorded`,
      columns: [{ title: 'group' }, { title: 'metric' }, { title: 'value', align: 'right' }, { title: 'interval', align: 'right' }, { title: 'policy' }],
      rows: Object.entries(r.vsReference).flatMap(([group, metrics]) =>
        Object.entries(metrics).map(([k, v]): Cell[] => [group, k, exact(v), ci(r.ci?.vsReference?.[group]?.[k as keyof typeof metrics]), POLICY.describeVsReference(k, v)])),
    },
    {
      kind: 'bars', title: `Disparate impact against ${r.reference} (four-fifths rule: 0.8 to 1.25)`, min: 0, max: Math.max(1.5, ...Object.values(r.vsReference).map((m) => (m.disparateImpact ?? 0) + 0.1)),
      valueLabel: 'disparate impact', lines: [{ value: POLICY.disparateImpactMin, label: '0.8' }, { value: 1, label: '1' }, { value: POLICY.disparateImpactMax, label: '1.25' }],
      bars: Object.entries(r.vsReference).map(([group, m]) => ({
        label: group, value: m.disparateImpact, low: r.ci?.vsReference?.[group]?.disparateImpact?.[0] ?? null, high: r.ci?.vsReference?.[group]?.disparateImpact?.[1] ?? null,
        flagged: m.disparateImpact !== null && !POLICY.disparateImpactOk(m.disparateImpact),
      })),
    },
  ];
  const tests = Object.entries(r.tests.vsReference);
  if (tests.length) {
    blocks.push({
      kind: 'table', name: `${name}-tests`, caption: `Significance of the favorable-rate difference against ${r.reference}${r.tests.independence ? `; chi-square of independence ${exact(r.tests.independence.statistic)} (df ${r.tests.independence.degreesOfFreedom}, p = ${exact(r.tests.independence.pValue)})` : ''}`,
      columns: [{ title: 'group' }, { title: 'test' }, { title: 'statistic', align: 'right' }, { title: 'p-value', align: 'right' }],
      rows: tests.map(([group, t]): Cell[] => [group, t.test, exact(t.statistic), exact(t.pValue)]),
    });
  }
  if (r.proxies?.length) {
    blocks.push({
      kind: 'table', name: `${name}-proxies`, caption: `Features associated with ${r.attribute} (possible proxies)`,
      columns: [{ title: 'feature' }, { title: 'kind' }, { title: "Cramér's V", align: 'right' }, { title: 'mutual information', align: 'right' }],
      rows: r.proxies.map((p): Cell[] => [p.feature, p.kind, exact(p.cramersV), exact(p.mutualInformation)]),
      printLimit: 15,
    });
  }
  for (const w of r.warnings ?? []) blocks.push({ kind: 'paragraph', tone: 'note', text: `Warning recorded with the run: ${w}` });
  return blocks;
}

export function fairnessSection(facts: CaseFacts): Section {
  const runs = runsOf(facts, (m) => m === 'fairness.run');
  return section('fairness', runs.length > 0, runs.flatMap((r, i) => fairnessRun(r, i)));
}
