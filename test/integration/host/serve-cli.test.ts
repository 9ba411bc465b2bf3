import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AssayService } from '../../../src/api/service.ts';
import { tempDir } from '../../helpers/temp.ts';
import { caseWithPackage, OWNER } from './helpers.ts';

const dir = tempDir('assay-serve-cli-');
const entry = ['bin/assay.js'];

function serve(...args: string[]) {
  const child = spawn(process.execPath, [...entry, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const lines = createInterface({ input: child.stdout });
  const first = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`assay serve exited with ${code} before printing: ${stderr}`)));
  });
  first.catch(() => undefined); // a test that expects the command to fail does not wait for a first line
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, first, exited, stderr: () => stderr };
}

test('assay serve prints the address first, answers with its token, and stops cleanly on SIGTERM', async () => {
  const casePath = await caseWithPackage(dir, 'served.assay');
  const s = serve(casePath, '--port', '0');
  try {
    const url = await s.first;
    const m = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/.exec(url);
    assert.ok(m, `first line: ${url}`);
    const origin = `http://127.0.0.1:${m[1]}`;
    const refused = await fetch(`${origin}/api/case.info`, { method: 'POST' });
    assert.equal(refused.status, 401);
    const info = await fetch(`${origin}/api/case.info`, { method: 'POST', headers: { Authorization: `Bearer ${m[2]}`, 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(info.status, 200);
    const body = (await info.json()) as { path: string; packages: { ref: string }[] };
    assert.equal(body.path, casePath);
    assert.deepEqual(body.packages.map((p) => p.ref), ['credit-logreg@1.0.0']);
    s.child.kill('SIGTERM');
    const [code, signal] = await s.exited;
    assert.deepEqual([code, signal], [0, null], s.stderr());
  } finally {
    s.child.kill('SIGKILL');
  }
  // the case was closed: it opens again
  const again = new AssayService(casePath);
  assert.equal((await again.call('case.info', {}, OWNER)).title, 'host test');
  await again.close();
});

test('assay serve refuses a bad port and a case it cannot open, with exit 2', async () => {
  const bad = serve(join(dir, 'x.assay'), '--port', 'eighty');
  assert.deepEqual(await bad.exited, [2, null]);
  assert.match(bad.stderr(), /error BAD_ARGUMENT: --port takes a port number/);
  const notCase = serve(join(process.cwd(), 'package.json'));
  assert.deepEqual(await notCase.exited, [2, null]);
  assert.match(notCase.stderr(), /error CASE_INVALID/);
});
