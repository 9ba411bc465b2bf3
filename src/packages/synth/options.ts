import { AssayError } from '../../api/errors.ts';
import type { LoadOptions } from '../types.ts';

const ID = /^[A-Za-z0-9._-]+$/;
const VERSION = /^[A-Za-z0-9._+-]+$/;

/** Refuses option values no manifest could hold, before any file is read. */
export function checkOptions(options: LoadOptions): void {
  const bad = (option: string, value: unknown, rule: string): never => {
    throw new AssayError('BAD_ARGUMENT', `The ${option} value ${JSON.stringify(value)} is not valid: ${rule}. Correct it.`, { option, value });
  };
  if (options.id !== undefined && !ID.test(options.id)) bad('--id', options.id, 'an id may hold letters, digits, ".", "_" and "-" only');
  if (options.version !== undefined && !VERSION.test(options.version)) bad('--version', options.version, 'a version may hold letters, digits, ".", "_", "+" and "-" only');
  if (options.threshold !== undefined && !(options.threshold >= 0 && options.threshold <= 1)) bad('--threshold', options.threshold, 'it must be a number from 0 to 1');
  if (options.favorable !== undefined && options.favorable !== 0 && options.favorable !== 1) bad('--favorable', options.favorable, 'it must be 0 or 1');
  if (options.outputIndex !== undefined && !(Number.isInteger(options.outputIndex) && options.outputIndex >= 0)) bad('--output-index', options.outputIndex, 'it must be a whole number, 0 or more');
  for (const p of options.protected ?? []) if (!p.split('=')[0]) bad('--protected', p, 'write a column name, optionally as name=reference');
}

/** `name` or `name=reference`. */
export function protectedAttributes(options: LoadOptions): { name: string; reference?: string }[] {
  return (options.protected ?? []).map((p) => {
    const at = p.indexOf('=');
    return at < 0 ? { name: p } : { name: p.slice(0, at), reference: p.slice(at + 1) };
  });
}

/** Options that only shape a synthesised manifest, by their command-line names. */
export function synthesisOptionsGiven(options: LoadOptions): string[] {
  const names: [keyof LoadOptions, string][] = [
    ['id', '--id'], ['version', '--version'], ['positiveClass', '--positive-class'], ['threshold', '--threshold'],
    ['favorable', '--favorable'], ['protected', '--protected'], ['outputName', '--output-name'], ['outputIndex', '--output-index'],
  ];
  return names.filter(([k]) => options[k] !== undefined).map(([, flag]) => flag);
}

export function sanitiseId(raw: string): string {
  return raw.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
}

export function sanitiseVersion(raw: string): string {
  return raw.replace(/[^A-Za-z0-9._+-]+/g, '-').replace(/^-+|-+$/g, '');
}
