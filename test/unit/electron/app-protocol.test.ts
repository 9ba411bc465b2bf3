import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../src/host/http/index.ts';
import { appResponse, handleAppProtocol, registerAppScheme } from '../../../electron/main/app-protocol.ts';
import type { ProtocolLike, SchemePrivileges } from '../../../electron/main/electron-api.ts';
import { tempDir } from '../../helpers/temp.ts';

const base = tempDir('assay-protocol-');
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Assay</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(root, '.env'), 'SECRET=1');
writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
symlinkSync(base, join(root, 'outside'), 'dir');
symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'leak.js'));

const get = (url: string, method = 'GET') => appResponse(root, { url, method });

test('the renderer is served under assay://app/ with the CSP and its content type', async () => {
  const index = await get('assay://app/index.html');
  assert.equal(index.status, 200);
  assert.equal(await index.text(), '<!doctype html><title>Assay</title>');
  assert.equal(index.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
  assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
  const script = await get('assay://app/assets/app.js?v=1#x');
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.equal((await get('assay://app/')).status, 200);
  assert.equal(await (await get('assay://app/log/clean')).text(), '<!doctype html><title>Assay</title>', 'a client route gets index.html');
});

test('path traversal and files outside the renderer are refused', async () => {
  const attempts = [
    'assay://app/..%2fsecret.txt',
    'assay://app/%2e%2e/secret.txt',
    'assay://app/assets/..%2f..%2fsecret.txt',
    'assay://app/assets/%5c..%5c..%5csecret.txt',
    'assay://app/..%5csecret.txt',
    'assay://app/%2e%2e%2f%2e%2e%2fsecret.txt',
    'assay://app//etc/passwd',
    'assay://app/C:%2fWindows%2fwin.ini',
    'assay://app/%00secret.txt',
    'assay://app/outside/secret.txt', // a link out of the folder
    'assay://app/assets/leak.js', // a file link out of the folder
    'assay://app/.env', // hidden
    'assay://app/missing.js',
  ];
  for (const url of attempts) {
    const res = await get(url);
    assert.ok(res.status === 400 || res.status === 404, `${url} → ${res.status}`);
    assert.doesNotMatch(await res.text(), /TOP SECRET|SECRET=1/, url);
    assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, url);
  }
});

test('other hosts, other schemes and other verbs are refused', async () => {
  assert.equal((await get('assay://evil/index.html')).status, 404);
  assert.equal((await get('assay://app.evil/index.html')).status, 404);
  assert.equal((await get('https://app/index.html')).status, 404);
  assert.equal((await get('assay://app/index.html', 'POST')).status, 405);
  const head = await get('assay://app/index.html', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
});

test('the scheme is registered standard and secure, with no CSP bypass, and handled under its name', async () => {
  const registered: { scheme: string; privileges: Partial<SchemePrivileges> }[] = [];
  const handled: { scheme: string; handler: Parameters<ProtocolLike['handle']>[1] }[] = [];
  const protocol: ProtocolLike = {
    registerSchemesAsPrivileged: (s) => registered.push(...s),
    handle: (scheme, handler) => handled.push({ scheme, handler }),
  };
  registerAppScheme(protocol);
  assert.equal(registered.length, 1);
  assert.equal(registered[0]!.scheme, 'assay');
  assert.equal(registered[0]!.privileges.standard, true);
  assert.equal(registered[0]!.privileges.secure, true);
  assert.equal(registered[0]!.privileges.bypassCSP, false);
  assert.equal(registered[0]!.privileges.allowServiceWorkers, false);
  handleAppProtocol(protocol, root);
  assert.equal(handled[0]!.scheme, 'assay');
  const res = await handled[0]!.handler({ url: 'assay://app/..%2fsecret.txt', method: 'GET' });
  assert.equal(res.status, 400);
});
