import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { checkRequest } from '../../../../src/host/http/request-guard.ts';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const status = (headers: Record<string, string>, api = true) => checkRequest(req(headers), 4000, api)?.status ?? 200;

test('Host must be 127.0.0.1 or localhost with the host\'s port', () => {
  assert.equal(status({ host: '127.0.0.1:4000' }), 200);
  assert.equal(status({ host: 'localhost:4000' }), 200);
  assert.equal(status({ host: 'LocalHost:4000' }), 200);
  for (const host of ['evil.example:4000', '127.0.0.1', '127.0.0.1:4001', 'localhost', '[::1]:4000', '0.0.0.0:4000', '127.0.0.2:4000', '']) {
    assert.equal(status({ host }), 403, host);
    assert.equal(status({ host }, false), 403, `${host} (page)`);
  }
});

test('Origin, when present, must be the host\'s own', () => {
  assert.equal(status({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' }), 200);
  assert.equal(status({ host: 'localhost:4000', origin: 'http://localhost:4000' }), 200);
  for (const origin of ['http://evil.example', 'null', 'http://localhost:4000', 'https://127.0.0.1:4000', 'http://127.0.0.1:4001', 'file://']) {
    assert.equal(status({ host: '127.0.0.1:4000', origin }), 403, origin);
  }
});

test('Sec-Fetch-Site must be same-origin or none for /api; pages may be opened from a link', () => {
  assert.equal(status({ host: '127.0.0.1:4000', 'sec-fetch-site': 'same-origin' }), 200);
  assert.equal(status({ host: '127.0.0.1:4000', 'sec-fetch-site': 'none' }), 200);
  assert.equal(status({ host: '127.0.0.1:4000', 'sec-fetch-site': 'same-site' }), 403, 'another port of localhost is the same site');
  assert.equal(status({ host: '127.0.0.1:4000', 'sec-fetch-site': 'cross-site' }), 403);
  assert.equal(status({ host: '127.0.0.1:4000', 'sec-fetch-site': 'cross-site' }, false), 200);
});
