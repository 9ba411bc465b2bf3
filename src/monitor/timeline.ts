import { AssayError } from '../api/errors.ts';
import { quoteIdent, recordRun, type CaseDb } from '../case/index.ts';
import { chooseReference, type GroupCounts } from '../fairness/index.ts';
import type { Granularity, TimelineArgs, TimelineResult, TimelineWindow, WindowFairness } from './contract.ts';
import { prepareComparison, PSI_MODERATE, severityOf } from './drift.ts';
import { MAX_EXTRA_LEVELS } from './drift-sql.ts';
import { jensenShannonDistance } from './jensen-shannon.ts';
import { logOutcomes } from './log-expressions.ts';
import { performanceByGroup } from './performance.ts';
import { ECE_BINS } from './performance-sql.ts';
import { psi, psiNoise } from './psi.ts';
import { select, sideFrom, TIMESTAMP, type Params } from './sides-sql.ts';
import { sampleCardinalitySql } from './value-counts-sql.ts';
import { referenceProfile, windowHistograms } from './window-histograms.ts';
import type { Covered, MonitorRun, MonitorSubject } from './types.ts';
import { chooseGranularity, requireRows, windowEnd } from './windows.ts';
import { groupCountsByKey, keyFairness } from './window-fairness.ts';

const MAX_WINDOWS = 1000;
const DAY_US = 86_400_000_000;

/**
 * Extra categorical columns with more than MAX_EXTRA_LEVELS distinct values are identifiers, not distributions: left
 * out, as in monitor.drift — judged on the log's first CARDINALITY_SAMPLE rows here, and on the reference's levels
 * once they are counted (leftOutLevels).
 */
async function withoutIdentifiers(db: CaseDb, subject: MonitorSubject, cmp: Awaited<ReturnType<typeof prepareComparison>>, warnings: string[]): Promise<Covered[]> {
  const extras = cmp.coverage.columns.filter((c) => c.type === 'categorical' && c.role === 'extra');
  if (extras.length === 0) return cmp.coverage.columns;
  const row = (await select(db, sampleCardinalitySql(subject.log, extras.map((c, i) => [c, i] as [Covered, number]))))[0]!;
  const dropped = new Set(extras.filter((_, i) => Number(row[`d_${i}`]) > MAX_EXTRA_LEVELS).map((c) => c.name));
  if (dropped.size) warnings.push(`Left out as identifiers (more than ${MAX_EXTRA_LEVELS} distinct values): ${[...dropped].join(', ')}.`);
  return cmp.coverage.columns.filter((c) => !dropped.has(c.name));
}

/** Extra columns whose reference holds more than MAX_EXTRA_LEVELS levels, left out with a warning. */
function leftOutLevels(columns: readonly Covered[], counts: ReadonlyMap<string, Map<string, number>>, warnings: string[]): Covered[] {
  const dropped = columns.filter((c) => c.type === 'categorical' && c.role === 'extra' && (counts.get(c.name)?.size ?? 0) > MAX_EXTRA_LEVELS).map((c) => c.name);
  if (dropped.length) warnings.push(`Left out as identifiers (more than ${MAX_EXTRA_LEVELS} distinct values): ${dropped.join(', ')}.`);
  return columns.filter((c) => !dropped.includes(c.name));
}

function aligned(reference: Map<string, number>, current: Map<string, number>, keys: string[]): [number[], number[]] {
  return [keys.map((k) => reference.get(k) ?? 0), keys.map((k) => current.get(k) ?? 0)];
}

function windowStarts(first: string, last: string, granularity: Granularity): string[] {
  const out: string[] = [];
  for (let s = first; s <= last; s = windowEnd(s, granularity)) {
    out.push(s);
    if (out.length > MAX_WINDOWS) {
      throw new AssayError('BAD_ARGUMENT', `The timeline would have more than ${MAX_WINDOWS} ${granularity} windows; choose a coarser --granularity or a shorter --current window.`, { granularity });
    }
  }
  return out;
}

