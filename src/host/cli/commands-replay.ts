import type {
  CounterfactualResult, IceResult, PopulationWhatIfResult, ReplayResult, ThresholdWhatIfResult, WhatIfResult, WhereCondition,
} from '../../api/contract-replay.ts';
import { AssayError } from '../../api/errors.ts';
import type { Command } from './command.ts';
import { fmt, lines, table } from './format.ts';
import { call, optionalText, text, whole } from './option-values.ts';


function probability(v: unknown, option: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new AssayError('BAD_ARGUMENT', `--${option} takes a number between 0 and 1, not "${String(v)}".`, { option });
  }
  return n;
}

function list(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** --where 'age>=30', 'purpose in car_new,car_used', 'timestamp between 2025-01-01..2025-07-01' (repeatable, joined with AND). */
export function parseWhere(values: unknown): WhereCondition[] | undefined {
  const specs = list(values);
  if (specs.length === 0) return undefined;
  return specs.map((spec): WhereCondition => {
    const between = /^\s*(\S+)\s+between\s+(.+?)\.\.(.+?)\s*$/i.exec(spec);
    if (between) return { column: between[1]!, op: 'between', value: [between[2]!.trim(), between[3]!.trim()] };
    const inList = /^\s*(\S+)\s+in\s+(.+?)\s*$/i.exec(spec);
    if (inList) return { column: inList[1]!, op: 'in', value: inList[2]!.split(',').map((s) => s.trim()).filter((s) => s !== '') };
    const compare = /^\s*([^<>=\s]+)\s*(<=|>=|=|<|>)\s*(.+?)\s*$/.exec(spec);
    if (compare) return { column: compare[1]!, op: compare[2] as '=' | '<' | '<=' | '>' | '>=', value: compare[3]! };
    throw new AssayError('BAD_ARGUMENT', `--where takes COLUMN<op>VALUE with op one of = < <= > >=, "COLUMN in A,B" or "COLUMN between A..B", not "${spec}".`, { where: spec });
  });
}

/** --set column=value (repeatable). */
export function parseSet(values: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of list(values)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new AssayError('BAD_ARGUMENT', `--set takes column=value, not "${pair}" (for example --set credit_amount=2500).`, { set: pair });
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return out;
}

function signed(x: number | null, digits = 6): string {
  if (x === null) return '—';
  return `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
}

function small(x: number | null): string {
  if (x === null) return '—';
  return x === 0 ? '0' : x < 1e-3 ? x.toExponential(2) : x.toFixed(6);
}

function warningLines(warnings: string[]): string[] {
  return warnings.length ? ['', ...warnings.map((w) => `warning: ${w}`)] : [];
}

export function replayText(r: ReplayResult): string {
  const shown = (n: number, total: number) => (n < total ? ` (first ${n} of ${total})` : '');
  return lines(
    `Replayed ${r.rows} decisions of "${r.log}" with ${r.package}${r.otherPackage ? ' (not the package the log was imported with)' : ''}, tolerance ${r.tolerance !== 0 && r.tolerance < 1e-3 ? r.tolerance.toExponential() : r.tolerance}:`,
    `  ${r.reproduced} reproduced, ${r.mismatched} mismatched, ${r.flipped} decisions flipped, ${r.failed} failed; ${r.unseenCategoryRows} rows with unseen categories.`,
    `  Largest |replayed − logged| among the reproduced: ${small(r.maxAbsDiffReproduced)}; overall: ${small(r.maxAbsDiff)}.`,
    r.decisionChanges
      ? lines(
        '',
        `Decisions that change with ${r.package}: ${r.decisionChanges.total} (${r.decisionChanges.toPositive} to 1, ${r.decisionChanges.toNegative} to 0)${shown(r.decisionChanges.rows.length, r.decisionChanges.total)}:`,
        r.decisionChanges.rows.length ? table(['decision', 'logged score', 'replayed score', 'logged decision', 'new decision'], r.decisionChanges.rows.map((c) => [c.decisionId, fmt(c.logged, 6), fmt(c.replayed, 6), c.loggedDecision, c.replayedDecision])) : null,
      )
      : r.mismatches.length
        ? lines('', `Mismatches${shown(r.mismatches.length, r.mismatched)}:`, table(['decision', 'logged', 'replayed', 'diff', 'decision flipped'], r.mismatches.map((m) => [m.decisionId, fmt(m.logged, 6), fmt(m.replayed, 6), signed(m.diff), m.decisionFlipped ? 'yes' : 'no'])))
        : null,
    r.failures.length ? lines('', `Rows the model failed on${shown(r.failures.length, r.failed)}:`, table(['decision', 'row', 'error'], r.failures.map((f) => [f.decisionId, f.row, f.message]))) : null,
    ...warningLines(r.warnings),
    '',
    `Per-row results in the table ${r.table}. Recorded as ${r.runId}.`,
  );
}

export function whatIfText(r: WhatIfResult): string {
  return lines(
    `Decision ${r.decisionId} of "${r.log}" with ${r.package} (decision = score ≥ ${r.threshold}):`,
    table(['', 'score', 'decision'], [
      ['logged', fmt(r.logged.score, 6), r.logged.decision],
      ['model', fmt(r.original.score, 6), r.original.decision],
      ['edited', fmt(r.edited.score, 6), r.edited.decision],
    ]),
    `Edits: ${r.edits.map((e) => `${e.column} ${e.from ?? '—'} → ${e.to}`).join('; ')}.`,
    r.changed ? `The decision changes from ${r.original.decision} to ${r.edited.decision}.` : 'The decision does not change.',
    ...warningLines(r.warnings),
    '',
    `Recorded as ${r.runId}.`,
  );
}

export function populationText(r: PopulationWhatIfResult): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return lines(
    `Setting ${Object.entries(r.set).map(([k, v]) => `${k}=${v}`).join(', ')} on ${r.rows} decisions of "${r.log}" (${r.package}): ${r.flipped} decisions flip (${r.toPositive} to 1, ${r.toNegative} to 0); mean score change ${signed(r.meanScoreChange, 4)}. Favorable decision: ${r.favorableOutcome}.`,
    ...r.byAttribute.flatMap((a) => [
      '',
      `By ${a.attribute}:`,
      table(['group', 'rows', 'flipped', 'to 1', 'to 0', 'selection before', 'selection after'], a.groups.map((g) => [g.group ?? '(missing)', g.rows, g.flipped, g.toPositive, g.toNegative, pct(g.selectionRateBefore), pct(g.selectionRateAfter)])),
    ]),
    ...warningLines(r.warnings),
    '',
    `Recorded as ${r.runId}.`,
  );
}

export function thresholdText(r: ThresholdWhatIfResult): string {
  const row = (label: string, c: ThresholdWhatIfResult['current']) => [label, fmt(c.threshold, 3), c.positives, c.negatives, fmt(c.selectionRate, 4), c.truePositives, c.falsePositives, c.trueNegatives, c.falseNegatives, c.unknownOutcome, fmt(c.accuracy, 4), fmt(c.truePositiveRate, 4), fmt(c.falsePositiveRate, 4)];
  return lines(
    `Threshold what-if on ${r.rows} decisions of "${r.log}" with ${r.package}, from the ${r.scores} scores${r.replayTable ? ` (${r.replayTable})` : ''}:`,
    table(['', 'threshold', 'decision 1', 'decision 0', 'selection', 'TP', 'FP', 'TN', 'FN', 'no outcome', 'accuracy', 'TPR', 'FPR'], [row('current', r.current), row('proposed', r.proposed)]),
    `${r.changed.total} decisions change (${r.changed.toPositive} to 1, ${r.changed.toNegative} to 0).`,
    ...r.byAttribute.flatMap((a) => [
      '',
      `Selection rate by ${a.attribute}:`,
      table(['group', 'rows', 'current', 'proposed'], a.groups.map((g) => [g.group ?? '(missing)', g.rows, fmt(g.selectionRateCurrent, 4), fmt(g.selectionRateProposed, 4)])),
    ]),
    ...warningLines(r.warnings),
    '',
    `Recorded as ${r.runId}.`,
  );
}

export function counterfactualText(r: CounterfactualResult): string {
  return lines(
    `Decision ${r.decisionId} of "${r.log}" with ${r.package}: score ${fmt(r.original.score, 6)}, decision ${r.original.decision}. Counterfactuals that make it ${r.target} (seed ${r.seed}, ${r.candidatesScored} candidates scored):`,
    ...r.counterfactuals.map((c, i) => lines(
      '',
      `${i + 1}. score ${fmt(c.score, 6)} → decision ${c.decision}; distance ${fmt(c.distance, 4)}`,
      table(['input', 'from', 'to'], c.changes.map((x) => [x.column, x.from, x.to])),
    )),
    r.diversity !== null ? `\nMean distance between them: ${fmt(r.diversity, 4)}.` : null,
    `Never changed: ${r.immutable.length ? r.immutable.join(', ') : '—'}.`,
    ...warningLines(r.warnings),
    '',
    `Recorded as ${r.runId}.`,
  );
}

export function iceText(r: IceResult): string {
  const headers = [r.feature, ...(r.decision ? [`decision ${r.decision.decisionId}`] : []), `partial dependence (${r.sample.rows} rows)`];
  return lines(
    `ICE of ${r.feature} (${r.kind}) for "${r.log}" with ${r.package}${r.decision ? `; decision ${r.decision.decisionId} has ${r.feature} = ${r.decision.value ?? '—'} and score ${fmt(r.decision.score, 6)}` : ''}:`,
    table(headers, r.grid.map((g, i) => [g, ...(r.decision ? [fmt(r.decision.curve[i], 6)] : []), fmt(r.partialDependence[i], 6)])),
    `Sample: ${r.sample.rows} rows, seed ${r.sample.seed}; decision = score ≥ ${r.threshold}.`,
    ...warningLines(r.warnings),
    '',
    `Recorded as ${r.runId}.`,
  );
}

export const replayCommands: Command[] = [
  {
    name: 'replay',
    usage: 'assay replay CASE --log NAME [--package REF] [--tolerance T] [--where COLUMN<op>VALUE]... [--limit N]',
    summary: 'Replay every decision of a log through the model and list every logged score it does not reproduce.',
    positionals: ['CASE'],
    options: { log: { type: 'string' }, package: { type: 'string' }, tolerance: { type: 'string' }, where: { type: 'string', multiple: true }, limit: { type: 'string' } },
    optionHelp: {
      log: 'the log name (required)',
      package: 'replay with this package (id@version) instead of the one the log was imported with; lists the decisions that change',
      tolerance: 'a logged score is reproduced when |replayed − logged| ≤ T (default 1e-6)',
      where: "only rows matching COLUMN<op>VALUE (op = < <= > >=), 'COLUMN in A,B' or 'COLUMN between A..B'; repeatable, joined with AND",
      limit: 'list at most N mismatches (default: every one)',
    },
    async run(inv) {
      const v = inv.values;
      let tolerance: number | undefined;
      if (v.tolerance !== undefined) {
        tolerance = Number(v.tolerance);
        if (typeof v.tolerance !== 'string' || v.tolerance.trim() === '' || !Number.isFinite(tolerance) || tolerance < 0 || tolerance > 1) {
          throw new AssayError('BAD_ARGUMENT', `--tolerance takes a number between 0 and 1 such as 1e-6, not "${String(v.tolerance)}".`);
        }
      }
      const r = await call<ReplayResult>(inv, 'replay.run', {
        log: text(v.log, 'log NAME', 'replay'), package: optionalText(v.package), tolerance, where: parseWhere(v.where), limit: whole(v.limit, 'limit'),
      });
      return { result: r, text: replayText(r) };
    },
  },
  {
    name: 'whatif',
    usage: 'assay whatif CASE --log NAME (--decision ID --set COLUMN=VALUE... | --population --set COLUMN=VALUE... | --threshold T) [--package REF] [--where COLUMN<op>VALUE]... [--scores replayed|logged]',
    summary: "What if a decision's inputs were different (--decision), every decision's (--population), or the threshold (--threshold)?",
    positionals: ['CASE'],
    options: {
      log: { type: 'string' }, decision: { type: 'string' }, set: { type: 'string', multiple: true }, package: { type: 'string' },
      population: { type: 'boolean' }, threshold: { type: 'string' }, scores: { type: 'string' }, where: { type: 'string', multiple: true },
    },
    optionHelp: {
      log: 'the log name (required)',
      decision: 'the decision id to edit',
      set: 'set a model input, e.g. --set credit_amount=2500 (repeatable)',
      population: 'apply the --set edits to every decision of the log and count the decisions that flip, by protected group',
      threshold: 'decisions and confusion counts at this threshold instead of the package\'s',
      scores: 'with --threshold: replayed (default when the log was replayed) or logged',
      package: 'use this package (id@version) instead of the one the log was imported with',
      where: 'with --population or --threshold: only rows matching the filter (as for replay)',
    },
    async run(inv) {
      const v = inv.values;
      const log = text(v.log, 'log NAME', 'whatif');
      const set = parseSet(v.set);
      const where = parseWhere(v.where);
      if (v.threshold !== undefined) {
        if (Object.keys(set).length || v.population || v.decision !== undefined) throw new AssayError('BAD_ARGUMENT', 'assay whatif --threshold takes no --set, --decision or --population.');
        if (v.scores !== undefined && v.scores !== 'replayed' && v.scores !== 'logged') throw new AssayError('BAD_ARGUMENT', `--scores takes replayed or logged, not "${String(v.scores)}".`);
        const r = await call<ThresholdWhatIfResult>(inv, 'whatif.threshold', { log, threshold: probability(v.threshold, 'threshold'), package: optionalText(v.package), scores: optionalText(v.scores), where });
        return { result: r, text: thresholdText(r) };
      }
      if (Object.keys(set).length === 0) throw new AssayError('BAD_ARGUMENT', 'assay whatif needs at least one --set COLUMN=VALUE (or --threshold T).');
      if (v.population) {
        if (v.decision !== undefined) throw new AssayError('BAD_ARGUMENT', 'assay whatif --population applies to every decision; drop --decision.');
        const r = await call<PopulationWhatIfResult>(inv, 'whatif.population', { log, set, package: optionalText(v.package), where });
        return { result: r, text: populationText(r) };
      }
      if (where) throw new AssayError('BAD_ARGUMENT', '--where goes with --population or --threshold, not with --decision.');
      const r = await call<WhatIfResult>(inv, 'whatif.decision', { log, decision: text(v.decision, 'decision ID (or --population)', 'whatif'), set, package: optionalText(v.package) });
      return { result: r, text: whatIfText(r) };
    },
  },
  {
    name: 'counterfactual',
    usage: 'assay counterfactual CASE --log NAME --decision ID [--count K] [--immutable a,b] [--seed S] [--max-changes N] [--package REF]',
    summary: 'K diverse, minimal changes of a decision\'s inputs that flip it, never touching protected or immutable inputs.',
    positionals: ['CASE'],
    options: {
      log: { type: 'string' }, decision: { type: 'string' }, count: { type: 'string' }, immutable: { type: 'string' }, seed: { type: 'string' },
      'max-changes': { type: 'string' }, package: { type: 'string' },
    },
    optionHelp: {
      log: 'the log name (required)',
      decision: 'the decision id (required)',
      count: 'how many counterfactuals (default 5)',
      immutable: 'comma-separated inputs that must not change (the protected attributes never do)',
      seed: 'seed of the search (default 0)',
      'max-changes': 'at most N inputs changed in one counterfactual (default 4)',
      package: 'use this package (id@version) instead of the one the log was imported with',
    },
    async run(inv) {
      const v = inv.values;
      const r = await call<CounterfactualResult>(inv, 'counterfactual.run', {
        log: text(v.log, 'log NAME', 'counterfactual'), decision: text(v.decision, 'decision ID', 'counterfactual'),
        count: whole(v.count, 'count', 1), immutable: typeof v.immutable === 'string' ? v.immutable.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
        seed: whole(v.seed, 'seed'), maxChanges: whole(v['max-changes'], 'max-changes', 1), package: optionalText(v.package),
      });
      return { result: r, text: counterfactualText(r) };
    },
  },
  {
    name: 'ice',
    usage: 'assay ice CASE --log NAME --feature F [--decision ID] [--sample N] [--seed S] [--grid N] [--package REF]',
    summary: 'ICE curves and partial dependence of one input: the score as the input runs over a grid, for a decision and a seeded sample.',
    positionals: ['CASE'],
    options: {
      log: { type: 'string' }, feature: { type: 'string' }, decision: { type: 'string' }, sample: { type: 'string' }, seed: { type: 'string' },
      grid: { type: 'string' }, package: { type: 'string' },
    },
    optionHelp: {
      log: 'the log name (required)',
      feature: 'the model input to vary (required)',
      decision: 'also draw this decision\'s curve',
      sample: 'rows of the log sampled for the curves and the partial dependence (default 100)',
      seed: 'seed of the sample (default 0)',
      grid: 'grid points of a numeric input, at reference quantiles (default 20)',
      package: 'use this package (id@version) instead of the one the log was imported with',
    },
    async run(inv) {
      const v = inv.values;
      const r = await call<IceResult>(inv, 'ice.run', {
        log: text(v.log, 'log NAME', 'ice'), feature: text(v.feature, 'feature F', 'ice'), decision: optionalText(v.decision),
        sample: whole(v.sample, 'sample', 1), seed: whole(v.seed, 'seed'), gridSize: whole(v.grid, 'grid', 2), package: optionalText(v.package),
      });
      return { result: r, text: iceText(r) };
    },
  },
];
