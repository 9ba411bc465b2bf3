import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHost, type Host } from '../../../src/host/http/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { OWNER, rawRequest } from './helpers.ts';

const dir = tempDir('assay-host-static-');
const SECRET = 'SECRET-OUTSIDE-THE-STATIC-FOLDER';
const staticDir = join(dir, 'site', 'static');
let host: Host;

before(async () => {
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  mkdirSync(join(staticDir, 'docs'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'export const app = 1;');
  writeFileSync(join(staticDir, 'assets', 'app.css'), 'body { margin: 0 }');
  writeFileSync(join(staticDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(staticDir, 'assets', 'data.bin'), Buffer.from([0, 1, 2]));
  writeFileSync(join(staticDir, 'docs', 'index.html'), '<!doctype html><title>docs</title>');
  writeFileSync(join(staticDir, 'a b.txt'), 'spaced');
  writeFileSync(join(staticDir, '.env'), SECRET);
  // files a traversal would reach
  writeFileSync(join(dir, 'site', 'package.json'), SECRET);
  writeFileSync(join(dir, 'package.json'), SECRET);
  writeFileSync(join(dir, 'x'), SECRET);
  writeFileSync(join(dir, 'site', 'x'), SECRET);
  symlinkSync(join(dir, 'site', 'package.json'), join(staticDir, 'assets', 'linked.json'));
  host = await startHost({ casePath: join(dir, 'static.assay'), port: 0, staticDir, ...OWNER });
});
after(() => host.close());

const get = (path: string, headers: Record<string, string> = {}) => rawRequest(host.port, { path, headers });

test('files are served with their content type, folders and client-side routes get index.html', async () => {
  const cases: [string, number, string, string][] = [
    ['/', 200, 'text/html; charset=utf-8', '<title>app</title>'],
    ['/index.html', 200, 'text/html; charset=utf-8', '<title>app</title>'],
    ['/assets/app.js', 200, 'text/javascript; charset=utf-8', 'export const app'],
    ['/assets/app.css', 200, 'text/css; charset=utf-8', 'margin'],
    ['/assets/logo.svg', 200, 'image/svg+xml', '<svg'],
    ['/assets/data.bin', 200, 'application/octet-stream', '\u0000'],
    ['/docs/', 200, 'text/html; charset=utf-8', '<title>docs</title>'],
    ['/docs', 200, 'text/html; charset=utf-8', '<title>docs</title>'],
    ['/a%20b.txt', 200, 'text/plain; charset=utf-8', 'spaced'],
    ['/cases/42/fairness', 200, 'text/html; charset=utf-8', '<title>app</title>'],
    ['/audit?tab=trail', 200, 'text/html; charset=utf-8', '<title>app</title>'],
  ];
  for (const [path, status, type, text] of cases) {
    const r = await get(path);
    assert.equal(r.status, status, path);
    assert.equal(r.headers['content-type'], type, path);
    assert.ok(r.body.includes(text), path);
    assert.equal(r.headers['cache-control'], 'no-cache');
  }
  assert.equal((await get('/assets/missing.js')).status, 404, 'a missing file with an extension is not the app');
  const head = await rawRequest(host.port, { method: 'HEAD', path: '/assets/app.js' });
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal(head.headers['content-length'], String('export const app = 1;'.length));
  const post = await rawRequest(host.port, { method: 'POST', path: '/', body: 'x' });
  assert.equal(post.status, 405);
});

test('path traversal is refused and never reads outside the static folder', async () => {
  const attacks = [
    '/../package.json', '/%2e%2e/package.json', '/%2E%2E/package.json', '/..%2fpackage.json', '/..%2Fpackage.json',
    '/static/..\\..\\x', '/..\\x', '/%5c..%5cpackage.json', '/assets/%2e%2e/%2e%2e/package.json', '/assets/../../package.json',
    '/assets/..%252f..%252fpackage.json', '/%2e%2e%2f%2e%2e%2fpackage.json', '/./index.html', '//etc/passwd', '/assets//app.js',
    '/%00', '/index.html%00.js', '/%2fetc%2fpasswd', '/C:%5cWindows', '/c:/x', '/assets/%c0%ae%c0%ae/package.json', '/%',
    '/.env', '/assets/linked.json', 'package.json', '*',
  ];
  for (const path of attacks) {
    const r = await get(path);
    assert.ok(r.status === 400 || r.status === 404, `${path} → ${r.status}`);
    assert.ok(!r.body.includes(SECRET), `${path} leaked a file outside the static folder`);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  }
  for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/static/..\\..\\x']) {
    assert.equal((await get(path)).status, 400, path);
  }
});

test('without a built UI, / explains how to build it, in plain HTML that passes the CSP', async () => {
  for (const staticDir of [undefined, join(dir, 'no-such-folder'), join(dir, 'site')]) {
    const bare = await startHost({ casePath: join(dir, 'bare.assay'), port: 0, staticDir, ...OWNER });
    try {
      const r = await rawRequest(bare.port, { path: '/' });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
      assert.match(r.body, /not been built/);
      assert.match(r.body, /dist\/renderer/);
      assert.doesNotMatch(r.body, /<script|<style|\sstyle=|\son[a-z]+=/i, 'nothing the CSP would block');
      assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
      assert.equal((await rawRequest(bare.port, { path: '/assets/app.js' })).status, 404);
      assert.equal((await rawRequest(bare.port, { path: '/../package.json' })).status, 400);
    } finally {
      await bare.close();
    }
  }
});
