import { quoteIdent } from '../case/index.ts';
import type { Outcomes } from './performance-sql.ts';
import { sideFrom, type Params } from './sides-sql.ts';
import type { MonitorLog, Side } from './types.ts';

function has(log: MonitorLog, name: string): boolean {
  return log.columns.some((c) => c.name === name && c.role === 'canonical');
}

/** Score, decision (logged, else score ≥ the logged package's threshold) and outcome of a log's rows, as SQL expressions. */
export function logOutcomes(log: MonitorLog, side: Side, group: string, params: Params, groupCode?: Outcomes['groupCode']): Outcomes {
  const score = has(log, 'score') ? `CAST(${quoteIdent('score')} AS DOUBLE)` : null;
  let decision: string | null = null;
  if (has(log, 'decision')) decision = `CAST(${quoteIdent('decision')} AS INTEGER)`;
  else if (score) {
    params.logged_threshold = log.loggedThreshold;
    decision = `CASE WHEN ${score} >= $logged_threshold THEN 1 WHEN ${score} < $logged_threshold THEN 0 END`;
  }
  const outcome = has(log, 'outcome') ? `CAST(${quoteIdent('outcome')} AS INTEGER)` : null;
  return { from: sideFrom(side, log, 'c', params), group, score, decision, outcome, ...(groupCode ? { groupCode } : {}) };
}
