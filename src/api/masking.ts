import type { z } from 'zod';
import { scrub, type PersonalPlan } from '../governance/index.ts';
import { MASKED, type MethodName, type MethodResult, type Methods } from './contract.ts';
import { AssayError } from './errors.ts';

/**
 * How each method's result is masked for a role that does not see personal data (ROLE_SEES_PERSONAL_DATA), in
 * one table, so that a new method cannot forget: the service refuses a masked role a method that has no entry here
 * while the case holds personal columns, and test/unit/governance/masking-table.test.ts fails for it.
 */
export interface MaskingRule<M extends MethodName> {
  /** The result can hold values of personal columns; such a read is audited like a change. */
  personal: boolean;
  /** Why the rule is what it is. */
  note: string;
  /** The result as a masked role sees it. Absent: the result holds no value of a personal column. */
  mask?: (result: MethodResult<M>, plan: PersonalPlan) => MethodResult<M>;
  /**
   * The result leaves the service as a file the service cannot mask (a report): a masked role is refused while the
   * case holds personal columns, with this reason.
   */
  refuseMasked?: string;
  /** Refuses arguments that would let a masked role learn personal values (filtering or sorting by them). */
  guard?: (args: z.output<Methods[M]['args']>, plan: PersonalPlan) => void;
}

type Rules = { readonly [M in MethodName]?: MaskingRule<M> };

const planOf = (plan: PersonalPlan) => ({ keys: plan.keys, columns: plan.columns, decisionIds: plan.decisionIds });
const hide = <T>(value: T, plan: PersonalPlan): T => scrub(value, planOf(plan), MASKED) as T;
const hideKeys = <T>(value: T, plan: PersonalPlan, extra: string[]): T =>
  scrub(value, { ...planOf(plan), keys: new Set([...plan.keys, ...extra]) }, MASKED) as T;

function personalColumnsOf(plan: PersonalPlan, log: string): Set<string> {
  return new Set(plan.logs.find((l) => l.log === log)?.columns ?? []);
}

const AGGREGATE = 'counts and rates over groups and the whole log; no value of a single decision subject';
const NO_ROWS = 'describes the case, packages or the trail, not decision subjects';

