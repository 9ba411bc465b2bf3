import { AssayError } from '../../api/errors.ts';
import type { FairnessResult, Interval } from '../../api/contract.ts';
import type { Command } from './command.ts';
import { fmt, lines, table } from './format.ts';

// fairness.run is not in the contract yet; this cast goes when it is.
const FOUR_FIFTHS = 0.8;
const DEFAULT_SWEEP = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);

function whole(v: unknown, option: string, min = 0): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isInteger(n) || n < min) {
    throw new AssayError('BAD_ARGUMENT', `--${option} takes a whole number${min > 0 ? ` of at least ${min}` : ''}, not "${String(v)}".`, { option });
  }
  return n;
}

/** --bins age:25,35,50 (edges) or --bins age:q4 (quartiles); repeatable, one attribute each. */
export function parseBins(values: unknown): Record<string, number[] | { quantiles: number }> | undefined {
  if (values === undefined) return undefined;
  const out: Record<string, number[] | { quantiles: number }> = {};
  for (const spec of values as string[]) {
    const colon = spec.lastIndexOf(':');
    const name = spec.slice(0, colon);
    const body = spec.slice(colon + 1).trim();
    const quantiles = /^q(\d+)$/i.exec(body);
    const edges = body.split(',').map((e) => Number(e.trim()));
    if (colon <= 0 || body === '' || (!quantiles && edges.some((e) => !Number.isFinite(e)))) {
      throw new AssayError('BAD_ARGUMENT', `--bins takes ATTRIBUTE:EDGES or ATTRIBUTE:qN, e.g. --bins age:25,35,50 or --bins age:q4, not "${spec}".`, { bins: spec });
    }
    out[name] = quantiles ? { quantiles: Number(quantiles[1]) } : edges;
  }
  return out;
}

function thresholdList(sweep: unknown, list: unknown): number[] | undefined {
  if (typeof list === 'string') {
    const values = list.split(',').map((t) => Number(t.trim()));
    if (values.some((t) => !Number.isFinite(t) || t < 0 || t > 1)) {
      throw new AssayError('BAD_ARGUMENT', `--thresholds takes numbers between 0 and 1 separated by commas, e.g. 0.3,0.4,0.5, not "${list}".`);
    }
    return values;
  }
  return sweep === true ? DEFAULT_SWEEP : undefined;
}

function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return '—';
  return p < 0.001 ? p.toExponential(2) : p.toFixed(4);
}

function sweepText(r: FairnessResult): string | null {
  if (!r.thresholdSweep) return null;
  return lines(
    '',
    'Threshold sweep (decision = score ≥ threshold):',
    table(
      ['threshold', 'dem. parity diff', 'dem. parity ratio', 'eq. odds diff', 'eq. odds ratio', 'lowest disparate impact'],
      r.thresholdSweep.map((p) => {
        const di = Object.entries(p.disparateImpact).filter(([g, v]) => g !== 'allOthers' && v !== null) as [string, number][];
        const low = di.sort((a, b) => a[1] - b[1])[0];
        return [fmt(p.threshold, 2), fmt(p.betweenGroups.demographicParityDifference, 4), fmt(p.betweenGroups.demographicParityRatio, 4),
          fmt(p.betweenGroups.equalizedOddsDifference, 4), fmt(p.betweenGroups.equalizedOddsRatio, 4), low ? `${fmt(low[1], 3)} (${low[0]})` : '—'];
      }),
    ),
  );
}

function withInterval(x: number | null, ci: Interval | null | undefined): string {
  return ci ? `${fmt(x, 3)} [${fmt(ci[0], 3)}, ${fmt(ci[1], 3)}]` : fmt(x, 3);
}

function fourFifths(r: FairnessResult): string[] {
  return Object.entries(r.vsReference).map(([group, v]) => {
    const di = v.disparateImpact;
    const verdict = di === null ? 'undefined (the reference is never favored)' : di < FOUR_FIFTHS ? 'FAILS (below 0.8)' : 'passes';
    return `  ${group} vs ${r.reference}: disparate impact ${fmt(di, 3)} — ${verdict}`;
  });
}

