import type { CaseDb, SqlParam } from '../case/index.ts';
import { ALL_OTHERS, computeFairness, type Cells, type Favorable, type GroupCounts } from '../fairness/index.ts';
import type { WindowFairness } from './contract.ts';
import { select } from './sides-sql.ts';
import { fairnessCountsSql, type Outcomes } from './performance-sql.ts';

/**
 * Key fairness metrics from per-group counts, through the fairness engine: selection rate and TPR per group, AIF360
 * disparate impact of each group (and allOthers) against the reference, Fairlearn's between-group differences.
 * Null when the groups do not allow a comparison (fewer than two, or no reference group).
 */
export function keyFairness(attribute: string, groups: readonly GroupCounts[], reference: string, favorable: Favorable): WindowFairness | null {
  if (groups.length < 2 || !groups.some((g) => g.group === reference) || groups.some((g) => g.group === ALL_OTHERS)) return null;
  const report = computeFairness({ attribute, groups, reference, favorable, minGroupSize: 1 });
  return {
    reference,
    groups: Object.fromEntries(report.groups.map((g) => [g.group, { rows: g.count, selectionRate: g.selectionRate, truePositiveRate: g.truePositiveRate }])),
    disparateImpact: Object.fromEntries(Object.entries(report.vsReference).map(([g, v]) => [g, v.disparateImpact])),
    demographicParityDifference: report.betweenGroups.demographicParityDifference,
    demographicParityRatio: report.betweenGroups.demographicParityRatio,
    equalOpportunityDifference: report.betweenGroups.equalOpportunityDifference,
    equalizedOddsDifference: report.betweenGroups.equalizedOddsDifference,
  };
}

/** Group counts of one attribute per group key (window), from one GROUP BY. Rows without a value for the attribute are left out. */
export async function groupCountsByKey(db: CaseDb, o: Outcomes, attributeExpr: string, params: Record<string, SqlParam>): Promise<Map<string, GroupCounts[]>> {
  const sql = fairnessCountsSql(o, attributeExpr);
  const out = new Map<string, GroupCounts[]>();
  if (!sql) return out;
  for (const r of await select(db, sql, params)) {
    if (r._value === null || r._value === undefined) continue;
    const key = String(r._g);
    const cells: Cells = { y0d0: Number(r.y0d0), y0d1: Number(r.y0d1), y1d0: Number(r.y1d0), y1d1: Number(r.y1d1), yNd0: Number(r.yNd0), yNd1: Number(r.yNd1) };
    if (!out.has(key)) out.set(key, []);
    out.get(key)!.push({ group: String(r._value), cells, score: { count: Number(r.score_n), sum: Number(r.score_sum), sumSquares: Number(r.score_sq) }, ranks: null });
  }
  return out;
}
