import { AssayError } from '../api/errors.ts';

export interface GroupShap {
  group: string;
  count: number;
  /** Mean φ per feature over the group's rows. */
  meanPhi: Record<string, number>;
  /** Mean f(x) over the group's rows. */
  meanFx: number;
}

export interface ShapByGroup {
  attribute: string;
  reference: string;
  groups: GroupShap[];
  /** Per group other than the reference: mean φ of the group − mean φ of the reference, per feature. */
  vsReference: Record<string, Record<string, number>>;
  /** Per feature: largest − smallest group mean φ. */
  range: Record<string, number>;
  /** Rows without a value of the attribute, left out. */
  missing: number;
}

/**
 * SHAP by protected group: how much each feature moves the output on average within each group, and the difference
 * between groups. Groups are sorted by name; the reference defaults to the largest group.
 */
export function shapByGroup(
  features: string[], phi: ArrayLike<number>[], fx: ArrayLike<number>, groupOf: (string | null)[], attribute: string, reference?: string,
): ShapByGroup {
  const members = new Map<string, number[]>();
  let missing = 0;
  groupOf.forEach((g, i) => {
    if (g === null) missing++;
    else if (members.has(g)) members.get(g)!.push(i);
    else members.set(g, [i]);
  });
  if (members.size === 0) throw new AssayError('BAD_ARGUMENT', `The attribute "${attribute}" has no value in any explained row.`, { attribute });
  const groups = [...members.keys()].sort().map((group): GroupShap => {
    const rows = members.get(group)!;
    const meanPhi: Record<string, number> = {};
    features.forEach((f, j) => {
      meanPhi[f] = rows.reduce((s, i) => s + phi[i]![j]!, 0) / rows.length;
    });
    return { group, count: rows.length, meanPhi, meanFx: rows.reduce((s, i) => s + fx[i]!, 0) / rows.length };
  });
  const ref = reference ?? [...groups].sort((a, b) => b.count - a.count || a.group.localeCompare(b.group))[0]!.group;
  const refGroup = groups.find((g) => g.group === ref);
  if (!refGroup) {
    throw new AssayError('NOT_FOUND', `The reference group "${ref}" does not occur among the explained rows (groups: ${groups.map((g) => g.group).join(', ')}).`, { reference: ref });
  }
  const vsReference: Record<string, Record<string, number>> = {};
  for (const g of groups) {
    if (g.group === ref) continue;
    vsReference[g.group] = Object.fromEntries(features.map((f) => [f, g.meanPhi[f]! - refGroup.meanPhi[f]!]));
  }
  const range = Object.fromEntries(features.map((f) => {
    const means = groups.map((g) => g.meanPhi[f]!);
    return [f, Math.max(...means) - Math.min(...means)];
  }));
  return { attribute, reference: ref, groups, vsReference, range, missing };
}