export function fairnessText(r: FairnessResult): string {
  const ci = (g: FairnessResult['groups'][number], k: 'selectionRate' | 'truePositiveRate' | 'falsePositiveRate') => g.ci?.[k];
  return lines(
    `Fairness by ${r.attribute} (reference ${r.reference}, favorable decision ${r.favorable}; ${r.rows.analysed} rows${r.rows.missingAttribute ? `, ${r.rows.missingAttribute} without ${r.attribute}` : ''})`,
    '',
    table(
      ['group', 'n', 'base rate', 'selection', 'TPR', 'FPR', 'FNR', 'TNR', 'accuracy', 'precision', 'mean score', 'AUC', 'flags'],
      r.groups.map((g) => [
        g.group, g.count, fmt(g.baseRate, 3), withInterval(g.selectionRate, ci(g, 'selectionRate')), withInterval(g.truePositiveRate, ci(g, 'truePositiveRate')),
        withInterval(g.falsePositiveRate, ci(g, 'falsePositiveRate')), fmt(g.falseNegativeRate, 3), fmt(g.trueNegativeRate, 3), fmt(g.accuracy, 3),
        fmt(g.precision, 3), fmt(g.meanScore, 3), fmt(g.auc, 3), g.flags.filter((f) => f !== 'reference').join(' '),
      ]),
    ),
    '',
    'Between groups (Fairlearn):',
    table(['metric', 'value', ...(r.ci ? ['95% interval'] : [])], Object.entries(r.betweenGroups).map(([k, v]) => {
      const iv = r.ci?.betweenGroups[k as keyof typeof r.betweenGroups];
      return [k, fmt(v, 4), ...(r.ci ? [iv ? `[${fmt(iv[0], 4)}, ${fmt(iv[1], 4)}]` : '—'] : [])];
    })),
    '',
    `Against the reference ${r.reference} (AIF360, favorable outcome ${r.favorable}):`,
    table(
      ['group', 'disparate impact', 'stat. parity diff', 'equal opp. diff', 'avg odds diff', 'avg |odds| diff', 'error rate ratio', 'test', 'p-value'],
      Object.entries(r.vsReference).map(([group, v]) => {
        const t = r.tests.vsReference[group];
        const iv = r.ci?.vsReference[group];
        return [
          group, withInterval(v.disparateImpact, iv?.disparateImpact), withInterval(v.statisticalParityDifference, iv?.statisticalParityDifference),
          fmt(v.equalOpportunityDifference, 4), fmt(v.averageOddsDifference, 4), fmt(v.averageAbsOddsDifference, 4), fmt(v.errorRateRatio, 4),
          t?.test ?? '', pValue(t?.pValue),
        ];
      }),
    ),
    r.tests.independence
      ? `Chi-square test of independence (favorable decision × group): χ² = ${fmt(r.tests.independence.statistic, 3)}, df = ${r.tests.independence.degreesOfFreedom}, p = ${pValue(r.tests.independence.pValue)}`
      : null,
    '',
    'Four-fifths rule on disparate impact (a screening heuristic from US employment law, not a verdict on fairness):',
    ...fourFifths(r),
    '',
    `Dataset-wide: Theil index ${fmt(r.datasetWide.theilIndex, 4)}; consistency ${fmt(r.datasetWide.consistency, 4)}${r.datasetWide.consistencyDetail?.sampled ? ` (seeded sample of ${r.datasetWide.consistencyDetail.rows} rows)` : ''}`,
    r.bootstrap ? `Intervals: 95% percentile bootstrap, ${r.bootstrap.replicates} replicates, seed ${r.bootstrap.seed}.` : null,
    r.proxies && r.proxies.length
      ? lines('', 'Proxies (how strongly each model input predicts the attribute):', table(['feature', 'attribute', "Cramér's V", 'mutual information (nats)'], r.proxies.map((p) => [p.feature, p.attribute, fmt(p.cramersV, 3), fmt(p.mutualInformation, 4)])))
      : null,
    sweepText(r),
    ...(r.warnings.length ? ['', ...r.warnings.map((w) => `warning: ${w}`)] : []),
    '',
    `Recorded as ${r.runId}.`,
  );
}

