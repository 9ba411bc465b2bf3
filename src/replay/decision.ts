/** DESIGN.md §2.1: the decision of a score is score ≥ threshold. */
export function decisionOf(score: number, threshold: number): 0 | 1 {
  return score >= threshold ? 1 : 0;
}

export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
