import { AssayError } from '../api/errors.ts';
import { betweenGroups } from './between-groups.ts';
import { ALL_OTHERS, bootstrapIntervals } from './bootstrap.ts';
import { addCells, emptyCells, favorableConfusionOf, sumCells } from './confusion.ts';
import { deriveRates, groupMetrics } from './group-metrics.ts';
import { chiSquareIndependence, compareProportions } from './significance-tests.ts';
import { theilIndex } from './theil-index.ts';
import { VS_REFERENCE_METRICS, type Cells, type DatasetWide, type Favorable, type FairnessReport, type FairnessTests, type GroupCounts, type ProxyStrength, type SweepPoint, type VsReference } from './types.ts';
import { vsReference } from './vs-reference.ts';

export interface FairnessInput {
  /** Attribute name; "a|b" for an intersection. */
  attribute: string;
  groups: readonly GroupCounts[];
  reference: string;
  favorable: Favorable;
  minGroupSize: number;
  /** Rows without a value for the attribute: outside every group, inside the dataset-wide metrics. */
  missingAttribute?: Cells;
  bootstrap?: { replicates: number; seed: number } | null;
  consistency?: Pick<DatasetWide, 'consistency' | 'consistencyDetail'>;
  proxies?: ProxyStrength[] | null;
  thresholdSweep?: SweepPoint[] | null;
  warnings?: readonly string[];
}

export const DEFAULT_MIN_GROUP_SIZE = 30;

function list(names: readonly string[], limit = 8): string {
  return names.length <= limit ? names.join(', ') : `${names.slice(0, limit).join(', ')} and ${names.length - limit} more`;
}

/** The groups must allow a comparison: at least two, and the reference among them. */
export function checkGroups(attribute: string, groups: readonly GroupCounts[], reference: string): void {
  const names = groups.map((g) => g.group);
  if (groups.length < 2) {
    throw new AssayError('BAD_ARGUMENT', `"${attribute}" has ${names.length ? `a single group in this log (${names[0]})` : 'no value in any row of this log'}, so there is nothing to compare; choose another attribute or a log with more than one group.`, { attribute, groups: names });
  }
  if (names.includes(ALL_OTHERS)) {
    throw new AssayError('BAD_ARGUMENT', `"${attribute}" has a group named "${ALL_OTHERS}", the name the result keeps for all non-reference groups together; recode that value to compare it.`, { attribute });
  }
  if (!names.includes(reference)) {
    throw new AssayError('NOT_FOUND', `The reference group "${reference}" does not occur in "${attribute}" (its groups: ${list(names, 20)}). Give --reference with one of them.`, { attribute, reference, groups: names });
  }
}

function favorableDecisions(cells: Cells, favorable: Favorable): number {
  return favorableConfusionOf(cells, favorable).predictedPositive;
}

function significance(groups: readonly GroupCounts[], reference: string, favorable: Favorable): FairnessTests {
  const ref = groups.find((g) => g.group === reference)!;
  const refN = favorableConfusionOf(ref.cells, favorable).n;
  const refX = favorableDecisions(ref.cells, favorable);
  const others = groups.filter((g) => g.group !== reference);
  const tests: FairnessTests['vsReference'] = {};
  const compare = (cells: Cells) => compareProportions(favorableDecisions(cells, favorable), favorableConfusionOf(cells, favorable).n, refX, refN);
  for (const g of others) tests[g.group] = compare(g.cells);
  if (others.length > 0) tests[ALL_OTHERS] = compare(sumCells(others.map((g) => g.cells)));
  const table = groups.map((g) => {
    const x = favorableDecisions(g.cells, favorable);
    return [x, favorableConfusionOf(g.cells, favorable).n - x];
  });
  return { vsReference: tests, independence: chiSquareIndependence(table) };
}

function comparisons(groups: readonly GroupCounts[], reference: string, favorable: Favorable): Record<string, VsReference> {
  const ref = groups.find((g) => g.group === reference)!;
  const others = groups.filter((g) => g.group !== reference);
  const out: Record<string, VsReference> = {};
  for (const g of others) out[g.group] = vsReference(g.cells, ref.cells, favorable);
  if (others.length > 0) out[ALL_OTHERS] = vsReference(sumCells(others.map((g) => g.cells)), ref.cells, favorable);
  return out;
}

