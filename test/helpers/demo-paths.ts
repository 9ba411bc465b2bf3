import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DEMO = resolve('fixtures/demo');
export const demoPackage = (id: string): string => join(DEMO, 'packages', id);
export const demoLog = (file: string): string => join(DEMO, 'logs', file);

/** A private copy of a demo package that a test may damage. */
export function copyPackage(id: string, dir: string, name = id): string {
  const target = join(dir, name);
  cpSync(demoPackage(id), target, { recursive: true });
  return target;
}
