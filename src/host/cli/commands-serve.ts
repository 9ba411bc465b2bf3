import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssayError } from '../../api/errors.ts';
import { startHost } from '../http/index.ts';
import type { Command, CommandOutcome } from './command.ts';
import { lines } from './format.ts';

/** The outcome of assay serve: it keeps running after it has answered, until `keepAlive` settles. */
export type LongRunningOutcome = CommandOutcome & { keepAlive: Promise<void> };

/** Where the built renderer lives, relative to this file: <repo>/dist/renderer. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../../dist/renderer', import.meta.url));

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function parsePort(value: unknown): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim()) || n > 65535) {
    throw new AssayError('BAD_ARGUMENT', `--port takes a port number from 0 to 65535 (0 picks a free one), not "${String(value)}".`, { option: 'port' });
  }
  return n;
}

export const serveCommands: Command[] = [
  {
    name: 'serve',
    usage: 'assay serve CASE [--port P]',
    summary: 'Serve the UI and its API to a browser on 127.0.0.1 only; prints the address with its token on the first line, stops on Ctrl+C.',
    positionals: ['CASE'],
    options: { port: { type: 'string' } },
    optionHelp: { port: 'the port to listen on (default 0: a free port)' },
    async run(inv): Promise<LongRunningOutcome> {
      const casePath = resolve(inv.positionals[0]!);
      const port = parsePort(inv.values.port);
      const existed = existsSync(casePath);
      const host = await startHost({
        casePath, port, staticDir: DEFAULT_STATIC_DIR, user: inv.context.user, role: inv.context.role,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      const keepAlive = new Promise<void>((done, fail) => {
        const stop = () => {
          // a second Ctrl+C while closing falls through to Node's default and ends the process at once
          for (const s of STOP_SIGNALS) process.off(s, stop);
          host.close().then(done, fail);
        };
        for (const s of STOP_SIGNALS) process.on(s, stop);
      });
      return {
        result: { url: host.url, origin: host.origin, port: host.port, casePath, role: inv.context.role, user: inv.context.user },
        text: lines(
          host.url,
          `Serving the case ${casePath} to ${inv.context.user} (${inv.context.role}) on ${host.origin}, for this computer only.`,
          existed ? null : `The case does not exist yet; create it from the UI or with "assay case create ${casePath}".`,
          existsSync(`${DEFAULT_STATIC_DIR}/index.html`) ? null : 'The UI is not built (no dist/renderer); the page says how to build it, and the API works without it.',
          'Open the address above in a browser. Press Ctrl+C to stop.',
        ),
        keepAlive,
      };
    },
  },
];
