import type { ParseArgsConfig } from 'node:util';
import type { AssayService, CallContext } from '../../api/service.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Invocation {
  positionals: string[];
  values: Values;
  context: CallContext;
  /** Opens the service on a case (or on none, for commands that do not need one). */
  service(casePath: string | null): AssayService;
  /** Writes a progress line to stderr (only when a person is watching and --json is off). */
  progress(line: string): void;
}

export interface CommandOutcome {
  result: unknown;
  text: string;
  /** 1 when a verification failed (DESIGN.md §3). */
  exitCode?: 0 | 1;
  /**
   * Set by a long-running command (assay serve): the CLI prints the outcome at once, then waits for this promise
   * (it settles when the command has shut down, e.g. on SIGINT/SIGTERM) before closing services and exiting.
   */
  keepAlive?: Promise<void>;
}

export interface Command {
  name: string; // e.g. "package import"
  usage: string; // e.g. "assay package import CASE PATH [--manifest FILE]"
  summary: string;
  positionals: string[]; // names of required positionals, in order
  options: Options;
  optionHelp: Record<string, string>;
  run(inv: Invocation): Promise<CommandOutcome>;
}