export const MASKING: Rules = {
  'case.create': { personal: false, note: NO_ROWS },
  'case.info': { personal: false, note: NO_ROWS },
  'package.import': { personal: false, note: 'package files and the smoke test over reference (training) data, not logged subjects' },
  'package.list': { personal: false, note: NO_ROWS },
  'package.show': { personal: false, note: NO_ROWS },
  'package.verify': { personal: false, note: NO_ROWS },
  'package.scoreReference': { personal: false, note: 'scores of the reference (training) data, not logged subjects' },
  'log.import': {
    personal: true, note: 'unseen values are values of the log\'s columns',
    mask: (r, plan) => ({ ...r, unseenValues: Object.fromEntries(Object.entries(r.unseenValues).map(([k, v]) => [k, plan.columns.has(k) ? v.map((x) => ({ ...x, value: MASKED })) : v])) }),
  },
  'log.list': { personal: false, note: NO_ROWS },
  'log.quarantine': {
    personal: true, note: 'quarantined rows hold the raw values of the file, and details may quote them',
    mask: (r, plan) => {
      const log = plan.logs.find((l) => l.log === r.log);
      if (!log || log.columns.length === 0) return r;
      return {
        ...r,
        rows: r.rows.map((q) => ({
          ...q, decisionId: plan.decisionIds && q.decisionId !== null ? MASKED : q.decisionId, detail: q.detail === null ? null : MASKED,
          raw: hideKeys(q.raw, plan, ['line']),
        })),
      };
    },
  },
  'log.rows': { personal: true, note: 'rows of the log', mask: (r, plan) => ({ ...r, rows: hide(r.rows, plan) }) },
  'log.page': {
    personal: true, note: 'rows of the log; filtering or sorting by a personal column would reveal its values',
    mask: (r, plan) => ({ ...r, rows: hide(r.rows, plan) }),
    guard: (args, plan) => {
      const personal = personalColumnsOf(plan, args.log);
      const used = [...(args.filters ?? []).map((f) => f.column), ...(args.sort ? [args.sort.column] : [])].filter((c) => personal.has(c));
      if (used.length > 0) {
        throw new AssayError('PERMISSION_DENIED', `The column${used.length > 1 ? 's' : ''} ${[...new Set(used)].join(', ')} of "${args.log}" ${used.length > 1 ? 'are' : 'is'} personal: this role may not filter or sort by ${used.length > 1 ? 'them' : 'it'}.`, { columns: used });
      }
    },
  },
  'fairness.run': { personal: false, note: `${AGGREGATE} (group labels are category values shared by a group)` },
  'explain.decision': {
    personal: true, note: 'the decision\'s inputs; Shapley values are kept',
    mask: (r, plan) => ({ ...r, inputs: hide(r.inputs, plan), decisionId: hide({ decisionId: r.decisionId }, plan).decisionId }),
  },
  'explain.global': {
    personal: true, note: 'beeswarm values are the decisions\' inputs; decision ids when personal',
    mask: (r, plan) => ({ ...r, beeswarm: hide(r.beeswarm, plan), decisions: hide(r.decisions, plan) }),
  },
  'explain.importance': { personal: false, note: AGGREGATE },
  'replay.run': {
    personal: true, note: 'decision ids of mismatches and failures when decision ids are personal',
    mask: (r, plan) => ({ ...r, mismatches: hide(r.mismatches, plan), failures: hide(r.failures, plan), decisionChanges: hide(r.decisionChanges, plan) }),
  },
  'whatif.decision': {
    personal: true, note: 'the edited inputs\' original values',
    mask: (r, plan) => ({ ...r, edits: hide(r.edits, plan), decisionId: hide({ decisionId: r.decisionId }, plan).decisionId }),
  },
  'whatif.population': { personal: false, note: AGGREGATE },
  'whatif.threshold': { personal: false, note: AGGREGATE },
  'counterfactual.run': {
    personal: true, note: 'each change starts from the decision\'s own input value',
    mask: (r, plan) => ({ ...r, counterfactuals: hide(r.counterfactuals, plan), decisionId: hide({ decisionId: r.decisionId }, plan).decisionId }),
  },
  'ice.run': {
    personal: true, note: 'each curve carries the decision\'s value of the feature',
    mask: (r, plan) => {
      const curve = <T extends { value: unknown; decisionId: string }>(c: T): T => ({
        ...hide(c, plan), value: plan.columns.has(r.feature) && c.value !== null ? MASKED : c.value,
      });
      return { ...r, decision: r.decision ? curve(r.decision) : null, sample: { ...r.sample, curves: r.sample.curves.map(curve) } };
    },
  },
  'audit.list': {
    personal: false, note: 'arguments are recorded without personal values; older entries are masked again on reading',
    mask: (r, plan) => r.map((e) => ({ ...e, arguments: auditArguments(e.method, e.arguments, plan) })),
  },
  'audit.verify': { personal: false, note: NO_ROWS },
  'member.list': { personal: false, note: 'case members are the auditing team, not decision subjects' },
  'member.add': { personal: false, note: 'case members are the auditing team, not decision subjects' },
  'member.remove': { personal: false, note: 'case members are the auditing team, not decision subjects' },
  'finding.add': { personal: false, note: 'finding text is written by the team (see docs/security.md); a decision target is masked when decision ids are personal', mask: (r, plan) => maskFinding(r, plan) },
  'finding.update': { personal: false, note: 'as finding.add', mask: (r, plan) => maskFinding(r, plan) },
  'finding.list': { personal: false, note: 'as finding.add', mask: (r, plan) => r.map((f) => maskFinding(f, plan)) },
  'subject.export': { personal: true, note: 'everything about one subject; only roles that see personal data may call it', mask: (r, plan) => hide(r, plan) },
  'subject.erase': { personal: false, note: 'counts and decision ids (masked when personal)', mask: (r, plan) => hide(r, plan) },
  'lineage.show': { personal: false, note: 'file hashes, row numbers and run parameters; decision ids and edited values masked when personal', mask: (r, plan) => hide(r, plan) },
  'log.personal': { personal: false, note: 'column names only' },
  'run.list': { personal: false, note: 'run parameters may name decisions or set input values: masked when personal', mask: (r, plan) => hide(r, plan) },
  'run.show': { personal: true, note: 'a stored result can hold a decision\'s inputs: masked as its method\'s result would be (conservatively)', mask: (r, plan) => hide(r, plan) },
  'package.sign': { personal: false, note: 'works on package files outside any case' },
  'keys.create': { personal: false, note: 'works on key files outside any case' },
  'case.importBundle': { personal: false, note: 'writes a new case file; its contents are masked when read through the other methods' },
  'case.export': { personal: true, note: 'the whole case, encrypted; only roles that see personal data may call it' },
  'log.preview': { personal: true, note: 'the first rows of a file: values under the names of columns marked personal in the case are masked', mask: (r, plan) => hide(r, plan) },
  'report.create': {
    personal: true,
    note: 'the report is a file the service cannot mask after the fact; its handler scrubs the facts the report is built from and refuses a masked role when that changes anything',
  },
  'report.verify': { personal: false, note: 'signature and digest checks of a report file' },
  'monitor.drift': {
    personal: true, note: 'a personal column\'s minimum, maximum, decile edges and levels are values of single subjects; the other statistics are aggregates',
    mask: (r, plan) => ({
      ...r,
      features: Object.fromEntries(Object.entries(r.features).map(([column, f]) => [column, plan.columns.has(column) ? maskDrift(f) : f])),
    }),
  },
  'monitor.timeline': { personal: false, note: `${AGGREGATE} (per-window means and rates)` },
  'monitor.domainClassifier': { personal: false, note: `${AGGREGATE} (AUC and importance of columns)` },
  'monitor.challenger': { personal: false, note: `${AGGREGATE} (agreement, flips, performance)` },
  'monitor.guard': {
    personal: false, note: 'population checks are aggregates; routed decision ids are masked when personal',
    mask: (r, plan) => ({ ...r, routed: { ...r.routed, decisionIds: plan.decisionIds ? r.routed.decisionIds.map(() => MASKED) : r.routed.decisionIds } }),
  },
  'report.testCertificate': { personal: false, note: 'writes a test certificate, outside any case' },
};

