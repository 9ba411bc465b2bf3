import { writeFileSync } from 'node:fs';
import type {
  AuditEntryData, AuditVerification, FindingData, LineageResult, MemberList, PersonalColumnsResult, SubjectErasure, SubjectExport,
} from '../../api/contract.ts';
import { AssayError } from '../../api/errors.ts';
import type { Command, Invocation } from './command.ts';
import { lines, table } from './format.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] | undefined => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

function int(v: unknown, option: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new AssayError('BAD_ARGUMENT', `--${option} takes a whole number from 1, not "${String(v)}".`);
  return n;
}

function subjectArgs(inv: Invocation, command: string): Record<string, string | undefined> {
  const args = { decisionId: str(inv.values.decision), subjectColumn: str(inv.values['subject-column']), value: str(inv.values.value), log: str(inv.values.log) };
  if (args.decisionId === undefined && args.subjectColumn === undefined) {
    throw new AssayError('BAD_ARGUMENT', `assay ${command} needs --decision ID, or --subject-column C with --value V.`);
  }
  return args;
}

const SUBJECT_OPTIONS = { decision: { type: 'string' }, 'subject-column': { type: 'string' }, value: { type: 'string' }, log: { type: 'string' } } as const;
const SUBJECT_HELP = {
  decision: 'the subject\'s decision id',
  'subject-column': 'a column that identifies the subject (e.g. applicant_id), with --value',
  value: 'the subject\'s value of --subject-column',
  log: 'only this log (default: every log of the case)',
};

function memberText(m: MemberList): string {
  return lines(
    m.enforced ? 'Members (only they may act on this case, in the roles they hold):' : 'The case has no members: any user may claim any role (open mode).',
    m.members.length ? table(['user', 'role', 'added', 'by'], m.members.map((x) => [x.user, x.role, x.addedAt, x.addedBy])) : null,
    `Roles that see personal data: ${Object.entries(m.seesPersonalData).filter(([, v]) => v).map(([k]) => k).join(', ')}; masked for the others.`,
  );
}

function findingsText(fs: FindingData[]): string {
  return fs.length
    ? table(['id', 'status', 'severity', 'target', 'log', 'text'], fs.map((f) => [f.id, f.status, f.severity, `${f.targetKind} ${f.target}`, f.log, f.text.length > 60 ? `${f.text.slice(0, 57)}...` : f.text]))
    : 'No findings.';
}

