import { compareValues, valueName, type AttributePlan } from './attribute-plan.ts';
import { addCells, emptyCells } from './confusion.ts';
import { keyColumns } from './counts-sql.ts';
import { CELL_NAMES, type Cells, type GroupCounts, type RankSums } from './types.ts';

export type SqlRow = Record<string, unknown>;

export interface AssembledCounts {
  /** Groups in order: each attribute's values sorted (text by code units, numbers and bins by value). */
  groups: GroupCounts[];
  /** Rows whose protected attribute (any of them, for an intersection) is missing. */
  missingAttribute: Cells;
  /** Rows left out because their decision is not 0 or 1. */
  invalidDecisions: number;
}

function num(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
}

export const GROUP_SEPARATOR = '|';

/** The group name of a row with key columns k0, k1, …: the attribute values joined by "|"; null when one is missing. */
export function groupNameOf(plans: readonly AttributePlan[], row: SqlRow): string | null {
  const keys = keyColumns(plans);
  const parts = plans.map((plan, i) => valueName(plan, row[keys[i]!]));
  return parts.some((x) => x === null) ? null : parts.join(GROUP_SEPARATOR);
}

/** Joins the rows of groupCountsSql and groupRanksSql into named groups. */
export function assembleCounts(plans: readonly AttributePlan[], countRows: readonly SqlRow[], rankRows: readonly SqlRow[]): AssembledCounts {
  const keys = keyColumns(plans);
  const nameOf = (row: SqlRow) => groupNameOf(plans, row);
  const ranks = new Map<string, RankSums>();
  for (const r of rankRows) {
    const name = nameOf(r);
    if (name !== null) ranks.set(name, { positives: num(r.positives), negatives: num(r.negatives), twiceRankSumPositives: num(r.twice_rank_sum) });
  }
  let missingAttribute = emptyCells();
  let invalidDecisions = 0;
  const keyed: { row: SqlRow; counts: GroupCounts }[] = [];
  for (const row of countRows) {
    invalidDecisions += num(row.invalid_decision);
    const cells = emptyCells();
    for (const k of CELL_NAMES) cells[k] = num(row[k]);
    const name = nameOf(row);
    if (name === null) {
      missingAttribute = addCells(missingAttribute, cells);
      continue;
    }
    if (CELL_NAMES.every((k) => cells[k] === 0)) continue;
    keyed.push({
      row,
      counts: {
        group: name, cells,
        score: { count: num(row.score_count), sum: num(row.score_sum), sumSquares: num(row.score_sum_squares) },
        ranks: ranks.get(name) ?? null,
      },
    });
  }
  keyed.sort((a, b) => {
    for (let i = 0; i < plans.length; i++) {
      const c = compareValues(plans[i]!, a.row[keys[i]!], b.row[keys[i]!]);
      if (c !== 0) return c;
    }
    return 0;
  });
  return { groups: keyed.map((k) => k.counts), missingAttribute, invalidDecisions };
}