export const fairnessCommands: Command[] = [
  {
    name: 'fairness',
    usage: 'assay fairness CASE --log NAME --attribute A[,B] [--reference V] [--favorable 0|1] [--min-group-size N] [--bins A:EDGES|A:qN]... [--attributes-file FILE] [--bootstrap B --seed S] [--proxies] [--sweep | --thresholds T,...] [--package REF]',
    summary: 'Bias metrics of a log by protected group or intersection: Fairlearn between groups, AIF360 against the reference, intervals and tests.',
    positionals: ['CASE'],
    options: {
      log: { type: 'string' }, attribute: { type: 'string' }, reference: { type: 'string' }, favorable: { type: 'string' },
      'min-group-size': { type: 'string' }, bins: { type: 'string', multiple: true }, 'attributes-file': { type: 'string' },
      bootstrap: { type: 'string' }, seed: { type: 'string' }, proxies: { type: 'boolean' }, package: { type: 'string' },
      'consistency-limit': { type: 'string' }, sweep: { type: 'boolean' }, thresholds: { type: 'string' },
    },
    optionHelp: {
      log: 'the log name (required)',
      attribute: 'protected attribute, or a,b for their intersection (groups named x|y)',
      reference: "the reference (privileged) group; default the package's reference",
      favorable: "which decision is good for the person, 0 or 1 (default: the package's)",
      'min-group-size': 'groups smaller than this are flagged (default 30); they stay in every metric',
      bins: 'group a numeric attribute by edges (age:25,35,50) or quantiles (age:q4); repeatable',
      'attributes-file': 'CSV with decision_id and protected attributes the log lacks',
      bootstrap: 'B bootstrap replicates for 95% intervals',
      seed: 'seed of the bootstrap and of the consistency sample (default 0)',
      proxies: "measure how strongly each model input predicts the attribute (Cramér's V, mutual information)",
      package: 'use this package (id@version) instead of the one the log was imported with',
      'consistency-limit': 'rows for the exact consistency; a seeded sample above (default 2000, 0 skips it)',
      sweep: 'also report the metrics for decision thresholds 0.05, 0.10, …, 0.95 (decision = score ≥ threshold)',
      thresholds: 'the thresholds of the sweep, e.g. 0.3,0.4,0.5',
    },
    async run(inv) {
      const v = inv.values;
      if (typeof v.log !== 'string') throw new AssayError('BAD_ARGUMENT', 'assay fairness needs --log NAME.');
      if (typeof v.attribute !== 'string' || v.attribute.trim() === '') {
        throw new AssayError('BAD_ARGUMENT', 'assay fairness needs --attribute A (or A,B for an intersection), a protected attribute column of the log.');
      }
      const favorable = whole(v.favorable, 'favorable');
      if (favorable !== undefined && favorable !== 0 && favorable !== 1) throw new AssayError('BAD_ARGUMENT', `--favorable takes 0 or 1, not "${String(v.favorable)}".`);
      const args = {
        log: v.log,
        attributes: v.attribute.split(',').map((s) => s.trim()).filter(Boolean),
        reference: typeof v.reference === 'string' ? v.reference : undefined,
        favorable,
        package: typeof v.package === 'string' ? v.package : undefined,
        minGroupSize: whole(v['min-group-size'], 'min-group-size', 1),
        bins: parseBins(v.bins),
        attributesFile: typeof v['attributes-file'] === 'string' ? v['attributes-file'] : undefined,
        bootstrap: whole(v.bootstrap, 'bootstrap', 10),
        seed: whole(v.seed, 'seed'),
        proxies: v.proxies === true ? true : undefined,
        consistencyLimit: whole(v['consistency-limit'], 'consistency-limit'),
        thresholds: thresholdList(v.sweep, v.thresholds),
      };
      const r = (await inv.service(inv.positionals[0]!).call('fairness.run', args, inv.context)) as FairnessResult;
      return { result: r, text: fairnessText(r) };
    },
  },
];
