import { isAbsolute, resolve } from 'node:path';

export const CASE_EXTENSION = '.assay';

export function isCaseFile(path: string): boolean {
  return path.toLowerCase().endsWith(CASE_EXTENSION) && !path.startsWith('-');
}

/**
 * The case named on a command line (the app's own, or a second instance's, or the OS's "open with" on Windows and
 * Linux): the last argument ending in .assay, made absolute against the directory it was given in.
 */
export function caseFromArgv(argv: readonly string[], workingDirectory: string): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const arg = argv[i]!;
    if (isCaseFile(arg)) return isAbsolute(arg) ? arg : resolve(workingDirectory, arg);
  }
  return null;
}