type FeatureDriftData = MethodResult<'monitor.drift'>['features'][string];

function maskDrift(f: FeatureDriftData): FeatureDriftData {
  const masked = { reference: MASKED, current: MASKED } as unknown as FeatureDriftData['min'];
  return {
    ...f, min: masked, max: masked,
    bins: f.bins ? { ...f.bins, edges: f.bins.edges.map(() => MASKED as unknown as number) } : null,
    levels: f.levels ? f.levels.map((l) => ({ ...l, level: MASKED })) : null,
    newLevels: f.newLevels ? f.newLevels.map(() => MASKED) : null,
    vanishedLevels: f.vanishedLevels ? f.vanishedLevels.map(() => MASKED) : null,
  };
}

function maskFinding<T extends { targetKind: string; target: string }>(f: T, plan: PersonalPlan): T {
  return plan.decisionIds && f.targetKind === 'decision' ? { ...f, target: MASKED } : f;
}

export function maskingRule<M extends MethodName>(method: M): MaskingRule<M> | undefined {
  return (MASKING as Record<string, MaskingRule<M> | undefined>)[method];
}

/** The arguments as the audit trail records them: values of personal columns and a subject's identifying value taken out. */
export function auditArguments(method: string, args: unknown, plan: PersonalPlan): unknown {
  const scrubbed = plan.any ? scrub(args, planOf(plan), MASKED) : args;
  if (scrubbed === null || typeof scrubbed !== 'object' || Array.isArray(scrubbed)) return scrubbed;
  const out = { ...(scrubbed as Record<string, unknown>) };
  if (method.startsWith('subject.') && 'value' in out) out.value = MASKED;
  // the replay methods name a decision as `decision`, explain.global lists them as `decisionIds`
  if (plan.decisionIds && typeof out.decision === 'string') out.decision = MASKED;
  if (plan.decisionIds && Array.isArray(out.decisionIds)) out.decisionIds = out.decisionIds.map(() => MASKED);
  return out;
}
