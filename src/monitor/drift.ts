import { AssayError } from '../api/errors.ts';
import { recordRun, type CaseDb, type Row } from '../case/index.ts';
import { bucketedNumeric } from './bucketed-ecdf.ts';
import { chiSquareHomogeneity } from './chi-square.ts';
import { coveredColumns, logSpan, type Coverage } from './columns.ts';
import type { DriftArgs, DriftResult, DriftWindow, FeatureDrift, Severity } from './contract.ts';
import { countSides, type ColumnCounts, type Level } from './column-counts.ts';
import { DECILES, MAX_EXTRA_LEVELS } from './drift-sql.ts';
import { jensenShannonDistance } from './jensen-shannon.ts';
import { ksPValue } from './ks.ts';
import { proportions, psi } from './psi.ts';
import { prepareReferenceData } from './reference-data.ts';
import { select } from './sides-sql.ts';
import { binCountsSql, CARDINALITY_SAMPLE, numericSummarySql, sortedNumericSql } from './value-counts-sql.ts';
import { binCounts, ecdfDistances, interpolateQuantiles, quantileRanks, quantilesFromCounts, summaryOf, uniqueEdges, type SideSummary, type ValueCounts } from './value-counts.ts';
import type { Covered, MonitorRun, MonitorSubject, Side } from './types.ts';
import { requireRows, resolveSides, type LogSpan } from './windows.ts';

/** PSI rule of thumb (Siddiqi, Credit Risk Scorecards, 2006): below 0.1 stable, 0.1–0.25 a moderate shift, above 0.25 a major one. */
export const PSI_MODERATE = 0.1;
export const PSI_MAJOR = 0.25;
/** Levels listed per categorical column in a result (the statistics use all of them). */
const LISTED_LEVELS = 100;
const SMALL_SAMPLE = 30;

