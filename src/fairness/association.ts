/**
 * Strength of association between two discrete variables from their contingency table (rows × columns of counts).
 * Rows and columns without any count are dropped first, as they carry no observation.
 */
function nonEmpty(table: readonly (readonly number[])[]): number[][] {
  const rows = table.filter((r) => r.some((v) => v > 0));
  if (rows.length === 0) return [];
  const keep = rows[0]!.map((_, j) => j).filter((j) => rows.some((r) => r[j]! > 0));
  return rows.map((r) => keep.map((j) => r[j]!));
}

/**
 * Cramér's V without bias correction: √(χ² / (n · (min(r, c) − 1))), χ² Pearson's statistic without continuity
 * correction — scipy.stats.contingency.association(table, method='cramer') — in [0, 1]. Null when a variable has
 * a single level (min(r, c) = 1).
 */
export function cramersV(table: readonly (readonly number[])[]): number | null {
  const t = nonEmpty(table);
  const r = t.length;
  const c = r === 0 ? 0 : t[0]!.length;
  if (Math.min(r, c) < 2) return null;
  const rowTotals = t.map((row) => row.reduce((s, v) => s + v, 0));
  const colTotals = t[0]!.map((_, j) => t.reduce((s, row) => s + row[j]!, 0));
  const n = rowTotals.reduce((s, v) => s + v, 0);
  let chi2 = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const e = (rowTotals[i]! * colTotals[j]!) / n;
      chi2 += (t[i]![j]! - e) ** 2 / e;
    }
  }
  return Math.min(1, Math.sqrt(chi2 / (n * (Math.min(r, c) - 1))));
}

/**
 * Mutual information in nats, Σ p_ij ln(p_ij / (p_i· p_·j)) — sklearn.metrics.mutual_info_score(contingency=table).
 * 0 for independent variables; at most min(H(row), H(column)).
 */
export function mutualInformation(table: readonly (readonly number[])[]): number {
  const t = nonEmpty(table);
  if (t.length === 0) return 0;
  const rowTotals = t.map((row) => row.reduce((s, v) => s + v, 0));
  const colTotals = t[0]!.map((_, j) => t.reduce((s, row) => s + row[j]!, 0));
  const n = rowTotals.reduce((s, v) => s + v, 0);
  let mi = 0;
  for (let i = 0; i < t.length; i++) {
    for (let j = 0; j < colTotals.length; j++) {
      const nij = t[i]![j]!;
      if (nij > 0) mi += (nij / n) * Math.log((n * nij) / (rowTotals[i]! * colTotals[j]!));
    }
  }
  return Math.max(0, mi);
}
