import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { METHOD_NAMES } from '../../../src/api/contract.ts';
import { startHost, type Host } from '../../../src/host/http/index.ts';
import { demoPackage } from '../../helpers/demo-paths.ts';
import { tempDir } from '../../helpers/temp.ts';
import { api, caseWithPackage, OWNER, rawRequest } from './helpers.ts';

const dir = tempDir('assay-host-security-');
let host: Host;

before(async () => {
  host = await startHost({ casePath: await caseWithPackage(dir), port: 0, ...OWNER });
});
after(() => host.close());

const json = { 'Content-Type': 'application/json' };
const bearer = (token: string) => ({ ...json, Authorization: `Bearer ${token}` });

/** The audit trail and packages as the host itself sees them, to prove that a refused call never reached the service. */
async function caseState() {
  const audit = await api(host, 'audit.list');
  const packages = await api(host, 'package.list');
  assert.equal(audit.status, 200);
  return { audit: audit.body.map((e: { method: string; outcome: string }) => `${e.method}:${e.outcome}`), packages: packages.body.length };
}

test('the host listens on 127.0.0.1 only, and its address carries a 32-byte base64url token', () => {
  const address = host.server.address();
  assert.ok(address && typeof address === 'object');
  assert.equal(address.address, '127.0.0.1');
  assert.equal(address.family, 'IPv4');
  assert.equal(address.port, host.port);
  assert.match(host.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(Buffer.from(host.token, 'base64url').length, 32);
  assert.equal(host.url, `http://127.0.0.1:${host.port}/?token=${host.token}`);
});

test('without the token every /api request is refused with 401 before any routing', async () => {
  const before = await caseState();
  const attempts: { method: string; path: string; headers?: Record<string, string>; body?: string }[] = [
    { method: 'POST', path: '/api/package.import', headers: json, body: JSON.stringify({ path: demoPackage('credit-logreg') }) },
    { method: 'POST', path: '/api/case.info', headers: json, body: '{}' },
    { method: 'POST', path: '/api/no.such.method', headers: json, body: '{}' }, // would be 404 after routing
    { method: 'GET', path: '/api/case.info' }, // would be 405 after routing
    { method: 'POST', path: '/api/case.info', headers: { 'Content-Type': 'text/plain' }, body: 'x' }, // would be 415
    { method: 'GET', path: '/api/events' },
    { method: 'POST', path: '/api/jobs/cancel', headers: json, body: '{"job":"x"}' },
    { method: 'POST', path: '/api/case.info', headers: { ...json, Authorization: 'Basic b2xnYTpwdw==' }, body: '{}' },
    { method: 'POST', path: '/api/case.info', headers: { ...json, Cookie: `assay_token_${host.port}=` }, body: '{}' },
  ];
  for (const a of attempts) {
    const r = await rawRequest(host.port, a);
    assert.equal(r.status, 401, `${a.method} ${a.path}`);
    assert.equal(JSON.parse(r.body).error.code, 'PERMISSION_DENIED');
    assert.equal(r.headers['www-authenticate'], 'Bearer realm="assay"');
  }
  assert.deepEqual(await caseState(), before, 'the refused calls changed nothing and were not even audited');
});

test('a wrong token is refused with 401 and the call never runs', async () => {
  const before = await caseState();
  const wrong = [host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A'), host.token.toLowerCase() === host.token ? 'x' : host.token.toLowerCase(), `${host.token}x`, 'token'];
  for (const token of wrong) {
    const r = await api(host, 'package.import', { path: demoPackage('credit-logreg') }, bearer(token));
    assert.equal(r.status, 401);
    const c = await api(host, 'case.info', {}, { ...json, Cookie: `assay_token_${host.port}=${token}` });
    assert.equal(c.status, 401);
  }
  assert.deepEqual(await caseState(), before);
});

test('without the token nothing is created: case.create on a host whose case does not exist yet', async () => {
  const path = join(dir, 'not-yet.assay');
  const fresh = await startHost({ casePath: path, port: 0, ...OWNER });
  try {
    assert.equal((await api(fresh, 'case.create', {}, json)).status, 401);
    assert.equal((await api(fresh, 'case.create', {}, bearer('nope'))).status, 401);
    assert.equal(existsSync(path), false);
    assert.equal((await api(fresh, 'case.create', {})).status, 200);
    assert.equal(existsSync(path), true);
  } finally {
    await fresh.close();
  }
});

test('the page address sets an HttpOnly SameSite=Strict cookie, and the cookie authenticates /api', async () => {
  const r = await fetch(host.url, { redirect: 'manual' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/', 'the token leaves the address bar');
  const cookie = r.headers.get('set-cookie') ?? '';
  const parts = cookie.split(';').map((p) => p.trim());
  assert.equal(parts[0], `assay_token_${host.port}=${host.token}`);
  assert.ok(parts.includes('HttpOnly') && parts.includes('SameSite=Strict') && parts.includes('Path=/'), cookie);
  const info = await api(host, 'case.info', {}, { ...json, Cookie: parts[0]! });
  assert.equal(info.status, 200);
  assert.equal(info.body.title, 'host test');

  const deep = await rawRequest(host.port, { path: `/cases/7?tab=audit&token=${host.token}` });
  assert.deepEqual([deep.status, deep.headers.location], [303, '/cases/7?tab=audit'], 'a deep link keeps its path and query');
  for (const path of ['//evil.example/', '/\\evil.example/']) {
    const r = await rawRequest(host.port, { path: `${path}?token=${host.token}` });
    assert.deepEqual([r.status, r.headers.location], [303, '/'], `${path} redirects inside this origin only`);
  }

  const stale = await fetch(`${host.origin}/?token=not-the-token`, { redirect: 'manual' });
  assert.equal(stale.status, 401);
  assert.equal(stale.headers.get('set-cookie'), null);
});

test('a foreign Origin is refused with 403, even with the token; the own origin is accepted', async () => {
  for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${host.port + 1}`, `https://127.0.0.1:${host.port}`, 'http://localhost']) {
    const r = await api(host, 'case.info', {}, { ...bearer(host.token), Origin: origin });
    assert.equal(r.status, 403, origin);
    assert.equal(r.body.error.code, 'PERMISSION_DENIED');
    const page = await rawRequest(host.port, { path: '/', headers: { Origin: origin } });
    assert.equal(page.status, 403, `page, ${origin}`);
  }
  assert.equal((await api(host, 'case.info', {}, { ...bearer(host.token), Origin: host.origin })).status, 200);
  const viaLocalhost = await rawRequest(host.port, { method: 'POST', path: '/api/case.info', headers: { ...bearer(host.token), Host: `localhost:${host.port}`, Origin: `http://localhost:${host.port}` }, body: '{}' });
  assert.equal(viaLocalhost.status, 200);
  const crossSite = await api(host, 'case.info', {}, { ...bearer(host.token), 'Sec-Fetch-Site': 'cross-site' });
  assert.equal(crossSite.status, 403);
});

test('a foreign Host (DNS rebinding) is refused with 403 on /api and on pages', async () => {
  for (const h of [`evil.example:${host.port}`, 'evil.example', `127.0.0.1:${host.port + 1}`, `127.0.0.1`, `[::1]:${host.port}`, `localhost.evil.example:${host.port}`]) {
    const r = await rawRequest(host.port, { method: 'POST', path: '/api/case.info', headers: { ...bearer(host.token), Host: h }, body: '{}' });
    assert.equal(r.status, 403, h);
    assert.equal(JSON.parse(r.body).error.code, 'PERMISSION_DENIED');
    assert.equal((await rawRequest(host.port, { path: '/', headers: { Host: h } })).status, 403);
  }
  const ok = await rawRequest(host.port, { method: 'POST', path: '/api/case.info', headers: { ...bearer(host.token), Host: `LOCALHOST:${host.port}` }, body: '{}' });
  assert.equal(ok.status, 200);
});

test('methods answer POST only (405), unknown methods 404 with BAD_ARGUMENT, bodies must be JSON objects', async () => {
  for (const verb of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) {
    const r = await rawRequest(host.port, { method: verb, path: '/api/case.info', headers: bearer(host.token) });
    assert.equal(r.status, 405, verb);
    assert.equal(r.headers.allow, 'POST');
  }
  const unknown = await api(host, 'case.explode');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'BAD_ARGUMENT');
  assert.equal((await api(host, '')).status, 404);
  for (const body of ['{', '[1,2]', '"text"', '42', 'null']) {
    const r = await rawRequest(host.port, { method: 'POST', path: '/api/case.info', headers: bearer(host.token), body });
    assert.equal(r.status, 400, body);
    assert.equal(JSON.parse(r.body).error.code, 'BAD_ARGUMENT');
  }
  const empty = await rawRequest(host.port, { method: 'POST', path: '/api/case.info', headers: { Authorization: `Bearer ${host.token}` } });
  assert.equal(empty.status, 200, 'an empty body is {}');
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const r = await rawRequest(host.port, { method: 'POST', path: '/api/case.info', headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': type }, body: '{}' });
    assert.equal(r.status, 415, type);
  }
});

test('every method of the contract has its route, and error codes map to statuses', async () => {
  for (const m of METHOD_NAMES) {
    const r = await rawRequest(host.port, { method: 'GET', path: `/api/${m}`, headers: bearer(host.token) });
    assert.equal(r.status, 405, `${m} is routed`);
  }
  assert.equal((await api(host, 'package.show', { ref: 'bad' })).status, 400);
  assert.equal((await api(host, 'package.show', { ref: 'none@1' })).status, 404);
  const regulator = await startHost({ casePath: join(dir, 'regulator.assay'), port: 0, user: 'rita', role: 'regulator' });
  try {
    await api(regulator, 'case.create');
    const denied = await api(regulator, 'package.import', { path: demoPackage('credit-logreg') });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, 'PERMISSION_DENIED');
    const locked = await startHost({ casePath: join(dir, 'regulator.assay'), port: 0, ...OWNER }).then(() => 'opened', (e) => e.code);
    assert.equal(locked, 'CASE_LOCKED', 'a second host on an open case is refused');
  } finally {
    await regulator.close();
  }
});

test('an oversized body is refused with 413', async () => {
  const big = JSON.stringify({ title: 'x'.repeat(16 * 1024 * 1024) });
  const declared = await api(host, 'case.info', JSON.parse(big));
  assert.equal(declared.status, 413);
  assert.equal(declared.body.error.code, 'BAD_ARGUMENT');
  const small = await startHost({ casePath: join(dir, 'small-body.assay'), port: 0, maxBodyBytes: 1024, ...OWNER });
  try {
    const streamed = await rawRequest(small.port, { method: 'POST', path: '/api/case.create', headers: bearer(small.token), body: JSON.stringify({ title: 'y'.repeat(600_000) }), chunked: true });
    assert.equal(streamed.status, 413, 'a body without Content-Length is cut at the limit');
    assert.equal(existsSync(join(dir, 'small-body.assay')), false);
  } finally {
    await small.close();
  }
});

test('security headers on every response, no-store on /api, and never a CORS header', async () => {
  const responses = [
    await rawRequest(host.port, { method: 'POST', path: '/api/case.info', headers: bearer(host.token), body: '{}' }),
    await rawRequest(host.port, { method: 'POST', path: '/api/case.info', body: '{}' }),
    await rawRequest(host.port, { method: 'POST', path: '/api/nope', headers: bearer(host.token), body: '{}' }),
    await rawRequest(host.port, { method: 'OPTIONS', path: '/api/case.info', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } }),
    await rawRequest(host.port, { method: 'OPTIONS', path: '/api/case.info', headers: { ...bearer(host.token), Origin: host.origin, 'Access-Control-Request-Method': 'POST' } }),
    await rawRequest(host.port, { path: '/' }),
    await rawRequest(host.port, { path: '/missing.js' }),
    await rawRequest(host.port, { path: '/', headers: { Host: 'evil.example' } }),
  ];
  for (const r of responses) {
    const csp = String(r.headers['content-security-policy']);
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"]) assert.ok(csp.includes(directive), directive);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp));
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    assert.equal(r.headers['x-frame-options'], 'DENY');
    assert.deepEqual(Object.keys(r.headers).filter((h) => h.startsWith('access-control-')), []);
  }
  for (const r of responses.slice(0, 5)) assert.equal(r.headers['cache-control'], 'no-store');
});