/** Everything the `fairness.run` result holds, derived from the per-group counts (pure; no I/O). */
export function computeFairness(input: FairnessInput): FairnessReport {
  const { attribute, groups, reference, favorable, minGroupSize } = input;
  checkGroups(attribute, groups, reference);
  const metrics = groups.map((g) => groupMetrics(g, { minGroupSize, reference }));
  const between = betweenGroups(groups.map((g) => deriveRates(g.cells).rates));
  const vs = comparisons(groups, reference, favorable);
  for (const m of metrics) {
    const v = vs[m.group];
    if (v) for (const k of VS_REFERENCE_METRICS) if (v[k] === null) m.flags.push(`undefined:vsReference.${k}`);
  }
  const missing = input.missingAttribute ?? emptyCells();
  const all = addCells(sumCells(groups.map((g) => g.cells)), missing);
  const warnings = [...(input.warnings ?? [])];
  const allConfusion = favorableConfusionOf(all, favorable);
  const missingRows = favorableConfusionOf(missing, favorable).n;

  if (allConfusion.observed === 0) {
    warnings.push('The log has no observed outcome in any row, so base rates, error rates, equalized odds, equal opportunity, AUC and the Theil index are unavailable (null); only selection-based metrics are reported.');
  } else {
    const without = metrics.filter((m) => m.flags.includes('no_outcomes')).map((m) => m.group);
    if (without.length) warnings.push(`No observed outcome in group${without.length > 1 ? 's' : ''} ${list(without)}: their outcome-based rates are null and they are left out of equalized odds and equal opportunity.`);
  }
  if (allConfusion.predictedPositive === 0) {
    warnings.push(`No decision in the log is the favorable outcome ${favorable}, so every favorable-decision rate is 0 and disparate impact is undefined; check --favorable.`);
  } else if (allConfusion.predictedPositive === allConfusion.n) {
    warnings.push(`Every decision in the log is the favorable outcome ${favorable}; the selection-based comparisons cannot show a difference.`);
  }
  const small = metrics.filter((m) => m.count < minGroupSize).map((m) => `${m.group} (${m.count})`);
  if (small.length) warnings.push(`Group${small.length > 1 ? 's' : ''} smaller than ${minGroupSize} rows: ${list(small)}. They are kept in every metric, but their rates are uncertain.`);
  if (missingRows > 0) warnings.push(`${missingRows} row${missingRows > 1 ? 's have' : ' has'} no value for ${attribute} and ${missingRows > 1 ? 'are' : 'is'} left out of the group metrics (the dataset-wide metrics include ${missingRows > 1 ? 'them' : 'it'}).`);
  for (const k of VS_REFERENCE_METRICS) if (vs[ALL_OTHERS] && vs[ALL_OTHERS][k] === null) warnings.push(`${k} of allOthers against ${reference} is undefined (a zero denominator).`);
  if (between.demographicParityRatio === null) warnings.push('demographicParityRatio is undefined: no group has a selected row (0/0).');

  let ci: FairnessReport['ci'] = null;
  if (input.bootstrap) {
    const intervals = bootstrapIntervals({
      groups, reference, favorable, otherRows: missingRows, replicates: input.bootstrap.replicates, seed: input.bootstrap.seed,
    });
    for (const m of metrics) m.ci = intervals.groups[m.group] ?? null;
    ci = { betweenGroups: intervals.betweenGroups, vsReference: intervals.vsReference };
  }

  return {
    attribute, reference, favorable, minGroupSize,
    groups: metrics,
    betweenGroups: between,
    vsReference: vs,
    datasetWide: {
      theilIndex: theilIndex(all, favorable),
      consistency: input.consistency?.consistency ?? null,
      consistencyDetail: input.consistency?.consistencyDetail ?? null,
    },
    tests: significance(groups, reference, favorable),
    ci,
    bootstrap: input.bootstrap ? { replicates: input.bootstrap.replicates, seed: input.bootstrap.seed, confidence: 0.95 } : null,
    proxies: input.proxies ?? null,
    thresholdSweep: input.thresholdSweep ?? null,
    rows: { analysed: allConfusion.n - missingRows, missingAttribute: missingRows },
    warnings,
  };
}
