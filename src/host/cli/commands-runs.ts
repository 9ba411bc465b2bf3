import type { RunDetail, RunSummary } from '../../api/contract.ts';
import type { Command } from './command.ts';
import { lines, table } from './format.ts';
import { whole } from './option-values.ts';

export const runCommands: Command[] = [
  {
    name: 'runs',
    usage: 'assay runs CASE [--method M] [--log NAME] [--limit N]',
    summary: 'List the recorded analysis runs of a case, newest first.',
    positionals: ['CASE'],
    options: { method: { type: 'string' }, log: { type: 'string' }, limit: { type: 'string' } },
    optionHelp: { method: 'only runs of this method (e.g. replay.run)', log: 'only runs over this log', limit: 'at most N runs (default 1000)' },
    async run(inv) {
      const args = { method: inv.values.method, log: inv.values.log, limit: whole(inv.values.limit, 'limit', 1) };
      const runs = (await inv.service(inv.positionals[0]!).call('run.list', args, inv.context)) as RunSummary[];
      return {
        result: runs,
        text: runs.length
          ? table(['run', 'method', 'log', 'seed', 'created', 'by', 'result sha256'], runs.map((r) => [r.runId, r.method, String(r.parameters.log ?? ''), r.seed ?? '', r.createdAt, r.createdBy, r.resultSha256.slice(0, 16)]))
          : 'No runs recorded.',
      };
    },
  },
  {
    name: 'run show',
    usage: 'assay run show CASE RUN',
    summary: 'Show one recorded run: its parameters, seed, input hashes and stored result.',
    positionals: ['CASE', 'RUN'],
    options: {},
    optionHelp: {},
    async run(inv) {
      const run = (await inv.service(inv.positionals[0]!).call('run.show', { runId: inv.positionals[1]! }, inv.context)) as RunDetail;
      return {
        result: run,
        text: lines(
          `Run ${run.runId}: ${run.method}, ${run.createdAt} by ${run.createdBy} (${run.role})`,
          `parameters: ${JSON.stringify(run.parameters)}`,
          `seed: ${run.seed ?? 'none'}`,
          ...Object.entries(run.inputHashes).map(([k, v]) => `input ${k}: ${v}`),
          `result sha256: ${run.resultSha256}`,
          '',
          JSON.stringify(run.result, null, 2),
        ),
      };
    },
  },
];
