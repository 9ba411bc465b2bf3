import { AssayError } from '../api/errors.ts';
import { recordRun, type CaseDb, type Row } from '../case/index.ts';
import { chiSquareHomogeneity } from './chi-square.ts';
import { coveredColumns, logSpan, type Coverage } from './columns.ts';
import type { DriftArgs, DriftResult, DriftWindow, FeatureDrift, Severity } from './contract.ts';
import { DECILES, decilesSql, levelCountsSql, MAX_EXTRA_LEVELS, numericDriftSql, summarySql } from './drift-sql.ts';
import { jensenShannonDistance } from './jensen-shannon.ts';
import { ksPValue } from './ks.ts';
import { proportions, psi } from './psi.ts';
import { prepareReferenceData } from './reference-data.ts';
import { select } from './sides-sql.ts';
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

function baseDrift(c: Covered, s: Row, i: number): FeatureDrift {
  const pair = (prefix: string) => ({ reference: num(s[`${prefix}0_${i}`]), current: num(s[`${prefix}1_${i}`]) });
  const count = { reference: Number(s[`n0_${i}`]), current: Number(s[`n1_${i}`]) };
  const numeric = c.type === 'numeric';
  return {
    type: c.type, role: c.role, psi: 0, ks: null, ksPValue: null, chi2: null, chi2PValue: null, chi2DegreesOfFreedom: null, jsDistance: 0, wasserstein: null,
    mean: numeric ? pair('mean') : { reference: null, current: null },
    std: numeric ? pair('std') : { reference: null, current: null },
    min: numeric ? pair('min') : { reference: null, current: null },
    max: numeric ? pair('max') : { reference: null, current: null },
    count,
    missing: { reference: Number(s.rows0) - count.reference, current: Number(s.rows1) - count.current },
    bins: null, levels: null, newLevels: null, vanishedLevels: null, severity: 'none', flags: [],
  };
}

async function numericDrift(db: CaseDb, cmp: Comparison, subject: MonitorSubject, c: Covered, d: FeatureDrift, s: Row, i: number, warnings: string[]): Promise<void> {
  const edges = [...new Set(((s[`q_${i}`] as number[] | null) ?? []).map(Number))].sort((a, b) => a - b);
  const q = numericDriftSql(cmp.reference, cmp.current, subject.log, c, edges, d.count.reference, d.count.current);
  const row = (await select(db, q.sql, q.params))[0]!;
  const counts = Array.from({ length: edges.length + 1 }, () => [0, 0]);
  for (const [bin, k0, k1] of (row.bins as number[][] | null) ?? []) counts[Number(bin)] = [Number(k0), Number(k1)];
  const ref = counts.map((x) => x[0]!);
  const cur = counts.map((x) => x[1]!);
  d.psi = psi(ref, cur);
  d.jsDistance = jensenShannonDistance(ref, cur);
  d.ks = num(row.ks);
  d.ksPValue = d.ks === null ? null : ksPValue(d.ks, d.count.reference, d.count.current);
  d.wasserstein = num(row.w1);
  d.bins = { edges, reference: proportions(ref), current: proportions(cur) };
  if (d.min.reference !== null && d.min.reference === d.max.reference) {
    d.flags.push('constant_in_reference');
    warnings.push(`"${c.name}" is constant in the reference (every value ${d.min.reference}): its PSI bins are ≤ ${d.min.reference} and > ${d.min.reference}, and KS compares the current values with a single point.`);
  }
}

async function categoricalDrift(db: CaseDb, cmp: Comparison, subject: MonitorSubject, c: Covered, d: FeatureDrift, warnings: string[]): Promise<void> {
  const q = levelCountsSql(cmp.reference, cmp.current, subject.log, c);
  const rows = await select<{ level: string; k0: number; k1: number }>(db, q.sql, q.params);
  const ref = rows.map((r) => Number(r.k0));
  const cur = rows.map((r) => Number(r.k1));
  d.psi = psi(ref, cur);
  d.jsDistance = jensenShannonDistance(ref, cur);
  const test = chiSquareHomogeneity(ref, cur);
  d.chi2 = test?.statistic ?? null;
  d.chi2PValue = test?.pValue ?? null;
  d.chi2DegreesOfFreedom = test?.degreesOfFreedom ?? null;
  const pr = proportions(ref);
  const pc = proportions(cur);
  d.levels = rows.slice(0, LISTED_LEVELS).map((r, k) => ({ level: String(r.level), reference: pr[k]!, current: pc[k]! }));
  if (rows.length > LISTED_LEVELS) d.flags.push('levels_truncated');
  d.newLevels = rows.filter((r) => Number(r.k0) === 0).map((r) => String(r.level));
  d.vanishedLevels = rows.filter((r) => Number(r.k1) === 0).map((r) => String(r.level));
  if (ref.filter((k) => k > 0).length === 1) {
    d.flags.push('constant_in_reference');
    warnings.push(`"${c.name}" has a single level in the reference (${rows[ref.findIndex((k) => k > 0)]!.level}): every other level in the current window is new, and its PSI and chi-square measure how often they occur.`);
  }
}

/** The drift of every covered column between the two sides (no run recorded). */
export async function computeDrift(db: CaseDb, subject: MonitorSubject, cmp: Comparison, run?: MonitorRun): Promise<DriftCore> {
  const { reference, current, coverage } = cmp;
  const q = summarySql(reference, current, subject.log, coverage.columns);
  const s = (await select(db, q.sql, q.params))[0]!;
  requireRows(reference, 'reference', Number(s.rows0), cmp.span, subject.log.name);
  requireRows(current, 'current', Number(s.rows1), cmp.span, subject.log.name);
  const dq = decilesSql(reference, subject.log, coverage.columns);
  if (dq) Object.assign(s, (await select(db, dq.sql, dq.params))[0]);
  const features: Record<string, FeatureDrift> = {};
  const skipped = [...coverage.skipped];
  const warnings: string[] = [];
  let done = 0;
  for (const [i, c] of coverage.columns.entries()) {
    if (run?.signal?.aborted) throw new AssayError('CANCELLED', 'The drift analysis was cancelled; nothing was recorded.');
    run?.onProgress?.({ stage: 'drift', done: done++, total: coverage.columns.length });
    const d = baseDrift(c, s, i);
    if (d.count.reference === 0 || d.count.current === 0) {
      skipped.push({ column: c.name, reason: `no value in the ${d.count.reference === 0 ? 'reference' : 'current window'}` });
      continue;
    }
    if (c.type === 'categorical' && c.role === 'extra' && Number(s[`d_${i}`]) > MAX_EXTRA_LEVELS) {
      skipped.push({ column: c.name, reason: `about ${s[`d_${i}`]} distinct values (more than ${MAX_EXTRA_LEVELS}): an identifier rather than a distribution` });
      continue;
    }
    if (c.type === 'numeric') await numericDrift(db, cmp, subject, c, d, s, i, warnings);
    else await categoricalDrift(db, cmp, subject, c, d, warnings);
    if (d.count.reference < SMALL_SAMPLE || d.count.current < SMALL_SAMPLE) d.flags.push('small_sample');
    d.severity = severityOf(d.psi) ?? 'none';
    features[c.name] = d;
  }
  const small = Object.entries(features).filter(([, d]) => d.flags.includes('small_sample')).map(([n]) => n);
  if (small.length) warnings.push(`Fewer than ${SMALL_SAMPLE} values on a side for ${small.join(', ')}: their statistics are uncertain and the asymptotic p-values are rough.`);
  return { reference: window(reference, Number(s.rows0)), current: window(current, Number(s.rows1)), features, skipped, warnings };
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
