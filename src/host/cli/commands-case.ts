import type { CaseInfo, CaseSummary } from '../../api/contract.ts';
import type { Command } from './command.ts';
import { fmt, lines, table } from './format.ts';

export const caseCommands: Command[] = [
  {
    name: 'case create',
    usage: 'assay case create CASE [--title T]',
    summary: 'Create a new, empty case file.',
    positionals: ['CASE'],
    options: { title: { type: 'string' } },
    optionHelp: { title: 'a title shown in the app and in reports' },
    async run(inv) {
      const info = (await inv.service(inv.positionals[0]!).call('case.create', { title: inv.values.title }, inv.context)) as CaseInfo;
      return { result: info, text: `Created case ${info.path} (id ${info.caseId}, schema version ${info.schemaVersion}).` };
    },
  },
  {
    name: 'case info',
    usage: 'assay case info CASE',
    summary: 'Describe a case: its packages, logs, runs and audit entries.',
    positionals: ['CASE'],
    options: {},
    optionHelp: {},
    async run(inv) {
      const s = (await inv.service(inv.positionals[0]!).call('case.info', {}, inv.context)) as CaseSummary;
      return {
        result: s,
        text: lines(
          `Case ${s.path} "${s.title}" (id ${s.caseId}, schema ${s.schemaVersion}, created ${s.createdAt} by ${s.createdBy})`,
          '',
          s.packages.length ? table(['package', 'source', 'model sha256'], s.packages.map((p) => [p.ref, p.sourceKind, p.modelSha256])) : 'No packages.',
          '',
          s.logs.length ? table(['log', 'package', 'format', 'rows', 'quarantined'], s.logs.map((l) => [l.name, l.packageRef, l.format, l.rows, l.quarantined])) : 'No logs.',
          '',
          `${fmt(s.runs)} runs, ${fmt(s.auditEntries)} audit entries.`,
        ),
      };
    },
  },
];
