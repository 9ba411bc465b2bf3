import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AssayService } from '../../../src/api/service.ts';
import type { Invocation } from '../../../src/host/cli/command.ts';
import { serveCommands, type LongRunningOutcome } from '../../../src/host/cli/commands-serve.ts';
import { tempDir } from '../../helpers/temp.ts';
import { OWNER } from './helpers.ts';

const dir = tempDir('assay-serve-command-');
const serve = serveCommands[0]!;

function invocation(casePath: string, values: Invocation['values'] = {}): Invocation {
  return {
    positionals: [casePath], values, context: OWNER,
    service: () => assert.fail('serve makes its own service'),
    progress: () => undefined,
  };
}

test('serve starts the host, puts the address on the first line and stops on SIGINT, closing the case', async () => {
  const casePath = join(dir, 'new.assay');
  const outcome = (await serve.run(invocation(casePath))) as LongRunningOutcome;
  const [first, ...rest] = outcome.text.split('\n');
  const result = outcome.result as { url: string; origin: string; port: number; casePath: string };
  assert.equal(first, result.url);
  assert.match(first!, /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  assert.match(rest.join('\n'), /does not exist yet/);
  assert.match(rest.join('\n'), /Ctrl\+C/);
  const token = new URL(result.url).searchParams.get('token');
  const created = await fetch(`${result.origin}/api/case.create`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{"title":"from the browser"}' });
  assert.equal(created.status, 200);
  assert.ok(existsSync(casePath));
  const listeners = process.listenerCount('SIGINT');
  process.emit('SIGINT');
  await outcome.keepAlive;
  assert.equal(process.listenerCount('SIGINT'), listeners - 1, 'the signal handlers are removed');
  assert.equal(process.listenerCount('SIGTERM'), 0);
  await assert.rejects(fetch(`${result.origin}/api/case.info`, { method: 'POST' }));
  const again = new AssayService(casePath);
  assert.equal((await again.call('case.info', {}, OWNER)).title, 'from the browser');
  await again.close();
});

test('serve checks --port', async () => {
  for (const port of ['x', '-1', '65536', '1.5', '']) {
    await assert.rejects(serve.run(invocation(join(dir, 'p.assay'), { port })), (e: { code?: string }) => e.code === 'BAD_ARGUMENT', port);
  }
});