export function severityOf(value: number | null): Severity | null {
  if (value === null || !Number.isFinite(value)) return null;
  return value >= PSI_MAJOR ? 'major' : value >= PSI_MODERATE ? 'moderate' : 'none';
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The two sides resolved, the reference data prepared when it is the reference, and the columns covered. */
export interface Comparison {
  span: LogSpan;
  reference: Side;
  current: Side;
  coverage: Coverage;
}

export async function prepareComparison(db: CaseDb, subject: MonitorSubject, args: Pick<DriftArgs, 'reference' | 'current' | 'columns'>, allowOverlap = false): Promise<Comparison> {
  const span = await logSpan(db, subject);
  if (span.rows === 0) throw new AssayError('LOG_INVALID', `The log "${subject.log.name}" holds no decisions, so there is nothing to compare.`, { log: subject.log.name });
  const { reference, current } = resolveSides(args.reference, args.current, span, subject.log.name, allowOverlap);
  const referenceColumns = reference.kind === 'referenceData' ? await prepareReferenceData(db, subject) : null;
  return { span, reference, current, coverage: coveredColumns(subject, referenceColumns, args.columns) };
}

export interface DriftCore {
  reference: DriftWindow;
  current: DriftWindow;
  features: Record<string, FeatureDrift>;
  skipped: Coverage['skipped'];
  warnings: string[];
}

function window(side: Side, rows: number): DriftWindow {
  return { kind: side.kind, from: side.from, to: side.to, rows };
}

function baseDrift(c: Covered, counts: ColumnCounts, r0: SideSummary | null, r1: SideSummary | null, rows0: number, rows1: number): FeatureDrift {
  const pair = (k: 'mean' | 'std' | 'min' | 'max') => ({ reference: r0?.[k] ?? null, current: r1?.[k] ?? null });
  const count = { reference: counts.n0, current: counts.n1 };
  return {
    type: c.type, role: c.role, psi: 0, ks: null, ksPValue: null, chi2: null, chi2PValue: null, chi2DegreesOfFreedom: null, jsDistance: 0, wasserstein: null,
    mean: pair('mean'), std: pair('std'), min: pair('min'), max: pair('max'),
    count,
    missing: { reference: rows0 - count.reference, current: rows1 - count.current },
    bins: null, levels: null, newLevels: null, vanishedLevels: null, severity: 'none', flags: [],
  };
}

const summaryFromRow = (row: Row, s: 0 | 1, i: number, n: number): SideSummary => ({ count: n, mean: num(row[`mean${s}_${i}`]), std: num(row[`std${s}_${i}`]), min: num(row[`min${s}_${i}`]), max: num(row[`max${s}_${i}`]) });

/** A numeric column's distances and its decile bins on both sides; KS and Wasserstein are null only when a side is empty. */
interface NumericComparison {
  ks: number | null;
  wasserstein: number | null;
  edges: number[];
  ref: number[];
  cur: number[];
}

/** A near-continuous numeric column by one sort of every value of both sides (KS, Wasserstein, the reference's order statistics), then one binning pass. */
async function sortedNumeric(db: CaseDb, cmp: Comparison, subject: MonitorSubject, c: Covered, n0: number, n1: number): Promise<NumericComparison> {
  const ranks = n0 > 0 ? quantileRanks(n0, DECILES) : [];
  const q = sortedNumericSql(cmp.reference, cmp.current, subject.log, c, n0, n1, ranks);
  const row = (await select(db, q.sql, q.params))[0]!;
  const at = new Map(((row.stats as number[][] | null) ?? []).map(([rank, v]) => [Number(rank), Number(v)]));
  const edges = n0 > 0 ? uniqueEdges(interpolateQuantiles(n0, DECILES, (rank) => at.get(rank)!)) : [];
  const b = binCountsSql(cmp.reference, cmp.current, subject.log, c, edges);
  const ref = new Array<number>(edges.length + 1).fill(0);
  const cur = new Array<number>(edges.length + 1).fill(0);
  for (const r of await select(db, b.sql, b.params)) {
    ref[Number(r.bin)] = Number(r.k0);
    cur[Number(r.bin)] = Number(r.k1);
  }
  return { ks: num(row.ks), wasserstein: num(row.w1), edges, ref, cur };
}

/** A near-continuous column: from buckets and the few sorted ones, or (NaN, or an edge in too full a bucket) one sort of everything. */
async function continuousNumeric(db: CaseDb, cmp: Comparison, subject: MonitorSubject, c: Covered, counts: ColumnCounts, d: FeatureDrift): Promise<NumericComparison> {
  const lo = Math.min(d.min.reference ?? Infinity, d.min.current ?? Infinity);
  const hi = Math.max(d.max.reference ?? -Infinity, d.max.current ?? -Infinity);
  return (await bucketedNumeric(db, cmp.reference, cmp.current, subject.log, c, counts.n0, counts.n1, lo, hi))
    ?? sortedNumeric(db, cmp, subject, c, counts.n0, counts.n1);
}

function numericFromCounts(v: ValueCounts, d: FeatureDrift) {
  const edges = uniqueEdges(quantilesFromCounts(v.values, v.reference, DECILES));
  const { ks, wasserstein } = ecdfDistances(v, d.count.reference, d.count.current);
  return { ks, wasserstein, edges, ref: binCounts(v.values, v.reference, edges), cur: binCounts(v.values, v.current, edges) };
}

async function numericDrift(db: CaseDb, cmp: Comparison, subject: MonitorSubject, c: Covered, counts: ColumnCounts, d: FeatureDrift, warnings: string[]): Promise<void> {
  const { ks, wasserstein, edges, ref, cur } = counts.values ? numericFromCounts(counts.values, d) : await continuousNumeric(db, cmp, subject, c, counts, d);
  d.ks = ks;
  d.wasserstein = wasserstein;
  d.psi = psi(ref, cur);
  d.jsDistance = jensenShannonDistance(ref, cur);
  d.ksPValue = d.ks === null ? null : ksPValue(d.ks, d.count.reference, d.count.current);
  d.bins = { edges, reference: proportions(ref), current: proportions(cur) };
  if (d.min.reference !== null && d.min.reference === d.max.reference) {
    d.flags.push('constant_in_reference');
    warnings.push(`"${c.name}" is constant in the reference (every value ${d.min.reference}): its PSI bins are ≤ ${d.min.reference} and > ${d.min.reference}, and KS compares the current values with a single point.`);
  }
}

function categoricalDrift(c: Covered, rows: readonly Level[], d: FeatureDrift, warnings: string[]): void {
  const ref = rows.map((r) => r.k0);
  const cur = rows.map((r) => r.k1);
  d.psi = psi(ref, cur);
  d.jsDistance = jensenShannonDistance(ref, cur);
  const test = chiSquareHomogeneity(ref, cur);
  d.chi2 = test?.statistic ?? null;
  d.chi2PValue = test?.pValue ?? null;
  d.chi2DegreesOfFreedom = test?.degreesOfFreedom ?? null;
  const pr = proportions(ref);
  const pc = proportions(cur);
  d.levels = rows.slice(0, LISTED_LEVELS).map((r, k) => ({ level: r.level, reference: pr[k]!, current: pc[k]! }));
  if (rows.length > LISTED_LEVELS) d.flags.push('levels_truncated');
  d.newLevels = rows.filter((r) => r.k0 === 0).map((r) => r.level);
  d.vanishedLevels = rows.filter((r) => r.k1 === 0).map((r) => r.level);
  if (ref.filter((k) => k > 0).length === 1) {
    d.flags.push('constant_in_reference');
    warnings.push(`"${c.name}" has a single level in the reference (${rows[ref.findIndex((k) => k > 0)]!.level}): every other level in the current window is new, and its PSI and chi-square measure how often they occur.`);
  }
}

/** The drift of every covered column between the two sides (no run recorded). */
export async function computeDrift(db: CaseDb, subject: MonitorSubject, cmp: Comparison, run?: MonitorRun): Promise<DriftCore> {
  const { reference, current, coverage } = cmp;
  const counted = await countSides(db, reference, current, subject.log, coverage.columns, cmp.span.rows);
  const { rows0, rows1 } = counted;
  requireRows(reference, 'reference', rows0, cmp.span, subject.log.name);
  requireRows(current, 'current', rows1, cmp.span, subject.log.name);
  const features: Record<string, FeatureDrift> = {};
  const skipped = [...coverage.skipped];
  const warnings: string[] = [];
  const continuous = coverage.columns.map((c, i) => [c, i] as [Covered, number]).filter(([, i]) => counted.columns[i]!.continuous);
  const sq = continuous.length ? numericSummarySql(reference, current, subject.log, continuous) : null;
  const summaries = sq ? (await select(db, sq.sql, sq.params))[0]! : {};
  let done = 0;
  for (const [i, c] of coverage.columns.entries()) {
    if (run?.signal?.aborted) throw new AssayError('CANCELLED', 'The drift analysis was cancelled; nothing was recorded.');
    run?.onProgress?.({ stage: 'drift', done: done++, total: coverage.columns.length });
    const counts = counted.columns[i]!;
    const v = counts.values;
    const r0 = v ? summaryOf(v.values, v.reference) : counts.continuous ? summaryFromRow(summaries, 0, i, counts.n0) : null;
    const r1 = v ? summaryOf(v.values, v.current) : counts.continuous ? summaryFromRow(summaries, 1, i, counts.n1) : null;
    const d = baseDrift(c, counts, r0, r1, rows0, rows1);
    if (d.count.reference === 0 || d.count.current === 0) {
      skipped.push({ column: c.name, reason: `no value in the ${d.count.reference === 0 ? 'reference' : 'current window'}` });
      continue;
    }
    if (c.type === 'categorical' && c.role === 'extra' && (counts.distinct ?? 0) > MAX_EXTRA_LEVELS) {
      const how = counts.levels ? `${counts.distinct} distinct values` : `about ${counts.distinct} distinct values in the log's first ${CARDINALITY_SAMPLE.toLocaleString('en-US')} rows`;
      skipped.push({ column: c.name, reason: `${how} (more than ${MAX_EXTRA_LEVELS}): an identifier rather than a distribution` });
      continue;
    }
    if (c.type === 'numeric') await numericDrift(db, cmp, subject, c, counts, d, warnings);
    else categoricalDrift(c, counts.levels ?? [], d, warnings);
    if (d.count.reference < SMALL_SAMPLE || d.count.current < SMALL_SAMPLE) d.flags.push('small_sample');
    d.severity = severityOf(d.psi) ?? 'none';
    features[c.name] = d;
  }
  const small = Object.entries(features).filter(([, d]) => d.flags.includes('small_sample')).map(([n]) => n);
  if (small.length) warnings.push(`Fewer than ${SMALL_SAMPLE} values on a side for ${small.join(', ')}: their statistics are uncertain and the asymptotic p-values are rough.`);
  return { reference: window(reference, rows0), current: window(current, rows1), features, skipped, warnings };
}

export function rankByPsi(features: Record<string, FeatureDrift>): string[] {
  return Object.keys(features).sort((a, b) => features[b]!.psi - features[a]!.psi || (a < b ? -1 : 1));
}

/** `monitor.drift`: the drift of every feature, extra column, the score and the decision; recorded as a run. */
export async function runDrift(db: CaseDb, subject: MonitorSubject, args: DriftArgs, run: MonitorRun): Promise<DriftResult> {
  const cmp = await prepareComparison(db, subject, args);
  const core = await computeDrift(db, subject, cmp, run);
  const ranking = rankByPsi(core.features);
  const result: Omit<DriftResult, 'runId'> = {
    log: subject.log.name, package: subject.pkg.ref, reference: core.reference, current: core.current, features: core.features, ranking,
    alerts: ranking.filter((n) => core.features[n]!.severity === 'major'),
    thresholds: { moderate: PSI_MODERATE, major: PSI_MAJOR },
    skipped: core.skipped, warnings: core.warnings,
  };
  const { runId } = await recordRun(db, {
    method: 'monitor.drift',
    parameters: { log: subject.log.name, package: subject.pkg.ref, reference: core.reference, current: core.current, columns: args.columns ?? null, deciles: DECILES },
    seed: null, inputHashes: run.inputHashes, result, user: run.user, role: run.role,
  });
  return { ...result, runId };
}
