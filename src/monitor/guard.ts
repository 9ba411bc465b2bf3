import { AssayError } from '../api/errors.ts';
import { quoteIdent, recordRun, type CaseDb } from '../case/index.ts';
import type { DriftWindow, FeatureDrift, GuardResult, PerformanceMetrics, RuleOutcome, TimeWindow, WindowFairness } from './contract.ts';
import { computeDrift, prepareComparison, type Comparison } from './drift.ts';
import { logOutcomes } from './log-expressions.ts';
import { performanceByGroup } from './performance.ts';
import { compare, type Check } from './rule-expression.ts';
import type { Rule } from './rule-file.ts';
import { select, sideFrom, valueExpr, type Params } from './sides-sql.ts';
import type { Covered, MonitorRun, MonitorSubject } from './types.ts';
import { requireRows } from './windows.ts';
import { groupCountsByKey, keyFairness } from './window-fairness.ts';

/** Routed decision ids listed in a result (the guard table holds all of them). */
const LISTED_ROUTED = 1000;

export interface GuardInput {
  reference?: TimeWindow;
  current?: TimeWindow;
  rulesFile: string;
  rulesSha256: string;
  rules: Rule[];
}

function ruleError(input: GuardInput, rule: Rule, what: string): AssayError {
  return new AssayError('RULES_INVALID', `The rules file ${input.rulesFile}, line ${rule.line}, rule "${rule.name}": ${what}. Fix it and run again; nothing was evaluated.`, { file: input.rulesFile, line: rule.line, rule: rule.name });
}

const fmt = (x: number | null): string => (x === null ? 'undefined' : Number.isInteger(x) ? String(x) : x.toPrecision(4));

/** Checks every name a rule uses against the log before anything is computed. */
function validateNames(input: GuardInput, subject: MonitorSubject, cmp: Comparison): void {
  const covered = new Map(cmp.coverage.columns.map((c) => [c.name, c]));
  const logColumns = new Map(subject.log.columns.map((c) => [c.name, c]));
  for (const rule of input.rules) {
    const c = rule.check;
    if (c.kind === 'drift' && c.column !== '*' && !covered.has(c.column)) {
      const skipped = cmp.coverage.skipped.find((s) => s.column === c.column);
      throw ruleError(input, rule, skipped ? `"${c.column}" cannot be compared (${skipped.reason})` : `the log "${subject.log.name}" has no column "${c.column}" to compare; it has ${[...covered.keys()].join(', ')}`);
    }
    if (c.kind === 'fairness' && !logColumns.has(c.attribute)) throw ruleError(input, rule, `the log "${subject.log.name}" has no column "${c.attribute}"`);
    if (c.kind === 'rows') {
      const col = logColumns.get(c.column);
      if (!col) throw ruleError(input, rule, `the log "${subject.log.name}" has no column "${c.column}"`);
      if (!/^(DOUBLE|FLOAT|REAL|DECIMAL.*|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U.*INT)$/i.test(col.type)) throw ruleError(input, rule, `"${c.column}" holds ${col.type}, not numbers, so it cannot be compared with a number`);
    }
    if (c.kind === 'outside' && c.column !== '*' && covered.get(c.column)?.role !== 'feature') {
      throw ruleError(input, rule, `"${c.column}" is not a model input compared with the reference; outsideReferenceRange takes a feature or *`);
    }
  }
}

function driftOutcome(rule: Rule, c: Extract<Check, { kind: 'drift' }>, features: Record<string, FeatureDrift>): RuleOutcome['observed'] {
  const names = c.column === '*' ? Object.keys(features) : [c.column];
  return names.filter((n) => features[n]).map((n) => {
    const value = features[n]![c.metric];
    return { subject: n, value, fired: value !== null && compare(value, c.op, c.bound) };
  });
}

