/**
 * An independent, row-by-row implementation of the fairness metrics, written from the Fairlearn / AIF360 / sklearn
 * definitions without any code of src/fairness, to check the SQL engine against.
 */
export interface Row {
  group: string | null;
  y: 0 | 1 | null;
  d: 0 | 1;
  s: number;
}

type Num = number | null;

function rate(num: number, den: number): number {
  return den === 0 ? 0 : num / den; // Fairlearn / sklearn: 0/0 → 0
}

function aucByPairs(rows: Row[]): Num {
  const pos = rows.filter((r) => r.y === 1).map((r) => r.s);
  const neg = rows.filter((r) => r.y === 0).map((r) => r.s);
  if (pos.length === 0 || neg.length === 0) return null;
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

export function groupRow(rows: Row[]) {
  const obs = rows.filter((r) => r.y !== null);
  const tp = obs.filter((r) => r.y === 1 && r.d === 1).length;
  const fn = obs.filter((r) => r.y === 1 && r.d === 0).length;
  const fp = obs.filter((r) => r.y === 0 && r.d === 1).length;
  const tn = obs.filter((r) => r.y === 0 && r.d === 0).length;
  const none = obs.length === 0;
  const o = (v: number): Num => (none ? null : v);
  return {
    count: rows.length,
    selectionRate: rows.filter((r) => r.d === 1).length / rows.length,
    baseRate: o(rate(tp + fn, obs.length)),
    truePositiveRate: o(rate(tp, tp + fn)),
    falsePositiveRate: o(rate(fp, fp + tn)),
    falseNegativeRate: o(rate(fn, tp + fn)),
    trueNegativeRate: o(rate(tn, fp + tn)),
    accuracy: o(rate(tp + tn, obs.length)),
    precision: o(rate(tp, tp + fp)),
    meanScore: rows.reduce((s, r) => s + r.s, 0) / rows.length,
    auc: aucByPairs(obs),
  };
}

type G = ReturnType<typeof groupRow>;

function spread(values: Num[], kind: 'difference' | 'ratio'): Num {
  const v = values.filter((x): x is number => x !== null);
  if (v.length === 0) return null;
  const max = Math.max(...v), min = Math.min(...v);
  if (kind === 'difference') return max - min;
  return max === 0 ? null : min / max;
}

export function betweenGroupsRow(groups: G[]) {
  const tprD = spread(groups.map((g) => g.truePositiveRate), 'difference');
  const fprD = spread(groups.map((g) => g.falsePositiveRate), 'difference');
  const tprR = spread(groups.map((g) => g.truePositiveRate), 'ratio');
  const fprR = spread(groups.map((g) => g.falsePositiveRate), 'ratio');
  // Python max()/min() over [tpr, fpr]: NaN in first place wins, NaN in second place is ignored
  const pyMax = (a: Num, b: Num) => (a === null ? null : b !== null && b > a ? b : a);
  const pyMin = (a: Num, b: Num) => (a === null ? null : b !== null && b < a ? b : a);
  return {
    demographicParityDifference: spread(groups.map((g) => g.selectionRate), 'difference'),
    demographicParityRatio: spread(groups.map((g) => g.selectionRate), 'ratio'),
    equalizedOddsDifference: pyMax(tprD, fprD),
    equalizedOddsRatio: pyMin(tprR, fprR),
    equalOpportunityDifference: tprD,
  };
}

/** AIF360 ClassificationMetric with the favorable label as positive; NaN/inf → null. */
function aifRates(rows: Row[], fav: 0 | 1) {
  const obs = rows.filter((r) => r.y !== null);
  const TP = obs.filter((r) => r.y === fav && r.d === fav).length;
  const FN = obs.filter((r) => r.y === fav && r.d !== fav).length;
  const FP = obs.filter((r) => r.y !== fav && r.d === fav).length;
  const TN = obs.filter((r) => r.y !== fav && r.d !== fav).length;
  const div = (a: number, b: number): Num => (b === 0 ? null : a / b);
  const acc = div(TP + TN, TP + FN + FP + TN);
  return {
    sr: div(rows.filter((r) => r.d === fav).length, rows.length),
    tpr: div(TP, TP + FN), fpr: div(FP, FP + TN), err: acc === null ? null : 1 - acc,
  };
}

export function vsReferenceRow(u: Row[], p: Row[], fav: 0 | 1) {
  const a = aifRates(u, fav), b = aifRates(p, fav);
  const diff = (x: Num, y: Num): Num => (x === null || y === null ? null : x - y);
  const ratio = (x: Num, y: Num): Num => (x === null || y === null || y === 0 ? null : x / y);
  const f = diff(a.fpr, b.fpr), t = diff(a.tpr, b.tpr);
  return {
    disparateImpact: ratio(a.sr, b.sr),
    statisticalParityDifference: diff(a.sr, b.sr),
    equalOpportunityDifference: t,
    averageOddsDifference: f === null || t === null ? null : 0.5 * (f + t),
    averageAbsOddsDifference: f === null || t === null ? null : 0.5 * (Math.abs(f) + Math.abs(t)),
    errorRateRatio: ratio(a.err, b.err),
  };
}

/** AIF360 generalized_entropy_index(alpha=1), row by row over observed rows. */
export function theilRow(rows: Row[], fav: 0 | 1): Num {
  const b = rows.filter((r) => r.y !== null).map((r) => 1 + (r.d === fav ? 1 : 0) - (r.y === fav ? 1 : 0));
  if (b.length === 0) return null;
  const mu = b.reduce((s, v) => s + v, 0) / b.length;
  if (mu === 0) return null;
  return b.reduce((s, v) => s + Math.log((v / mu) ** v) / mu, 0) / b.length;
}

export function fairnessRow(rows: Row[], reference: string, fav: 0 | 1) {
  const names = [...new Set(rows.map((r) => r.group).filter((g): g is string => g !== null))];
  const byGroup = new Map(names.map((n) => [n, rows.filter((r) => r.group === n)]));
  const groups = Object.fromEntries(names.map((n) => [n, groupRow(byGroup.get(n)!)]));
  const others = names.filter((n) => n !== reference);
  const vs: Record<string, ReturnType<typeof vsReferenceRow>> = {};
  for (const o of others) vs[o] = vsReferenceRow(byGroup.get(o)!, byGroup.get(reference)!, fav);
  vs.allOthers = vsReferenceRow(rows.filter((r) => r.group !== null && r.group !== reference), byGroup.get(reference)!, fav);
  return { groups, betweenGroups: betweenGroupsRow(Object.values(groups)), vsReference: vs, theilIndex: theilRow(rows, fav) };
}
