import { Random } from '../util/random.ts';
import { betweenGroups } from './between-groups.ts';
import { multinomial } from './binomial.ts';
import { sumCells } from './confusion.ts';
import { deriveRates } from './group-metrics.ts';
import { vsReference } from './vs-reference.ts';
import {
  BETWEEN_GROUP_METRICS, CELL_NAMES, GROUP_RATES, VS_REFERENCE_METRICS,
  type BetweenGroupName, type Cells, type Favorable, type GroupRateName, type Interval, type VsReferenceName,
} from './types.ts';

export interface BootstrapInput {
  groups: readonly { group: string; cells: Cells }[];
  reference: string;
  favorable: Favorable;
  /** Rows outside every group (attribute missing): they take part in the row draw and are then ignored. */
  otherRows: number;
  replicates: number;
  seed: number;
  /** Two-sided level of the percentile intervals; 0.95 by default. */
  confidence?: number;
}

export interface BootstrapIntervals {
  groups: Record<string, Record<GroupRateName, Interval | null>>;
  betweenGroups: Record<BetweenGroupName, Interval | null>;
  vsReference: Record<string, Record<VsReferenceName, Interval | null>>;
}

export const ALL_OTHERS = 'allOthers';

/** numpy.quantile's default ('linear') interpolation on sorted values. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const h = q * (sorted.length - 1);
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

class Collector {
  private readonly values = new Map<string, number[]>();

  add(key: string, v: number | null): void {
    if (v === null) return;
    let list = this.values.get(key);
    if (!list) this.values.set(key, (list = []));
    list.push(v);
  }

  interval(key: string, confidence: number): Interval | null {
    const list = this.values.get(key);
    if (!list || list.length === 0) return null;
    const sorted = Float64Array.from(list).sort();
    const alpha = (1 - confidence) / 2;
    return [quantileSorted(Array.from(sorted), alpha), quantileSorted(Array.from(sorted), 1 - alpha)];
  }
}

/**
 * Row bootstrap of the group metrics without re-reading the log: a replicate draws N rows with replacement, which
 * is a multinomial draw of N over the group × (y, ŷ) cells with the observed counts as weights (outcome missing is
 * its own cell). Each replicate recomputes the metrics with the same functions as the estimate; a group that
 * draws no rows (or no observed outcome) drops out of that replicate, as it would from Fairlearn's resampled
 * MetricFrame. Percentile intervals (fairlearn MetricFrame(n_boot=…, ci_quantiles=…) computes them the same way)
 * skip replicates where a metric is undefined.
 */
export function bootstrapIntervals(input: BootstrapInput): BootstrapIntervals {
  const confidence = input.confidence ?? 0.95;
  const rng = new Random(input.seed);
  const weights = [...input.groups.flatMap((g) => CELL_NAMES.map((k) => g.cells[k])), input.otherRows];
  const total = weights.reduce((s, w) => s + w, 0);
  const collector = new Collector();
  const others = input.groups.filter((g) => g.group !== input.reference).map((g) => g.group);

  for (let b = 0; b < input.replicates; b++) {
    const draw = multinomial(total, weights, rng);
    const cells = new Map<string, Cells>();
    input.groups.forEach((g, i) => {
      const c = {} as Cells;
      CELL_NAMES.forEach((k, j) => (c[k] = draw[i * CELL_NAMES.length + j]!));
      cells.set(g.group, c);
    });
    const rates = input.groups.map((g) => deriveRates(cells.get(g.group)!).rates);
    input.groups.forEach((g, i) => {
      for (const r of GROUP_RATES) collector.add(`g\u0000${g.group}\u0000${r}`, rates[i]![r]);
    });
    const between = betweenGroups(rates);
    for (const m of BETWEEN_GROUP_METRICS) collector.add(`b\u0000${m}`, between[m]);
    const ref = cells.get(input.reference);
    if (!ref) continue;
    const comparisons: [string, Cells][] = others.map((o) => [o, cells.get(o)!]);
    if (others.length > 0) comparisons.push([ALL_OTHERS, sumCells(others.map((o) => cells.get(o)!))]);
    for (const [name, c] of comparisons) {
      const v = vsReference(c, ref, input.favorable);
      for (const m of VS_REFERENCE_METRICS) collector.add(`v\u0000${name}\u0000${m}`, v[m]);
    }
  }

  const groups: BootstrapIntervals['groups'] = {};
  for (const g of input.groups) {
    groups[g.group] = Object.fromEntries(GROUP_RATES.map((r) => [r, collector.interval(`g\u0000${g.group}\u0000${r}`, confidence)])) as Record<GroupRateName, Interval | null>;
  }
  const between = Object.fromEntries(BETWEEN_GROUP_METRICS.map((m) => [m, collector.interval(`b\u0000${m}`, confidence)])) as Record<BetweenGroupName, Interval | null>;
  const vs: BootstrapIntervals['vsReference'] = {};
  for (const name of others.length > 0 ? [...others, ALL_OTHERS] : []) {
    vs[name] = Object.fromEntries(VS_REFERENCE_METRICS.map((m) => [m, collector.interval(`v\u0000${name}\u0000${m}`, confidence)])) as Record<VsReferenceName, Interval | null>;
  }
  return { groups, betweenGroups: between, vsReference: vs };
}