function fairnessOutcome(c: Extract<Check, { kind: 'fairness' }>, f: WindowFairness | null): RuleOutcome['observed'] {
  if (!f) return [{ subject: c.attribute, value: null, fired: false }];
  if (c.metric === 'disparateImpact' || c.metric === 'statisticalParityDifference') {
    return Object.keys(f.groups).filter((g) => g !== f.reference).map((g) => {
      let value: number | null;
      if (c.metric === 'disparateImpact') value = f.disparateImpact[g] ?? null;
      else {
        const a = f.groups[g]!.selectionRate;
        const b = f.groups[f.reference]!.selectionRate;
        value = a === null || b === null ? null : a - b;
      }
      return { subject: `${c.attribute}=${g} vs ${f.reference}`, value, fired: value !== null && compare(value, c.op, c.bound) };
    });
  }
  const value = f[c.metric];
  return [{ subject: c.attribute, value, fired: value !== null && compare(value, c.op, c.bound) }];
}

/** The SQL condition of a row check, over the current window's rows. */
function rowCondition(c: Extract<Check, { kind: 'rows' | 'outside' }>, k: number, features: Covered[], ranges: Map<string, { min: number | null; max: number | null }>, params: Params): string {
  if (c.kind === 'rows') {
    const v = `CAST(${quoteIdent(c.column)} AS DOUBLE)`;
    const parts: string[] = [];
    if (c.lower) {
      params[`g${k}_lo`] = c.lower.bound;
      parts.push(`${v} ${c.lower.inclusive ? '>=' : '>'} $g${k}_lo`);
    }
    if (c.upper) {
      params[`g${k}_hi`] = c.upper.bound;
      parts.push(`${v} ${c.upper.inclusive ? '<=' : '<'} $g${k}_hi`);
    }
    return `(${parts.join(' AND ')})`;
  }
  const cols = c.column === '*' ? features : features.filter((f) => f.name === c.column);
  const parts = cols.map((f, j) => {
    if (f.type === 'numeric') {
      const r = ranges.get(f.name);
      if (!r || r.min === null || r.max === null) return 'false';
      params[`g${k}_${j}_min`] = r.min;
      params[`g${k}_${j}_max`] = r.max;
      return `(${valueExpr(f)} < $g${k}_${j}_min OR ${valueExpr(f)} > $g${k}_${j}_max)`;
    }
    params[`g${k}_${j}_col`] = f.name;
    return `(${valueExpr(f)} IS NOT NULL AND ${valueExpr(f)} NOT IN (SELECT level FROM temp.monitor_reference_levels WHERE "column" = $g${k}_${j}_col))`;
  });
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

/** Reference ranges of the numeric features and the reference levels of the categorical ones (temporary table). */
async function referenceRanges(db: CaseDb, subject: MonitorSubject, cmp: Comparison, features: Covered[]): Promise<Map<string, { min: number | null; max: number | null }>> {
  const params: Params = {};
  const from = sideFrom(cmp.reference, subject.log, 'r', params);
  const numeric = features.filter((f) => f.type === 'numeric');
  const out = new Map<string, { min: number | null; max: number | null }>();
  if (numeric.length) {
    const row = (await select(db, `SELECT ${numeric.map((f, i) => `min(${valueExpr(f)}) AS lo${i}, max(${valueExpr(f)}) AS hi${i}`).join(', ')} ${from}`, params))[0]!;
    numeric.forEach((f, i) => out.set(f.name, { min: row[`lo${i}`] === null ? null : Number(row[`lo${i}`]), max: row[`hi${i}`] === null ? null : Number(row[`hi${i}`]) }));
  }
  await db.exec('CREATE OR REPLACE TEMP TABLE monitor_reference_levels ("column" VARCHAR, level VARCHAR)');
  for (const [j, f] of features.filter((x) => x.type === 'categorical').entries()) {
    const p: Params = { ...params, level_col: f.name };
    const sql = `INSERT INTO temp.monitor_reference_levels SELECT DISTINCT $level_col, ${valueExpr(f)} ${from}`;
    await select(db, sql, p);
    void j;
  }
  return out;
}

async function nextGuardTable(db: CaseDb): Promise<string> {
  const rows = await db.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND regexp_matches(table_name, '^guard_[0-9]+$')");
  const used = rows.map((r) => Number(r.name.slice('guard_'.length)));
  return `guard_${used.length ? Math.max(...used) + 1 : 1}`;
}

async function countSide(db: CaseDb, subject: MonitorSubject, cmp: Comparison, which: 'reference' | 'current'): Promise<number> {
  const params: Params = {};
  const side = which === 'reference' ? cmp.reference : cmp.current;
  const row = (await select<{ n: number }>(db, `SELECT count(*) AS n ${sideFrom(side, subject.log, which === 'reference' ? 'r' : 'c', params)}`, params))[0]!;
  const n = Number(row.n);
  requireRows(side, which, n, cmp.span, subject.log.name);
  return n;
}

function message(rule: Rule, r: Pick<RuleOutcome, 'observed' | 'matched' | 'fired'>): string {
  if (r.matched !== null) return `${r.matched} decision${r.matched === 1 ? '' : 's'} match ${rule.checkText}${r.fired && rule.action === 'route' ? ': routed to a person' : ''}.`;
  const fired = r.observed.filter((o) => o.fired);
  if (fired.length) return `${rule.checkText} holds for ${fired.map((o) => `${o.subject} (${fmt(o.value)})`).join(', ')}.`;
  const undef = r.observed.filter((o) => o.value === null).map((o) => o.subject);
  return `${rule.checkText} holds for none (${r.observed.map((o) => `${o.subject}: ${fmt(o.value)}`).join(', ') || 'nothing to check'})${undef.length ? `; undefined for ${undef.join(', ')}` : ''}.`;
}

/**
 * `monitor.guard`: evaluates guardrail rules on the current window against the reference. Population rules compare
 * drift, fairness or performance with a bound; row rules select decisions, and those of `route` rules are written
 * to a table guard_<n> (decision_id, _row, rule). The run records which rules fired; `blocked` is true when a `block`
 * rule fired. The table and the run are written in one transaction.
 */
export async function runGuard(db: CaseDb, subject: MonitorSubject, input: GuardInput, run: MonitorRun): Promise<GuardResult> {
  const cmp = await prepareComparison(db, subject, { reference: input.reference, current: input.current });
  validateNames(input, subject, cmp);
  const rules = input.rules;
  const driftColumns = new Set<string>();
  for (const r of rules) if (r.check.kind === 'drift') for (const c of r.check.column === '*' ? cmp.coverage.columns.map((x) => x.name) : [r.check.column]) driftColumns.add(c);

  let referenceWindow: DriftWindow;
  let currentWindow: DriftWindow;
  let features: Record<string, FeatureDrift> = {};
  const warnings: string[] = [];
  if (driftColumns.size > 0) {
    const core = await computeDrift(db, subject, { ...cmp, coverage: { columns: cmp.coverage.columns.filter((c) => driftColumns.has(c.name)), skipped: [] } }, run);
    ({ features } = core);
    referenceWindow = core.reference;
    currentWindow = core.current;
    warnings.push(...core.warnings);
  } else {
    referenceWindow = { kind: cmp.reference.kind, from: cmp.reference.from, to: cmp.reference.to, rows: await countSide(db, subject, cmp, 'reference') };
    currentWindow = { kind: cmp.current.kind, from: cmp.current.from, to: cmp.current.to, rows: await countSide(db, subject, cmp, 'current') };
  }

  let performance: PerformanceMetrics & { selectionRate: number | null } | null = null;
  if (rules.some((r) => r.check.kind === 'performance')) {
    const params: Params = {};
    const p = (await performanceByGroup(db, logOutcomes(subject.log, cmp.current, "'all'", params), params)).get('all');
    performance = p ?? null;
  }
  const fairness = new Map<string, WindowFairness | null>();
  for (const r of rules) {
    if (r.check.kind !== 'fairness' || fairness.has(r.check.attribute)) continue;
    const params: Params = {};
    const counts = (await groupCountsByKey(db, logOutcomes(subject.log, cmp.current, "'all'", params), quoteIdent(r.check.attribute), params)).get('all') ?? [];
    const declared = subject.pkg.manifest.protected_attributes.find((p) => p.name === (r.check as { attribute: string }).attribute)?.reference;
    const largest = [...counts].sort((a, b) => Object.values(b.cells).reduce((s, v) => s + v, 0) - Object.values(a.cells).reduce((s, v) => s + v, 0))[0]?.group;
    const reference = declared ?? largest ?? '';
    if (declared === undefined && largest !== undefined) warnings.push(`The package names no reference group for ${r.check.attribute}, so the largest group, "${largest}", is the reference.`);
    fairness.set(r.check.attribute, keyFairness(r.check.attribute, counts, reference, subject.pkg.manifest.favorable_outcome));
  }

  const featureColumns = cmp.coverage.columns.filter((c) => c.role === 'feature');
  const needsRanges = rules.some((r) => r.check.kind === 'outside');
  const ranges = needsRanges ? await referenceRanges(db, subject, cmp, featureColumns) : new Map();
  const rowParams: Params = {};
  const from = sideFrom(cmp.current, subject.log, 'c', rowParams);
  const conditions = new Map<number, string>();
  rules.forEach((r, k) => {
    if (r.check.kind === 'rows' || r.check.kind === 'outside') conditions.set(k, rowCondition(r.check, k, featureColumns, ranges, rowParams));
  });
  const matched = new Map<number, number>();
  if (conditions.size > 0) {
    const row = (await select(db, `SELECT ${[...conditions].map(([k, cond]) => `count(*) FILTER (WHERE ${cond}) AS m${k}`).join(', ')} ${from}`, rowParams))[0]!;
    for (const k of conditions.keys()) matched.set(k, Number(row[`m${k}`]));
  }

  const outcomes: RuleOutcome[] = rules.map((rule, k) => {
    const c = rule.check;
    let observed: RuleOutcome['observed'] = [];
    let m: number | null = null;
    if (c.kind === 'drift') observed = driftOutcome(rule, c, features);
    else if (c.kind === 'fairness') observed = fairnessOutcome(c, fairness.get(c.attribute) ?? null);
    else if (c.kind === 'performance') {
      const value = performance ? (performance[c.metric] ?? null) : null;
      observed = [{ subject: c.metric, value, fired: value !== null && compare(value, c.op, c.bound) }];
    } else m = matched.get(k) ?? 0;
    const fired = m !== null ? m > 0 : observed.some((o) => o.fired);
    const partial = { observed, matched: m, fired };
    return { name: rule.name, line: rule.line, check: rule.checkText, action: rule.action, scope: m !== null ? 'row' : 'population', ...partial, message: message(rule, partial) };
  });

  const routeRules = rules.map((r, k) => [r, k] as const).filter(([r, k]) => r.action === 'route' && (matched.get(k) ?? 0) > 0);
  return db.transaction(async () => {
    let table: string | null = null;
    let routedRows = 0;
    let decisionIds: string[] = [];
    if (routeRules.length > 0) {
      table = await nextGuardTable(db);
      await db.exec(`CREATE TABLE ${quoteIdent(table)} (decision_id VARCHAR, _row BIGINT, rule VARCHAR)`);
      for (const [rule, k] of routeRules) {
        const p: Params = { ...rowParams, rule_name: rule.name };
        await select(db, `INSERT INTO ${quoteIdent(table)} SELECT decision_id, _row, $rule_name ${from}${from.includes(' WHERE ') ? ' AND' : ' WHERE'} ${conditions.get(k)}`, p);
      }
      routedRows = Number((await db.queryOne<{ n: number }>(`SELECT count(DISTINCT _row) AS n FROM ${quoteIdent(table)}`))?.n ?? 0);
      decisionIds = (await db.query<{ decision_id: string }>(`SELECT decision_id FROM ${quoteIdent(table)} GROUP BY decision_id, _row ORDER BY _row LIMIT ${LISTED_ROUTED}`)).map((r) => r.decision_id);
    }
    const fired = outcomes.filter((o) => o.fired).map((o) => o.name);
    const result: Omit<GuardResult, 'runId'> = {
      log: subject.log.name, package: subject.pkg.ref, rulesFile: input.rulesFile, rulesSha256: input.rulesSha256,
      reference: referenceWindow, current: currentWindow, rules: outcomes, fired,
      blocked: outcomes.some((o) => o.fired && o.action === 'block'),
      routed: { rows: routedRows, table, decisionIds, truncated: routedRows > decisionIds.length },
      warnings,
    };
    const { runId } = await recordRun(db, {
      method: 'monitor.guard',
      parameters: { log: subject.log.name, package: subject.pkg.ref, rulesFile: input.rulesFile, rulesSha256: input.rulesSha256, reference: referenceWindow, current: currentWindow, table },
      seed: null, inputHashes: run.inputHashes, result, user: run.user, role: run.role,
    });
    return { ...result, runId };
  });
}