export const governanceCommands: Command[] = [
  {
    name: 'audit',
    usage: 'assay audit CASE [--verify [--expect-head HASH]] [--by USER] [--method M] [--outcome ok|denied] [--from T] [--to T] [--limit N] [--jsonl FILE]',
    summary: 'List the audit trail of a case, or verify its hash chain (exit 1 naming the first broken entry).',
    positionals: ['CASE'],
    options: {
      verify: { type: 'boolean' }, 'expect-head': { type: 'string' }, by: { type: 'string' }, method: { type: 'string' }, outcome: { type: 'string' },
      from: { type: 'string' }, to: { type: 'string' }, limit: { type: 'string' }, jsonl: { type: 'string' },
    },
    optionHelp: {
      verify: 'recompute the chain and the recorded head; exit 1 when an entry is broken',
      'expect-head': 'with --verify: a head hash kept outside the case (from an earlier verify); detects a cut-off tail even when the recorded head was rewritten',
      by: 'only entries of this user',
      method: 'only this method (e.g. log.import), or a prefix such as "member"',
      outcome: 'only ok or denied entries',
      from: 'only entries recorded at or after this time (ISO 8601)',
      to: 'only entries recorded before this time',
      limit: 'at most N entries (default 1000)',
      jsonl: 'also write the listed entries to FILE as JSON Lines',
    },
    async run(inv) {
      const s = inv.service(inv.positionals[0]!);
      if (inv.values.verify) {
        const v = (await s.call('audit.verify', { expectHead: str(inv.values['expect-head']) }, inv.context)) as AuditVerification;
        return {
          result: v,
          exitCode: v.ok ? 0 : 1,
          text: v.ok
            ? lines(`The audit trail is intact: ${v.entries} entries.`, v.head ? `Head: entry ${v.head.seq}, hash ${v.head.hash}` : null, v.head ? 'Keep this head hash outside the case: "assay audit --verify --expect-head HASH" then proves that nothing was cut off or rewritten since.' : null)
            : `The audit trail is BROKEN at entry ${v.firstBroken!.seq} (${v.firstBroken!.problem}): ${v.firstBroken!.message}`,
        };
      }
      if (inv.values['expect-head'] !== undefined) throw new AssayError('BAD_ARGUMENT', '--expect-head goes with --verify.');
      const entries = (await s.call('audit.list', {
        limit: int(inv.values.limit, 'limit'), user: str(inv.values.by), method: str(inv.values.method), outcome: str(inv.values.outcome),
        from: str(inv.values.from), to: str(inv.values.to),
      }, inv.context)) as AuditEntryData[];
      const jsonl = str(inv.values.jsonl);
      if (jsonl !== undefined) writeFileSync(jsonl, entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : ''));
      return {
        result: entries,
        text: lines(
          entries.length
            ? table(['seq', 'time', 'user', 'role', 'method', 'outcome', 'hash'], entries.map((e) => [e.seq, e.recordedAt, e.user, e.role, e.method, e.outcome, e.hash.slice(0, 16)]))
            : 'No audit entries match.',
          jsonl !== undefined ? `Wrote ${entries.length} entries to ${jsonl} (JSON Lines).` : null,
        ),
      };
    },
  },
  {
    name: 'member list',
    usage: 'assay member list CASE',
    summary: 'List the members of a case and their roles.',
    positionals: ['CASE'],
    options: {},
    optionHelp: {},
    async run(inv) {
      const m = (await inv.service(inv.positionals[0]!).call('member.list', {}, inv.context)) as MemberList;
      return { result: m, text: memberText(m) };
    },
  },
  {
    name: 'member add',
    usage: 'assay member add CASE USER ROLE',
    summary: 'Give USER the ROLE (owner, auditor, risk_officer, regulator) in a case; the first member must be an owner.',
    positionals: ['CASE', 'USER', 'ROLE'],
    options: {},
    optionHelp: {},
    async run(inv) {
      const [casePath, user, role] = inv.positionals as [string, string, string];
      const m = (await inv.service(casePath).call('member.add', { user, role }, inv.context)) as MemberList;
      return { result: m, text: lines(`${user} now holds the role ${role}.`, memberText(m)) };
    },
  },
  {
    name: 'member remove',
    usage: 'assay member remove CASE USER [--member-role ROLE]',
    summary: 'Remove a member (or one of their roles) from a case; the last owner cannot be removed.',
    positionals: ['CASE', 'USER'],
    options: { 'member-role': { type: 'string' } },
    optionHelp: { 'member-role': 'remove only this role of the user (default: every role)' },
    async run(inv) {
      const [casePath, user] = inv.positionals as [string, string];
      const m = (await inv.service(casePath).call('member.remove', { user, role: str(inv.values['member-role']) }, inv.context)) as MemberList;
      return { result: m, text: lines(`Removed ${user}${inv.values['member-role'] ? `'s role ${String(inv.values['member-role'])}` : ''}.`, memberText(m)) };
    },
  },
  {
    name: 'finding add',
    usage: 'assay finding add CASE (--decision ID --log NAME | --group ATTR=VALUE --log NAME | --run ID) --text T --severity low|medium|high|critical [--status open|confirmed|dismissed]',
    summary: 'Attach a finding to a decision, a group or a run.',
    positionals: ['CASE'],
    options: {
      decision: { type: 'string' }, group: { type: 'string' }, run: { type: 'string' }, log: { type: 'string' },
      text: { type: 'string' }, severity: { type: 'string' }, status: { type: 'string' },
    },
    optionHelp: {
      decision: 'a decision id of --log', group: 'a group of --log, written attribute=value (a|b=x|y for an intersection)', run: 'a run id',
      log: 'the log of the decision or group', text: 'what was found (required)', severity: 'low, medium, high or critical (required)', status: 'open (default), confirmed or dismissed',
    },
    async run(inv) {
      const targets = (['decision', 'group', 'run'] as const).filter((k) => inv.values[k] !== undefined);
      if (targets.length !== 1) throw new AssayError('BAD_ARGUMENT', 'assay finding add needs exactly one of --decision, --group or --run.');
      const kind = targets[0]!;
      const f = (await inv.service(inv.positionals[0]!).call('finding.add', {
        targetKind: kind, target: str(inv.values[kind]), log: str(inv.values.log), text: str(inv.values.text), severity: str(inv.values.severity), status: str(inv.values.status),
      }, inv.context)) as FindingData;
      return { result: f, text: `Finding ${f.id} (${f.severity}, ${f.status}) on ${f.targetKind} ${f.target}.` };
    },
  },
  {
    name: 'finding list',
    usage: 'assay finding list CASE [--status S] [--severity S] [--target-kind decision|group|run] [--target T]',
    summary: 'List the findings of a case.',
    positionals: ['CASE'],
    options: { status: { type: 'string' }, severity: { type: 'string' }, 'target-kind': { type: 'string' }, target: { type: 'string' } },
    optionHelp: { status: 'only this status', severity: 'only this severity', 'target-kind': 'only findings on decisions, groups or runs', target: 'only findings on this decision, group or run' },
    async run(inv) {
      const fs = (await inv.service(inv.positionals[0]!).call('finding.list', {
        status: str(inv.values.status), severity: str(inv.values.severity), targetKind: str(inv.values['target-kind']), target: str(inv.values.target),
      }, inv.context)) as FindingData[];
      return { result: fs, text: findingsText(fs) };
    },
  },
  {
    name: 'finding update',
    usage: 'assay finding update CASE ID [--status open|confirmed|dismissed] [--severity S] [--text T]',
    summary: "Change a finding's status, severity or text.",
    positionals: ['CASE', 'ID'],
    options: { status: { type: 'string' }, severity: { type: 'string' }, text: { type: 'string' } },
    optionHelp: { status: 'the new status', severity: 'the new severity', text: 'the new text' },
    async run(inv) {
      const f = (await inv.service(inv.positionals[0]!).call('finding.update', {
        id: inv.positionals[1]!, status: str(inv.values.status), severity: str(inv.values.severity), text: str(inv.values.text),
      }, inv.context)) as FindingData;
      return { result: f, text: `Finding ${f.id} is now ${f.status} (${f.severity}).` };
    },
  },
  {
    name: 'subject export',
    usage: 'assay subject export CASE (--decision ID | --subject-column C --value V) [--log NAME] [--out FILE]',
    summary: 'Everything the case holds about one data subject, as JSON (a data-subject access request).',
    positionals: ['CASE'],
    options: { ...SUBJECT_OPTIONS, out: { type: 'string' } },
    optionHelp: { ...SUBJECT_HELP, out: 'write the JSON to FILE (else it goes to stdout)' },
    async run(inv) {
      const r = (await inv.service(inv.positionals[0]!).call('subject.export', subjectArgs(inv, 'subject export'), inv.context)) as SubjectExport;
      const out = str(inv.values.out);
      if (out !== undefined) writeFileSync(out, `${JSON.stringify(r, null, 2)}\n`);
      const rows = r.logs.reduce((n, l) => n + l.rows.length, 0);
      const summary = `${r.decisionIds.length} decisions (${rows} rows in ${r.logs.length} logs), ${r.runs.length} runs, ${r.findings.length} findings, ${r.erasures.length} erasures, ${r.auditEntries.length} audit entries.`;
      return { result: r, text: out !== undefined ? `Wrote ${out}: ${summary}` : JSON.stringify(r, null, 2) };
    },
  },
  {
    name: 'subject erase',
    usage: 'assay subject erase CASE (--decision ID | --subject-column C --value V) [--log NAME] --confirm',
    summary: "Erase a data subject's personal values (replaced by a tombstone), record the erasure in the trail and mark the runs that used them.",
    positionals: ['CASE'],
    options: { ...SUBJECT_OPTIONS, confirm: { type: 'boolean' } },
    optionHelp: { ...SUBJECT_HELP, confirm: 'required: the erasure cannot be undone' },
    async run(inv) {
      const args = subjectArgs(inv, 'subject erase');
      if (!inv.values.confirm) throw new AssayError('BAD_ARGUMENT', 'Erasure cannot be undone: run "assay subject export" first if needed, then repeat with --confirm.');
      const r = (await inv.service(inv.positionals[0]!).call('subject.erase', args, inv.context)) as SubjectErasure;
      return {
        result: r,
        text: lines(
          `Erasure ${r.erasureId}:`,
          table(['log', 'rows', 'quarantined rows', 'columns erased'], r.logs.map((l) => [l.log, l.rows, l.quarantineRows, l.columns.join(', ')])),
          `${r.markedRuns.length} runs marked as having used the erased data.`,
        ),
      };
    },
  },
  {
    name: 'lineage',
    usage: 'assay lineage CASE (--decision ID [--log NAME] | --run ID)',
    summary: 'Lineage of a decision (log file and row, package, model, training data, runs) or of a run, as JSON.',
    positionals: ['CASE'],
    options: { decision: { type: 'string' }, log: { type: 'string' }, run: { type: 'string' } },
    optionHelp: { decision: 'a decision id', log: 'the log of the decision (when several hold it)', run: 'a run id' },
    async run(inv) {
      const r = (await inv.service(inv.positionals[0]!).call('lineage.show', {
        decisionId: str(inv.values.decision), log: str(inv.values.log), runId: str(inv.values.run),
      }, inv.context)) as LineageResult;
      return { result: r, text: JSON.stringify(r, null, 2) };
    },
  },
  {
    name: 'log personal',
    usage: 'assay log personal CASE --log NAME [--add a,b] [--remove c]',
    summary: 'Mark columns of an imported log as personal (masked for roles without that right), or unmark them.',
    positionals: ['CASE'],
    options: { log: { type: 'string' }, add: { type: 'string' }, remove: { type: 'string' } },
    optionHelp: { log: 'the log name (required)', add: 'comma-separated columns to mark personal', remove: 'comma-separated columns to unmark' },
    async run(inv) {
      if (typeof inv.values.log !== 'string') throw new AssayError('BAD_ARGUMENT', 'assay log personal needs --log NAME.');
      const r = (await inv.service(inv.positionals[0]!).call('log.personal', { log: inv.values.log, add: list(inv.values.add), remove: list(inv.values.remove) }, inv.context)) as PersonalColumnsResult;
      return { result: r, text: `Personal columns of "${r.log}": ${r.personalColumns.join(', ') || 'none'}.` };
    },
  },
];
