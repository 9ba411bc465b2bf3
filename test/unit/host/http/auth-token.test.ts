import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { bearerToken, cookieName, isAuthenticated, newToken, readCookie, tokenCookie, tokenMatches } from '../../../../src/host/http/auth-token.ts';

test('a token is 32 random bytes in base64url, new at every launch', () => {
  const tokens = new Set(Array.from({ length: 100 }, newToken));
  assert.equal(tokens.size, 100);
  for (const t of tokens) {
    assert.match(t, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(t, 'base64url').length, 32);
  }
});

test('tokens are compared whole: a prefix, an extension, another case or nothing does not match', () => {
  const t = newToken();
  assert.equal(tokenMatches(t, t), true);
  for (const other of [t.slice(0, -1), `${t}=`, `${t} `, t.toUpperCase() === t ? t.toLowerCase() : t.toUpperCase(), '', null, undefined, newToken(), 'x'.repeat(5000)]) {
    assert.equal(tokenMatches(t, other), false, String(other).slice(0, 50));
  }
});

test('the token is read from Authorization: Bearer or from the port\'s cookie', () => {
  const t = newToken();
  assert.equal(bearerToken(`Bearer ${t}`), t);
  assert.equal(bearerToken(`bearer ${t}`), t);
  assert.equal(bearerToken(`Basic ${t}`), null);
  assert.equal(bearerToken(undefined), null);
  assert.equal(cookieName(8123), 'assay_token_8123');
  assert.equal(tokenCookie(8123, t), `assay_token_8123=${t}; HttpOnly; SameSite=Strict; Path=/`);
  assert.equal(readCookie(`a=1; assay_token_8123=${t}; b=2`, 'assay_token_8123'), t);
  assert.equal(readCookie(`assay_token_81234=${t}`, 'assay_token_8123'), null);
  assert.equal(readCookie(undefined, 'assay_token_8123'), null);
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  assert.equal(isAuthenticated(req({ authorization: `Bearer ${t}` }), t, 8123), true);
  assert.equal(isAuthenticated(req({ cookie: `assay_token_8123=${t}` }), t, 8123), true);
  assert.equal(isAuthenticated(req({ cookie: `assay_token_9999=${t}` }), t, 8123), false, 'another host\'s cookie');
  assert.equal(isAuthenticated(req({}), t, 8123), false);
});
