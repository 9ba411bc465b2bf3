import { writeFileSync } from 'node:fs';
import { COMMANDS } from '../src/host/cli/run-cli.ts';
import { cliReference } from './lib/cli-reference.ts';

writeFileSync('docs/cli.md', cliReference(COMMANDS));
console.log('wrote docs/cli.md');
