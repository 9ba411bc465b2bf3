/**
 * SQL for performance and fairness counts per group of rows (a time window, or one group for a whole log). The
 * caller gives the FROM clause (with its WHERE), the group expression and the score, decision and outcome expressions;
 * rows whose outcome is NULL are counted as missing outcomes and left out of every performance metric.
 */
export interface Outcomes {
  from: string;
  group: string;
  score: string | null;
  decision: string | null;
  outcome: string | null;
  /**
   * An INTEGER expression one-to-one with `group` and the SQL (over `_c`) that gives the group back: the AUC's sort
   * partitions by it, as sorting by a 4-byte integer is markedly faster than by a timestamp or text.
   */
  groupCode?: { code: string; decode: string };
}

/** Expected calibration error bins: 10 equal-width score bins on [0, 1], the last one closed. */
export const ECE_BINS = 10;

export function performanceMainSql(o: Outcomes): string {
  const observed = o.outcome ? `${o.outcome} IS NOT NULL` : 'false';
  const accuracy = o.outcome && o.decision ? `avg(CAST(${o.decision} = ${o.outcome} AS DOUBLE)) FILTER (WHERE ${observed} AND ${o.decision} IS NOT NULL)` : 'NULL';
  const brier = o.outcome && o.score ? `avg((${o.score} - ${o.outcome}) ^ 2) FILTER (WHERE ${observed} AND ${o.score} IS NOT NULL)` : 'NULL';
  const selection = o.decision ? `avg(CAST(${o.decision} AS DOUBLE))` : 'NULL';
  return `SELECT ${o.group} AS _g, count(*) AS rows, count(*) FILTER (WHERE ${observed}) AS observed,
                 ${selection} AS selection_rate, ${accuracy} AS accuracy, ${brier} AS brier
          ${o.from} GROUP BY _g ORDER BY _g`;
}

/**
 * AUC per group as the Mann–Whitney statistic with ties counted as halves, from one sort: the positives' mid-ranks
 * (rank + rows with a score ≤ theirs) / 2 summed; wins = that sum − P(P + 1)/2, and AUC = wins / (P · N).
 */
export function aucSql(o: Outcomes): string | null {
  if (!o.outcome || !o.score) return null;
  return `WITH s AS (SELECT ${o.groupCode?.code ?? o.group} AS _c, ${o.score} AS _s, ${o.outcome} AS _y
                     ${o.from}${o.from.includes(' WHERE ') ? ' AND' : ' WHERE'} ${o.outcome} IN (0, 1) AND ${o.score} IS NOT NULL),
          r AS (SELECT _c, _y, rank() OVER w AS rk, count(*) OVER (w RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS le
                FROM s WINDOW w AS (PARTITION BY _c ORDER BY _s))
          SELECT ${o.groupCode?.decode ?? '_c'} AS _g, count(*) FILTER (WHERE _y = 1) AS positives, count(*) FILTER (WHERE _y = 0) AS negatives,
                 coalesce(sum((rk + le) / 2) FILTER (WHERE _y = 1), 0) AS rank_sum
          FROM r GROUP BY _c ORDER BY _c`;
}

export function eceSql(o: Outcomes): string | null {
  if (!o.outcome || !o.score) return null;
  return `SELECT ${o.group} AS _g, least(greatest(floor(${o.score} * ${ECE_BINS}), 0), ${ECE_BINS - 1}) AS _bin, count(*) AS n,
                 avg(${o.score}) AS mean_score, avg(${o.outcome}) AS mean_outcome
          ${o.from}${o.from.includes(' WHERE ') ? ' AND' : ' WHERE'} ${o.outcome} IS NOT NULL AND ${o.score} IS NOT NULL GROUP BY _g, _bin ORDER BY _g, _bin`;
}

/** The six fairness cells (outcome 0/1/missing × decision 0/1) and score sums per group and attribute value. */
export function fairnessCountsSql(o: Outcomes, attribute: string): string | null {
  if (!o.decision) return null;
  const y = o.outcome ?? 'NULL';
  const cell = (yv: string, d: number) => `count(*) FILTER (WHERE ${yv === 'N' ? `${y} IS NULL` : `${y} = ${yv}`} AND ${o.decision} = ${d}) AS y${yv}d${d}`;
  const score = o.score ? `count(${o.score}) AS score_n, coalesce(sum(${o.score}), 0) AS score_sum, coalesce(sum(${o.score} ^ 2), 0) AS score_sq` : '0 AS score_n, 0 AS score_sum, 0 AS score_sq';
  return `SELECT ${o.group} AS _g, CAST(${attribute} AS VARCHAR) AS _value, ${['0', '1', 'N'].flatMap((yv) => [0, 1].map((d) => cell(yv, d))).join(', ')}, ${score}
          ${o.from}${o.from.includes(' WHERE ') ? ' AND' : ' WHERE'} ${o.decision} IS NOT NULL GROUP BY _g, _value ORDER BY _g, _value`;
}
