import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTENT_SECURITY_POLICY } from '../../../src/host/http/index.ts';
import { secureSession } from '../../../electron/main/content-security.ts';
import type { HeadersReceivedResponse } from '../../../electron/main/electron-api.ts';
import { FakeSession } from './fakes.ts';

function headersFor(session: FakeSession, responseHeaders: Record<string, string[]>): Record<string, string | string[]> {
  let answer: HeadersReceivedResponse | null = null;
  session.headersListener!({ url: 'assay://app/index.html', responseHeaders }, (r) => {
    answer = r;
  });
  assert.ok(answer, 'the listener answered');
  return (answer as HeadersReceivedResponse).responseHeaders ?? {};
}

test('every response gets the HTTP host\'s CSP, the one policy for both doors', () => {
  const session = new FakeSession();
  secureSession(session);
  assert.ok(session.headersListener, 'onHeadersReceived is installed');
  const headers = headersFor(session, { 'Content-Type': ['text/html'] });
  assert.deepEqual(headers['Content-Security-Policy'], [CONTENT_SECURITY_POLICY]);
  assert.deepEqual(headers['Content-Type'], ['text/html']);
  assert.deepEqual(headers['X-Content-Type-Options'], ['nosniff']);
});

test('a response\'s own, weaker CSP is replaced, whatever the header\'s case', () => {
  const session = new FakeSession();
  secureSession(session);
  const headers = headersFor(session, { 'content-security-policy': ["default-src * 'unsafe-inline' 'unsafe-eval'"], 'CONTENT-SECURITY-POLICY': ['script-src *'] });
  const csp = Object.entries(headers).filter(([k]) => k.toLowerCase() === 'content-security-policy');
  assert.deepEqual(csp, [['Content-Security-Policy', [CONTENT_SECURITY_POLICY]]]);
});

test('the policy allows nothing inline, no eval and nothing from another origin', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
  assert.deepEqual(directives.get('script-src'), ["'self'"]);
  assert.deepEqual(directives.get('style-src'), ["'self'"]);
  assert.deepEqual(directives.get('default-src'), ["'self'"]);
  assert.deepEqual(directives.get('object-src'), ["'none'"]);
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|\*/);
});

test('every permission request and check is refused', () => {
  const session = new FakeSession();
  secureSession(session);
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
    let granted: boolean | null = null;
    session.permissionHandler!(null, permission, (g) => {
      granted = g;
    });
    assert.equal(granted, false, permission);
    assert.equal(session.checkHandler!(null, permission), false, permission);
  }
});
