import type {
  ChallengerResult, DomainClassifierResult, DriftResult, DriftWindow, GuardResult, PerformanceMetrics, TimelineResult, TimeWindow, WindowFairness,
} from '../../api/contract-monitor.ts';
import { AssayError } from '../../api/errors.ts';
import type { Command, Invocation } from './command.ts';
import { fmt, lines, table } from './format.ts';
import { call, optionalText, text, whole } from './option-values.ts';


function names(v: unknown): string[] | undefined {
  if (typeof v !== 'string') return undefined;
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  return list.length ? list : undefined;
}

/** FROM..TO (half-open; either end may be left out). The dates themselves are checked by the service. */
export function parseWindow(v: unknown, option: string): TimeWindow | undefined {
  if (v === undefined) return undefined;
  const s = String(v);
  const at = s.indexOf('..');
  if (at < 0 || s.indexOf('..', at + 2) >= 0) {
    throw new AssayError('BAD_ARGUMENT', `--${option} takes FROM..TO, e.g. 2025-01-01..2025-07-01 (half-open: TO is excluded); "${s}" is not written so.`, { option, value: s });
  }
  const from = s.slice(0, at).trim();
  const to = s.slice(at + 2).trim();
  if (!from && !to) throw new AssayError('BAD_ARGUMENT', `--${option} needs at least one end of FROM..TO.`, { option });
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

const WINDOW_OPTIONS = { log: { type: 'string' }, package: { type: 'string' }, reference: { type: 'string' }, current: { type: 'string' } } as const;
const WINDOW_HELP = {
  log: 'the log name (required)',
  package: "use this package's reference data and model (id@version) instead of the log's",
  reference: "reference window FROM..TO of the log (half-open); default: the package's reference data",
  current: 'current window FROM..TO; default: the whole log, or what follows a --reference window',
};

function windowArgs(v: Invocation['values'], command: string): Record<string, unknown> {
  return { log: text(v.log, 'log NAME', command), package: optionalText(v.package), reference: parseWindow(v.reference, 'reference'), current: parseWindow(v.current, 'current') };
}

function windowText(w: DriftWindow): string {
  if (w.kind === 'referenceData') return `the package's reference data (${w.rows} rows)`;
  return `[${w.from ?? 'start'}, ${w.to ?? 'end'}) (${w.rows} rows)`;
}

function warningLines(warnings: string[]): string[] {
  return warnings.length ? ['', ...warnings.map((w) => `warning: ${w}`)] : [];
}

const p = (x: number | null): string => (x === null ? '—' : x < 1e-4 ? x.toExponential(2) : x.toFixed(4));

export function driftText(r: DriftResult): string {
  return lines(
    `Drift of "${r.log}" (${r.package}): reference ${windowText(r.reference)}, current ${windowText(r.current)}.`,
    table(['column', 'type', 'PSI', 'severity', 'KS', 'KS p', 'chi²', 'chi² p', 'JS', 'Wasserstein', 'mean ref', 'mean cur'], r.ranking.map((n) => {
      const d = r.features[n]!;
      return [n, d.type, fmt(d.psi), d.severity, fmt(d.ks), p(d.ksPValue), fmt(d.chi2, 2), p(d.chi2PValue), fmt(d.jsDistance), fmt(d.wasserstein, 3), fmt(d.mean.reference, 3), fmt(d.mean.current, 3)];
    })),
    `PSI over reference deciles (numeric) or levels (categorical); severity: moderate ≥ ${r.thresholds.moderate}, major ≥ ${r.thresholds.major}.`,
    r.alerts.length ? `Major drift: ${r.alerts.join(', ')}.` : 'No column drifts majorly.',
    ...Object.entries(r.features).filter(([, d]) => (d.newLevels?.length ?? 0) > 0).map(([n, d]) => `New levels of ${n}: ${d.newLevels!.join(', ')}.`),
    r.skipped.length ? `Not compared: ${r.skipped.map((s) => `${s.column} (${s.reason})`).join('; ')}.` : null,
    ...warningLines(r.warnings),
    '',
    `Recorded as ${r.runId}.`,
  );
}

function fairShort(f: WindowFairness | null): string {
  if (!f) return '—';
  const di = Object.entries(f.disparateImpact).filter(([g]) => g !== 'allOthers').map(([, v]) => v).filter((v): v is number => v !== null);
  return di.length ? fmt(Math.min(...di), 3) : '—';
}

export function timelineText(r: TimelineResult): string {
  const top = r.columns.slice(0, 6);
  return lines(
    `Timeline of "${r.log}" (${r.package}) by ${r.granularity} — ${r.granularityReason}; drift against ${windowText(r.reference)}.`,
    table(['window', 'rows', 'selection', 'outcomes', 'accuracy', 'AUC', 'Brier', 'ECE', 'max PSI', ...r.attributes.map((a) => `min DI ${a}`)], r.windows.map((w) => {
      const psis = Object.values(w.drift).map((d) => d.psi).filter((x): x is number => x !== null);
      return [w.start.slice(0, 10), w.rows, fmt(w.selectionRate, 3), `${w.performance.observed}/${w.rows}`, fmt(w.performance.accuracy, 3), fmt(w.performance.auc, 3), fmt(w.performance.brier, 3), fmt(w.performance.ece, 3), psis.length ? fmt(Math.max(...psis), 3) : '—', ...r.attributes.map((a) => fairShort(w.fairness[a] ?? null))];
    })),
    '',
    `PSI per window of ${top.join(', ')}${r.columns.length > top.length ? ' (the others in --json)' : ''}:`,
    table(['window', ...top], r.windows.map((w) => [w.start.slice(0, 10), ...top.map((c) => fmt(w.drift[c]?.psi ?? null, 3))])),
    `ECE over ${r.eceBins} equal-width score bins; DI = AIF360 disparate impact of the least favoured group against the reference.`,
    ...warningLines(r.warnings),
    '',
    `Recorded as ${r.runId}.`,
  );
}

export function classifierText(r: DomainClassifierResult): string {
  return lines(
    `Domain classifier on "${r.log}": reference ${windowText(r.reference)}, current ${windowText(r.current)}${r.sampled ? `, sampled ${r.rows.reference} + ${r.rows.current} rows (seed ${r.seed})` : ''}.`,
    `Cross-validated AUC ${r.auc.toFixed(3)} over ${r.folds} folds (${r.foldAuc.map((a) => a.toFixed(3)).join(', ')}).`,
    r.interpretation,
    table(['column', 'AUC drop when permuted', 'Σ|coefficient|'], r.importance.map((i) => [i.column, fmt(i.aucDrop, 4), fmt(i.coefficient, 3)])),
    ...warningLines(r.warnings),
    '',
    `Recorded as ${r.runId}.`,
  );
}

function perfRow(label: string, m: PerformanceMetrics): (string | number)[] {
  return [label, m.observed, fmt(m.accuracy), fmt(m.auc), fmt(m.brier), fmt(m.ece)];
}

export function challengerText(r: ChallengerResult): string {
  return lines(
    `Champion ${r.champion} (logged decisions) vs challenger ${r.challenger} on ${r.rows} decisions of "${r.log}" (replay ${r.replay.table}, ${r.replay.runId}):`,
    `Agreement ${fmt(r.agreement)}; score correlation ${fmt(r.scoreCorrelation)}.`,
    table(['champion ↓ / challenger →', '0', '1'], [['0', r.flips['0']['0'], r.flips['0']['1']], ['1', r.flips['1']['0'], r.flips['1']['1']]]),
    '',
    table(['', 'with outcome', 'accuracy', 'AUC', 'Brier', 'ECE'], [perfRow('champion', r.performance.champion), perfRow('challenger', r.performance.challenger)]),
    ...r.fairness.flatMap((f) => ['', `Fairness by ${f.attribute} (reference ${f.champion?.reference ?? f.challenger?.reference ?? '—'}):`, table(['', 'DP difference', 'DP ratio', 'EO difference', 'EOdds difference', 'min DI'], [
      ['champion', fmt(f.champion?.demographicParityDifference), fmt(f.champion?.demographicParityRatio), fmt(f.champion?.equalOpportunityDifference), fmt(f.champion?.equalizedOddsDifference), fairShort(f.champion)],
      ['challenger', fmt(f.challenger?.demographicParityDifference), fmt(f.challenger?.demographicParityRatio), fmt(f.challenger?.equalOpportunityDifference), fmt(f.challenger?.equalizedOddsDifference), fairShort(f.challenger)],
    ])]),
    ...warningLines(r.warnings),
    '',
    `Recorded as ${r.runId}.`,
  );
}

export function guardText(r: GuardResult): string {
  return lines(
    `Guardrails ${r.rulesFile} on "${r.log}" (${r.package}): current ${windowText(r.current)} against ${windowText(r.reference)}.`,
    table(['rule', 'line', 'action', 'fired', 'what'], r.rules.map((x) => [x.name, x.line, x.action, x.fired ? 'FIRED' : 'no', x.message])),
    r.routed.table ? `${r.routed.rows} decisions routed to review, listed in the table ${r.routed.table}${r.routed.truncated ? ` (first ${r.routed.decisionIds.length} ids in --json)` : ''}.` : 'No decision routed to review.',
    r.blocked ? `BLOCKED: ${r.rules.filter((x) => x.fired && x.action === 'block').map((x) => x.name).join(', ')} fired.` : 'No blocking rule fired.',
    ...warningLines(r.warnings),
    '',
    `Recorded as ${r.runId}.`,
  );
}

export const monitorCommands: Command[] = [
  {
    name: 'drift',
    usage: 'assay drift CASE --log NAME [--reference FROM..TO] [--current FROM..TO] [--package REF] [--columns a,b]',
    summary: "Data drift of every feature, extra column, the score and the decision against the package's reference data or a reference window.",
    positionals: ['CASE'],
    options: { ...WINDOW_OPTIONS, columns: { type: 'string' } },
    optionHelp: { ...WINDOW_HELP, columns: 'comma-separated columns to compare (default: all)' },
    async run(inv) {
      const r = await call<DriftResult>(inv, 'monitor.drift', { ...windowArgs(inv.values, 'drift'), columns: names(inv.values.columns) });
      return { result: r, text: driftText(r) };
    },
  },
  {
    name: 'drift timeline',
    usage: 'assay drift timeline CASE --log NAME [--reference FROM..TO] [--current FROM..TO] [--granularity day|week|month] [--attributes a,b] [--columns a,b]',
    summary: 'Per day, week or month: drift against the reference, selection rate, performance against the outcomes, and fairness.',
    positionals: ['CASE'],
    options: { ...WINDOW_OPTIONS, granularity: { type: 'string' }, attributes: { type: 'string' }, columns: { type: 'string' } },
    optionHelp: {
      ...WINDOW_HELP, current: 'the span cut into windows, FROM..TO; default: the whole log',
      granularity: 'day, week or month (default: chosen from the span)', attributes: 'protected attributes to follow (default: the package\'s)',
      columns: 'comma-separated columns whose drift to follow (default: all)',
    },
    async run(inv) {
      const g = inv.values.granularity;
      if (g !== undefined && !['day', 'week', 'month'].includes(String(g))) throw new AssayError('BAD_ARGUMENT', `--granularity takes day, week or month, not "${String(g)}".`);
      const r = await call<TimelineResult>(inv, 'monitor.timeline', { ...windowArgs(inv.values, 'drift timeline'), granularity: optionalText(g), attributes: names(inv.values.attributes), columns: names(inv.values.columns) });
      return { result: r, text: timelineText(r) };
    },
  },
  {
    name: 'drift classifier',
    usage: 'assay drift classifier CASE --log NAME [--reference FROM..TO] [--current FROM..TO] [--folds K] [--sample N] [--seed S]',
    summary: 'Multivariate drift: a cross-validated classifier of reference vs current rows, its AUC and the columns it relies on.',
    positionals: ['CASE'],
    options: { ...WINDOW_OPTIONS, folds: { type: 'string' }, sample: { type: 'string' }, seed: { type: 'string' }, columns: { type: 'string' } },
    optionHelp: { ...WINDOW_HELP, folds: 'cross-validation folds (default 5)', sample: 'at most N rows per side, a seeded sample (default 5000)', seed: 'seed (default 0)', columns: 'comma-separated columns (default: all)' },
    async run(inv) {
      const v = inv.values;
      const r = await call<DomainClassifierResult>(inv, 'monitor.domainClassifier', {
        ...windowArgs(v, 'drift classifier'), folds: whole(v.folds, 'folds', 2), sample: whole(v.sample, 'sample', 10), seed: whole(v.seed, 'seed'), columns: names(v.columns),
      });
      return { result: r, text: classifierText(r) };
    },
  },
  {
    name: 'challenger',
    usage: 'assay challenger CASE --log NAME --challenger REF [--attributes a,b] [--current FROM..TO]',
    summary: 'Replay a log with a challenger package and compare it with the logged decisions: agreement, flips, performance, fairness.',
    positionals: ['CASE'],
    options: { log: { type: 'string' }, challenger: { type: 'string' }, attributes: { type: 'string' }, current: { type: 'string' } },
    optionHelp: { log: 'the log name (required)', challenger: 'the challenger package id@version (required)', attributes: 'protected attributes to compare (default: the champion package\'s)', current: 'only the decisions in FROM..TO' },
    async run(inv) {
      const v = inv.values;
      const r = await call<ChallengerResult>(inv, 'monitor.challenger', {
        log: text(v.log, 'log NAME', 'challenger'), challenger: text(v.challenger, 'challenger REF', 'challenger'), attributes: names(v.attributes), current: parseWindow(v.current, 'current'),
      });
      return { result: r, text: challengerText(r) };
    },
  },
  {
    name: 'guard',
    usage: 'assay guard CASE --log NAME --rules FILE [--reference FROM..TO] [--current FROM..TO] [--package REF]',
    summary: 'Evaluate guardrail rules (JSON or YAML); route matching decisions to review; exit 1 when a blocking rule fires.',
    positionals: ['CASE'],
    options: { ...WINDOW_OPTIONS, rules: { type: 'string' } },
    optionHelp: { ...WINDOW_HELP, rules: 'the rules file, YAML or JSON (required; format in docs/formats.md)' },
    async run(inv) {
      const r = await call<GuardResult>(inv, 'monitor.guard', { ...windowArgs(inv.values, 'guard'), rules: text(inv.values.rules, 'rules FILE', 'guard') });
      return { result: r, text: guardText(r), exitCode: r.blocked ? 1 : 0 };
    },
  },
];
