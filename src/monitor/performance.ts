import type { CaseDb, SqlParam } from '../case/index.ts';
import type { PerformanceMetrics } from './contract.ts';
import { select } from './sides-sql.ts';
import { aucSql, eceSql, performanceMainSql, type Outcomes } from './performance-sql.ts';

export interface CalibrationBin {
  n: number;
  meanScore: number;
  meanOutcome: number;
}

/** Expected calibration error: Σ_b (n_b / N) · |mean score_b − observed rate_b| over the non-empty bins (Naeini et al., AAAI 2015). */
export function expectedCalibrationError(bins: readonly CalibrationBin[]): number | null {
  const total = bins.reduce((s, b) => s + b.n, 0);
  if (total === 0) return null;
  return bins.reduce((s, b) => s + (b.n / total) * Math.abs(b.meanScore - b.meanOutcome), 0);
}

/** AUC from the SQL's sums; null without positives or negatives. */
export function aucOf(positives: number, negatives: number, wins: number): number | null {
  return positives > 0 && negatives > 0 ? wins / (positives * negatives) : null;
}

export interface GroupPerformance extends PerformanceMetrics {
  rows: number;
  selectionRate: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Performance per group key (a window start, or one key for a whole log): three queries over the rows. */
export async function performanceByGroup(db: CaseDb, o: Outcomes, params: Record<string, SqlParam>): Promise<Map<string, GroupPerformance>> {
  const out = new Map<string, GroupPerformance>();
  for (const r of await select(db, performanceMainSql(o), params)) {
    const rows = Number(r.rows);
    const observed = Number(r.observed);
    out.set(String(r._g), {
      rows, selectionRate: num(r.selection_rate), observed, missingOutcome: rows - observed,
      accuracy: num(r.accuracy), auc: null, brier: num(r.brier), ece: null,
    });
  }
  const auc = aucSql(o);
  if (auc) {
    for (const r of await select(db, auc, params)) {
      const g = out.get(String(r._g));
      const positives = Number(r.positives);
      if (g) g.auc = aucOf(positives, Number(r.negatives), Number(r.rank_sum) - (positives * (positives + 1)) / 2);
    }
  }
  const ece = eceSql(o);
  if (ece) {
    const bins = new Map<string, CalibrationBin[]>();
    for (const r of await select(db, ece, params)) {
      const key = String(r._g);
      if (!bins.has(key)) bins.set(key, []);
      bins.get(key)!.push({ n: Number(r.n), meanScore: Number(r.mean_score), meanOutcome: Number(r.mean_outcome) });
    }
    for (const [key, b] of bins) {
      const g = out.get(key);
      if (g) g.ece = expectedCalibrationError(b);
    }
  }
  return out;
}
