import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMMANDS } from '../../../src/host/cli/run-cli.ts';
import { cliReference } from '../../../scripts/lib/cli-reference.ts';

test('docs/cli.md is generated from the current command table (run npm run docs:cli)', () => {
  assert.equal(readFileSync('docs/cli.md', 'utf8'), cliReference(COMMANDS));
});

test('every command has a usage that starts with its name and help for every option', () => {
  for (const c of COMMANDS) {
    assert.ok(c.usage.startsWith(`assay ${c.name}`), c.name);
    for (const option of Object.keys(c.options)) assert.ok(c.optionHelp[option], `${c.name} --${option} has help`);
  }
});
