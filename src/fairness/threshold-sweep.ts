import { groupNameOf, type SqlRow } from './assemble-counts.ts';
import type { AttributePlan } from './attribute-plan.ts';
import { betweenGroups } from './between-groups.ts';
import { ALL_OTHERS } from './bootstrap.ts';
import { emptyCells, sumCells } from './confusion.ts';
import { deriveRates } from './group-metrics.ts';
import type { Cells, Favorable, SweepPoint } from './types.ts';
import { vsReference } from './vs-reference.ts';

/** 0.05, 0.10, …, 0.95. */
export const DEFAULT_SWEEP = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);

/** Cells of every group at each threshold, from the bucket counts of thresholdSweepSql. */
function cellsByThreshold(plans: readonly AttributePlan[], rows: readonly SqlRow[], count: number): Map<string, Cells[]> {
  const out = new Map<string, Cells[]>();
  for (const r of rows) {
    const name = groupNameOf(plans, r);
    if (name === null) continue;
    let list = out.get(name);
    if (!list) out.set(name, (list = Array.from({ length: count }, emptyCells)));
    const y = String(r.yk);
    const bucket = Number(r.bucket);
    const n = Number(r.n);
    for (let i = 0; i < count; i++) {
      const d = bucket > i ? 1 : 0;
      list[i]![`y${y === '0' || y === '1' ? y : 'N'}d${d}` as keyof Cells] += n;
    }
  }
  return out;
}

/** The group and between-group metrics the log would have if the decision were score ≥ t, for each threshold t. */
export function thresholdSweep(plans: readonly AttributePlan[], rows: readonly SqlRow[], ascending: readonly number[], reference: string, favorable: Favorable): SweepPoint[] {
  const byGroup = cellsByThreshold(plans, rows, ascending.length);
  return ascending.map((threshold, i) => {
    const cells = new Map([...byGroup].map(([name, list]) => [name, list[i]!]));
    const rates = new Map([...cells].map(([name, c]) => [name, deriveRates(c).rates]));
    const groups: SweepPoint['groups'] = {};
    for (const [name, r] of rates) groups[name] = { selectionRate: r.selectionRate, truePositiveRate: r.truePositiveRate, falsePositiveRate: r.falsePositiveRate };
    const disparateImpact: SweepPoint['disparateImpact'] = {};
    const ref = cells.get(reference);
    const others = [...cells.keys()].filter((n) => n !== reference);
    if (ref) {
      for (const o of others) disparateImpact[o] = vsReference(cells.get(o)!, ref, favorable).disparateImpact;
      if (others.length) disparateImpact[ALL_OTHERS] = vsReference(sumCells(others.map((o) => cells.get(o)!)), ref, favorable).disparateImpact;
    }
    return { threshold, groups, betweenGroups: betweenGroups([...rates.values()]), disparateImpact, cells: Object.fromEntries(cells) };
  });
}