/**
 * `monitor.timeline`: per calendar window (UTC; day, week or month chosen from the span unless given) the drift of each
 * column against the reference (PSI and JS distance over the reference's bins or levels; KS needs the values and is
 * left to `monitor.drift`), the selection rate, performance against the observed outcomes, and key fairness metrics.
 */
export async function runTimeline(db: CaseDb, subject: MonitorSubject, args: TimelineArgs, run: MonitorRun): Promise<TimelineResult> {
  const cmp = await prepareComparison(db, subject, args, true);
  const log = subject.log;
  if (!cmp.span.hasTimestamp || cmp.span.first === null) {
    throw new AssayError('LOG_MISMATCH', `The log "${log.name}" has no timestamp column (or no timestamp in any row), so it cannot be cut into time windows. Import it again with --map timestamp=COLUMN.`, { log: log.name });
  }
  const warnings: string[] = [];
  const sampled = await withoutIdentifiers(db, subject, cmp, warnings);
  const profile = await referenceProfile(db, log, cmp.reference, sampled, cmp.span.rows);
  const columns = leftOutLevels(sampled, profile.counts, warnings);
  requireRows(cmp.reference, 'reference', profile.rows, cmp.span, log.name);

  const params: Params = {};
  const from = sideFrom(cmp.current, log, 'c', params);
  const range = (await select<{ first: string | null; last: string | null; n: number }>(db, 
    `SELECT min(${quoteIdent(TIMESTAMP)}) AS first, max(${quoteIdent(TIMESTAMP)}) AS last, count(*) AS n ${from}`, params))[0]!;
  if (range.first === null || range.last === null) requireRows(cmp.current, 'current', 0, cmp.span, log.name);
  const chosen = args.granularity ? { granularity: args.granularity, reason: 'given' } : chooseGranularity(range.first!, range.last!);
  const g = chosen.granularity;
  // the UTC wall time from the epoch: the same as AT TIME ZONE 'UTC', without a time-zone lookup per row
  const w = `date_trunc('${g}', make_timestamp(epoch_us(${quoteIdent(TIMESTAMP)})))`;
  run.onProgress?.({ stage: 'windows' });

  const byStart = await windowHistograms(db, log, from, params, w, columns, profile.edges);
  const keys = [...byStart.keys()].sort();
  const starts = windowStarts(keys[0]!, keys[keys.length - 1]!, g);

  const outcomeParams: Params = {};
  // windows start at midnight UTC: whole days since the epoch number them
  const outcomes = logOutcomes(log, cmp.current, w, outcomeParams, { code: `CAST(epoch_us(${w}) // ${DAY_US} AS INTEGER)`, decode: `make_timestamp(CAST(_c AS BIGINT) * ${DAY_US})` });
  const performance = await performanceByGroup(db, outcomes, outcomeParams);

  const present = new Set(log.columns.map((c) => c.name));
  const attributes = args.attributes ?? subject.pkg.manifest.protected_attributes.map((p) => p.name).filter((n) => present.has(n));
  for (const a of attributes) {
    if (!present.has(a)) throw new AssayError('NOT_FOUND', `The log "${log.name}" has no column "${a}" to follow fairness by.`, { log: log.name, attribute: a });
  }
  const fairness = new Map<string, { counts: Map<string, GroupCounts[]>; reference: string }>();
  for (const a of attributes) {
    const counts = await groupCountsByKey(db, outcomes, quoteIdent(a), outcomeParams);
    const totals = new Map<string, GroupCounts>();
    for (const list of counts.values()) for (const gc of list) {
      const t = totals.get(gc.group);
      if (!t) totals.set(gc.group, { ...gc, cells: { ...gc.cells } });
      else for (const k of Object.keys(gc.cells) as (keyof typeof gc.cells)[]) t.cells[k] += gc.cells[k];
    }
    const declared = subject.pkg.manifest.protected_attributes.find((p) => p.name === a)?.reference;
    const choice = chooseReference(a, undefined, declared === undefined ? [] : [declared], [...totals.values()]);
    if (choice.warning) warnings.push(choice.warning);
    fairness.set(a, { counts, reference: choice.reference });
  }

  const windows: TimelineWindow[] = starts.map((start) => {
    const r = byStart.get(start);
    const perf = performance.get(start);
    const drift: TimelineWindow['drift'] = {};
    columns.forEach((c, i) => {
      if (!r) {
        drift[c.name] = { psi: null, jsDistance: null, mean: null, severity: null, noise: null, smallSample: false };
        return;
      }
      const ref = profile.counts.get(c.name)!;
      const cur = r.histograms[i]!;
      const keys = c.type === 'numeric'
        ? Array.from({ length: profile.edges.get(c.name)!.length + 1 }, (_, k) => String(k))
        : [...new Set([...ref.keys(), ...cur.keys()])];
      const [a, b] = aligned(ref, cur, keys);
      const any = b.some((x) => x > 0) && a.some((x) => x > 0);
      const p = any ? psi(a, b) : null;
      const occupied = keys.filter((_, k) => a[k]! > 0 || b[k]! > 0).length;
      const noise = any ? psiNoise(occupied, a.reduce((s, x) => s + x, 0), b.reduce((s, x) => s + x, 0)) : null;
      drift[c.name] = {
        psi: p, jsDistance: any ? jensenShannonDistance(a, b) : null, mean: c.type === 'numeric' ? r.means[i]! : null, severity: severityOf(p),
        noise, smallSample: noise !== null && noise >= PSI_MODERATE,
      };
    });
    const fair: Record<string, WindowFairness | null> = {};
    for (const [a, f] of fairness) fair[a] = keyFairness(a, f.counts.get(start) ?? [], f.reference, subject.pkg.manifest.favorable_outcome);
    return {
      start, end: windowEnd(start, g), rows: r ? r.rows : 0, selectionRate: perf?.selectionRate ?? null,
      performance: {
        observed: perf?.observed ?? 0, missingOutcome: perf?.missingOutcome ?? 0,
        accuracy: perf?.accuracy ?? null, auc: perf?.auc ?? null, brier: perf?.brier ?? null, ece: perf?.ece ?? null,
      },
      drift, fairness: fair,
    };
  });
  const missing = windows.reduce((s, x) => s + x.performance.missingOutcome, 0);
  if (missing > 0) {
    const late = windows.filter((x) => x.rows > 0 && x.performance.missingOutcome / x.rows > 0.1).map((x) => x.start.slice(0, 10));
    warnings.push(`${missing} decisions have no observed outcome yet; performance uses only the observed ones${late.length ? ` (more than 10% missing in the windows starting ${late.join(', ')})` : ''}.`);
  }
  const noisy = windows.filter((x) => Object.values(x.drift).some((d) => d.smallSample));
  if (noisy.length) {
    warnings.push(`In ${noisy.length} of the ${windows.length} windows (${noisy.map((x) => x.start.slice(0, 10)).slice(0, 12).join(', ')}${noisy.length > 12 ? ', …' : ''}) some columns have too few values for PSI to tell drift from sampling noise: the PSI expected without any drift, (bins − 1)(1/n_reference + 1/n_window), reaches ${PSI_MODERATE}. Their drift entries say smallSample; compare longer windows (a coarser granularity, or monitor.drift).`);
  }
  const empty = windows.filter((x) => x.rows === 0).length;
  if (empty) warnings.push(`${empty} of the ${windows.length} windows hold no decisions; their metrics are null.`);

  const result: Omit<TimelineResult, 'runId'> = {
    log: log.name, package: subject.pkg.ref, granularity: g, granularityReason: chosen.reason,
    reference: { kind: cmp.reference.kind, from: cmp.reference.from, to: cmp.reference.to, rows: profile.rows },
    span: { from: range.first!, to: windowEnd(starts[starts.length - 1]!, g), rows: Number(range.n) },
    columns: columns.map((c) => c.name), attributes, eceBins: ECE_BINS, windows, warnings,
  };
  const { runId } = await recordRun(db, {
    method: 'monitor.timeline',
    parameters: { log: log.name, package: subject.pkg.ref, reference: result.reference, current: { from: cmp.current.from, to: cmp.current.to }, granularity: g, attributes, columns: args.columns ?? null },
    seed: null, inputHashes: run.inputHashes, result, user: run.user, role: run.role,
  });
  return { ...result, runId };
}
