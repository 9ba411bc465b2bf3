// Runs node's test runner over test/**/*.test.ts (Node 20's --test takes no globs), with tsx for TypeScript.
// Usage: node scripts/run-tests.mjs [unit|integration|contract|e2e ...] (default: all four)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const suites = process.argv.slice(2).length ? process.argv.slice(2) : ['unit', 'contract', 'integration', 'e2e'];

function walk(dir, out = []) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = suites.flatMap((s) => walk(join('test', s)));
if (files.length === 0) {
  console.error(`No test files found under ${suites.map((s) => `test/${s}`).join(', ')}.`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
