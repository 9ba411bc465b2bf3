import { AssayError } from '../api/errors.ts';

export type ImportanceMetric = 'auc' | 'accuracy';

/**
 * ROC AUC as the Mann–Whitney rank statistic: (R₊ − n₊(n₊+1)/2) / (n₊·n₋), where R₊ sums the ranks of the positive
 * rows among all scores and tied scores share their average rank (equal to sklearn's roc_auc_score).
 */
export function rocAuc(scores: ArrayLike<number>, truth: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (truth[order[k]!] === 1) {
        rankSum += rank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    throw new AssayError('BAD_ARGUMENT', `AUC needs rows of both outcomes, but the ${n} rows with an outcome all have outcome ${positives === 0 ? 0 : 1}. Use --metric accuracy.`, { positives, negatives });
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The share of rows whose decision (score ≥ threshold) equals the outcome. */
export function accuracy(scores: ArrayLike<number>, truth: ArrayLike<number>, threshold: number): number {
  let right = 0;
  for (let i = 0; i < scores.length; i++) if ((scores[i]! >= threshold ? 1 : 0) === truth[i]) right++;
  return right / scores.length;
}

export function scoreMetric(metric: ImportanceMetric, scores: ArrayLike<number>, truth: ArrayLike<number>, threshold: number): number {
  return metric === 'auc' ? rocAuc(scores, truth) : accuracy(scores, truth, threshold);
}
