import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../api/contract.ts';
import { AssayError, toErrorData, VERIFICATION_CODES } from '../../api/errors.ts';
import { AssayService } from '../../api/service.ts';
import type { Command, Invocation } from './command.ts';
import { caseCommands } from './commands-case.ts';
import { demoCommands } from './commands-demo.ts';
import { explainCommands } from './commands-explain.ts';
import { fairnessCommands } from './commands-fairness.ts';
import { logCommands } from './commands-log.ts';
import { packageCommands } from './commands-package.ts';
import { replayCommands } from './commands-replay.ts';
import { monitorCommands } from './commands-monitor.ts';
import { runCommands } from './commands-runs.ts';
import { serveCommands } from './commands-serve.ts';
import { governanceCommands } from './commands-governance.ts';
import { keysCommands } from './commands-keys.ts';
import { bundleCommands } from './commands-bundle.ts';
import { reportCommands } from './commands-report.ts';

export const COMMANDS: Command[] = [...caseCommands, ...governanceCommands, ...packageCommands, ...logCommands, ...replayCommands, ...fairnessCommands, ...explainCommands, ...monitorCommands, ...runCommands, ...demoCommands, ...serveCommands, ...keysCommands, ...bundleCommands, ...reportCommands];

const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  user: { type: 'string' },
  role: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const COMMON_HELP = `Common options:
  --json          machine output on stdout (errors as {"error":{code,message}})
  --user NAME     who is acting (default: the login name)
  --role ROLE     owner | auditor | risk_officer | regulator (default: auditor)
  -h, --help      help for a command
Exit codes: 0 done, 1 a verification failed, 2 bad input or usage, 3 internal error.`;

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'assay — offline workbench for auditing machine-learning decisions',
    '',
    'Usage: assay COMMAND [ARGS] [OPTIONS]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    COMMON_HELP,
    '',
    'Run "assay COMMAND --help" for a command\'s options. Full reference: docs/cli.md',
  ].join('\n');
}

function commandHelp(c: Command): string {
  const opts = Object.entries(c.optionHelp).map(([k, h]) => `  --${k.padEnd(16)} ${h}`);
  return [`Usage: ${c.usage}`, '', c.summary, ...(opts.length ? ['', 'Options:', ...opts] : []), '', COMMON_HELP].join('\n');
}

/** Finds the longest command name that the argument list starts with. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | null {
  const matches = COMMANDS.filter((c) => {
    const words = c.name.split(' ');
    return words.every((w, i) => argv[i] === w);
  }).sort((a, b) => b.name.length - a.name.length);
  const command = matches[0];
  return command ? { command, rest: argv.slice(command.name.split(' ').length) } : null;
}

function parseRole(value: unknown): Role {
  if (value === undefined) return 'auditor';
  if (typeof value === 'string' && (ROLES as readonly string[]).includes(value)) return value as Role;
  throw new AssayError('BAD_ARGUMENT', `--role takes one of ${ROLES.join(', ')}, not "${String(value)}".`);
}

export async function runCli(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void; isTTY: boolean }): Promise<number> {
  const json = argv.includes('--json');
  const services: AssayService[] = [];
  try {
    if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
      io.stdout(overview());
      return 0;
    }
    if (argv[0] === '--version') {
      io.stdout('assay 0.1.0');
      return 0;
    }
    const found = findCommand(argv);
    if (!found) {
      throw new AssayError('BAD_ARGUMENT', `"${argv.slice(0, 2).join(' ')}" is not an assay command. Run "assay --help" for the list.`);
    }
    const { command, rest } = found;
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: rest, options: { ...COMMON_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
    } catch (e) {
      throw new AssayError('BAD_ARGUMENT', `${(e as Error).message.replace(/\.$/, '')}. Usage: ${command.usage}`);
    }
    const values = parsed.values as Invocation['values'];
    if (values.help) {
      io.stdout(commandHelp(command));
      return 0;
    }
    if (parsed.positionals.length !== command.positionals.length) {
      throw new AssayError('BAD_ARGUMENT', `${command.name} takes ${command.positionals.join(' ')}${parsed.positionals.length ? `, not ${parsed.positionals.map((p) => `"${p}"`).join(' ')}` : ''}. Usage: ${command.usage}`);
    }
    const inv: Invocation = {
      positionals: parsed.positionals,
      values,
      context: { user: typeof values.user === 'string' ? values.user : userInfo().username, role: parseRole(values.role) },
      service(casePath) {
        const s = new AssayService(casePath);
        services.push(s);
        return s;
      },
      progress(line) {
        if (!json && io.isTTY) io.stderr(line);
      },
    };
    const outcome = await command.run(inv);
    // a long-running command's JSON goes on one line, so that its first line is the whole answer
    io.stdout(json ? JSON.stringify(outcome.result, null, outcome.keepAlive ? undefined : 2) : outcome.text);
    if (outcome.keepAlive) await outcome.keepAlive;
    return outcome.exitCode ?? 0;
  } catch (e) {
    const data = toErrorData(e);
    if (json) io.stdout(JSON.stringify({ error: data }, null, 2));
    else io.stderr(`error ${data.code}: ${data.message}`);
    if (data.code === 'INTERNAL' && process.env.ASSAY_DEBUG) io.stderr(String((e as Error).stack));
    return data.code === 'INTERNAL' ? 3 : VERIFICATION_CODES.includes(data.code) ? 1 : 2;
  } finally {
    for (const s of services) await s.close().catch(() => undefined);
  }
}

