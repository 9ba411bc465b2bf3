import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { contentType } from '../../../../src/host/http/content-types.ts';
import { pathSegments, staticPath } from '../../../../src/host/http/static-path.ts';

const root = resolve('/srv/assay/static');

test('plain paths map to files under the root, decoded segment by segment', () => {
  const cases: [string, string[]][] = [
    ['/', []],
    ['/index.html', ['index.html']],
    ['/assets/app.js', ['assets', 'app.js']],
    ['/docs/', ['docs']],
    ['/a%20b.txt', ['a b.txt']],
    ['/caf%C3%A9', ['café']],
    ['/cases/42/fairness', ['cases', '42', 'fairness']],
  ];
  for (const [raw, segments] of cases) {
    const r = staticPath(root, raw);
    assert.ok(r.ok, raw);
    assert.deepEqual(r.segments, segments, raw);
    assert.equal(r.file, join(root, ...segments), raw);
  }
});

test('traversal, encoded separators, backslashes, NUL, drive letters and empty segments are refused with 400', () => {
  const refused = [
    '/..', '/../package.json', '/%2e%2e/package.json', '/%2E%2e/x', '/.%2e/x', '/..%2fpackage.json', '/..%2Fx', '/a/%2f/b',
    '/static/..\\..\\x', '/a\\b', '/%5c..%5cx', '/.', '/./x', '/a/./b', '/a/../b', '//etc/passwd', '/a//b', '/%00', '/a%00.js',
    '/%0a', '/%7f', '/C:%5cWindows', '/c:', '/a:b', '/%', '/%zz', '/%c0%ae%c0%ae/x', 'relative', '', '*',
  ];
  for (const raw of refused) {
    const r = staticPath(root, raw);
    assert.equal(r.ok, false, raw);
    assert.equal(!r.ok && r.status, 400, raw);
  }
});

test('hidden names are not served (404), and a double-encoded dot segment stays a plain name', () => {
  for (const raw of ['/.env', '/.git/config', '/assets/.DS_Store']) {
    const r = pathSegments(raw);
    assert.equal(!r.ok && r.status, 404, raw);
  }
  const r = staticPath(root, '/%252e%252e/x');
  assert.ok(r.ok);
  assert.deepEqual(r.segments, ['%2e%2e', 'x'], 'decoded once: a name, not a parent');
  assert.ok(r.file.startsWith(root));
});

test('content types by extension', () => {
  assert.equal(contentType('index.html'), 'text/html; charset=utf-8');
  assert.equal(contentType('app.JS'), 'text/javascript; charset=utf-8');
  assert.equal(contentType('app.mjs'), 'text/javascript; charset=utf-8');
  assert.equal(contentType('a.css'), 'text/css; charset=utf-8');
  assert.equal(contentType('a.svg'), 'image/svg+xml');
  assert.equal(contentType('a.woff2'), 'font/woff2');
  assert.equal(contentType('a.wasm'), 'application/wasm');
  assert.equal(contentType('a.map'), 'application/json; charset=utf-8');
  assert.equal(contentType('LICENSE'), 'application/octet-stream');
});
