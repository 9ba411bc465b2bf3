import type { WhereCondition } from '../api/contract-replay.ts';
import { AssayError } from '../api/errors.ts';
import { quoteIdent, recordRun, type CaseDb } from '../case/index.ts';
import { replayLog, type AuditedModel } from '../replay/index.ts';
import type { ChallengerResult, FlipMatrix, PerformanceMetrics, TimeWindow, WindowFairness } from './contract.ts';
import { logSpan } from './columns.ts';
import { performanceByGroup } from './performance.ts';
import type { Outcomes } from './performance-sql.ts';
import { select, TIMESTAMP, type Params } from './sides-sql.ts';
import type { MonitorRun, MonitorSubject } from './types.ts';
import { requireRows, resolveSides } from './windows.ts';
import { groupCountsByKey, keyFairness } from './window-fairness.ts';

export interface ChallengerInput {
  challenger: AuditedModel;
  attributes?: string[];
  current?: TimeWindow;
}

function metrics(p: Awaited<ReturnType<typeof performanceByGroup>>): PerformanceMetrics {
  const g = p.get('all');
  return { observed: g?.observed ?? 0, missingOutcome: g?.missingOutcome ?? 0, accuracy: g?.accuracy ?? null, auc: g?.auc ?? null, brier: g?.brier ?? null, ece: g?.ece ?? null };
}

/**
 * `monitor.challenger`: replays the log with a challenger package (through the replay domain, which records its own
 * run and table) and compares it with the champion, the logged scores and decisions, on the same rows: agreement,
 * the flip matrix, score correlation, performance against the observed outcomes and key fairness metrics.
 */
export async function runChallenger(db: CaseDb, subject: MonitorSubject, input: ChallengerInput, run: MonitorRun): Promise<ChallengerResult> {
  const log = subject.log;
  const champion = subject.pkg;
  if (input.challenger.ref === log.packageRef) {
    throw new AssayError('BAD_ARGUMENT', `${input.challenger.ref} is the package the log "${log.name}" was made with (the champion); choose another package as the challenger.`, { challenger: input.challenger.ref });
  }
  const span = await logSpan(db, subject);
  const present = new Set(log.columns.map((c) => c.name));
  const attributes = input.attributes ?? champion.manifest.protected_attributes.map((p) => p.name).filter((n) => present.has(n));
  for (const a of attributes) if (!present.has(a)) throw new AssayError('NOT_FOUND', `The log "${log.name}" has no column "${a}" to compare fairness by.`, { attribute: a });
  if (!present.has('score') && !present.has('decision')) {
    throw new AssayError('LOG_MISMATCH', `The log "${log.name}" holds neither a score nor a decision, so there is no champion to compare with.`, { log: log.name });
  }
  let where: WhereCondition[] = [];
  let window = { kind: 'log' as const, from: null as string | null, to: null as string | null };
  if (input.current) {
    const sides = resolveSides(undefined, input.current, span, log.name);
    window = { kind: 'log', from: sides.current.from, to: sides.current.to };
    if (window.from) where.push({ column: TIMESTAMP, op: '>=', value: window.from });
    if (window.to) where.push({ column: TIMESTAMP, op: '<', value: window.to });
    const params: Params = {};
    const n = Number((await select<{ n: number }>(db, `SELECT count(*) AS n FROM ${quoteIdent(log.table)} WHERE ${where.map((w, i) => {
      params[`w${i}`] = String(w.value);
      return `${quoteIdent(TIMESTAMP)} ${w.op} CAST($w${i} AS TIMESTAMPTZ)`;
    }).join(' AND ')}`, params))[0]!.n);
    requireRows(sides.current, 'current', n, span, log.name, 1);
  } else {
    where = [];
  }

  const replay = await replayLog(db, { name: log.name, table: log.table, packageRef: log.packageRef, sourceSha256: log.sourceSha256, loggedThreshold: log.loggedThreshold },
    input.challenger, { tolerance: 1e-6, where }, { ...run });

  const t = `FROM ${quoteIdent(log.table)} l JOIN ${quoteIdent(replay.table)} r ON l._row = r._row WHERE r.replayed IS NOT NULL`;
  const champScore = present.has('score') ? `CAST(l.${quoteIdent('score')} AS DOUBLE)` : null;
  const champDecision = present.has('decision') ? `CAST(l.${quoteIdent('decision')} AS INTEGER)` : `CASE WHEN ${champScore} >= $logged_threshold THEN 1 WHEN ${champScore} < $logged_threshold THEN 0 END`;
  const outcome = present.has('outcome') ? `CAST(l.${quoteIdent('outcome')} AS INTEGER)` : null;
  const params: Params = { logged_threshold: log.loggedThreshold, challenger_threshold: input.challenger.manifest.threshold };
  const challDecision = 'CASE WHEN r.replayed >= $challenger_threshold THEN 1 ELSE 0 END';
  const champ: Outcomes = { from: t, group: "'all'", score: champScore, decision: champDecision, outcome };
  const chall: Outcomes = { from: t, group: "'all'", score: 'r.replayed', decision: challDecision, outcome };

  const f = (await select(db, `SELECT count(*) AS rows,
      count(*) FILTER (WHERE ${champDecision} = 0 AND ${challDecision} = 0) AS d00, count(*) FILTER (WHERE ${champDecision} = 0 AND ${challDecision} = 1) AS d01,
      count(*) FILTER (WHERE ${champDecision} = 1 AND ${challDecision} = 0) AS d10, count(*) FILTER (WHERE ${champDecision} = 1 AND ${challDecision} = 1) AS d11,
      ${champScore ? `corr(${champScore}, r.replayed)` : 'NULL'} AS correlation ${t}`, params))[0]!;
  const flips: FlipMatrix = { '0': { '0': Number(f.d00), '1': Number(f.d01) }, '1': { '0': Number(f.d10), '1': Number(f.d11) } };
  const compared = flips['0']['0'] + flips['0']['1'] + flips['1']['0'] + flips['1']['1'];

  const fairness: ChallengerResult['fairness'] = [];
  const warnings: string[] = [];
  for (const a of attributes) {
    const declared = champion.manifest.protected_attributes.find((p) => p.name === a)?.reference;
    const side = async (o: Outcomes): Promise<WindowFairness | null> => {
      const counts = (await groupCountsByKey(db, o, `l.${quoteIdent(a)}`, params)).get('all') ?? [];
      const largest = [...counts].sort((x, y) => Object.values(y.cells).reduce((s, v) => s + v, 0) - Object.values(x.cells).reduce((s, v) => s + v, 0))[0]?.group;
      return keyFairness(a, counts, declared ?? largest ?? '', champion.manifest.favorable_outcome);
    };
    if (declared === undefined) warnings.push(`The package names no reference group for ${a}; the largest group is the reference.`);
    fairness.push({ attribute: a, champion: await side(champ), challenger: await side(chall) });
  }
  if (replay.failed > 0) warnings.push(`The challenger failed on ${replay.failed} rows; they are left out of the comparison.`);

  const result: Omit<ChallengerResult, 'runId'> = {
    log: log.name, champion: log.packageRef, challenger: input.challenger.ref,
    current: { ...window, rows: Number(f.rows) },
    replay: { table: replay.table, runId: replay.runId, failed: replay.failed },
    rows: Number(f.rows),
    agreement: compared > 0 ? (flips['0']['0'] + flips['1']['1']) / compared : null,
    flips,
    scoreCorrelation: f.correlation === null || f.correlation === undefined || Number.isNaN(Number(f.correlation)) ? null : Number(f.correlation),
    performance: { champion: metrics(await performanceByGroup(db, champ, params)), challenger: metrics(await performanceByGroup(db, chall, params)) },
    fairness, warnings,
  };
  const { runId } = await recordRun(db, {
    method: 'monitor.challenger',
    parameters: { log: log.name, champion: log.packageRef, challenger: input.challenger.ref, attributes, current: window, replayTable: replay.table },
    seed: null, inputHashes: run.inputHashes, result, user: run.user, role: run.role,
  });
  return { ...result, runId };
}
