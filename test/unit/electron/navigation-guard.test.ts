import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXTERNAL_HOSTS, isAllowedExternal } from '../../../electron/main/external-links.ts';
import { guardEveryWebContents, guardNavigation } from '../../../electron/main/navigation-guard.ts';
import { FakeApp, FakeEvent, FakeShell, FakeWebContents } from './fakes.ts';

function guarded() {
  const contents = new FakeWebContents();
  const shell = new FakeShell();
  guardNavigation(contents, shell);
  return { contents, shell };
}

test('every navigation is prevented, to the app\'s own origin too', () => {
  const { contents, shell } = guarded();
  for (const url of ['https://evil.example/', 'file:///etc/passwd', 'assay://app/other.html', 'http://127.0.0.1:1234/', 'javascript:alert(1)']) {
    const event = new FakeEvent();
    contents.emit('will-navigate', event, url);
    assert.equal(event.defaultPrevented, true, url);
  }
  assert.deepEqual(shell.opened, []);
});

test('redirects and <webview> attachment are prevented', () => {
  const { contents } = guarded();
  const redirect = new FakeEvent();
  contents.emit('will-redirect', redirect, 'https://evil.example/');
  assert.equal(redirect.defaultPrevented, true);
  const webview = new FakeEvent();
  contents.emit('will-attach-webview', webview);
  assert.equal(webview.defaultPrevented, true);
});

test('a navigation to an allowlisted https address is prevented and opened in the system browser', () => {
  const { contents, shell } = guarded();
  const event = new FakeEvent();
  contents.emit('will-navigate', event, 'https://github.com/onnx/onnx');
  assert.equal(event.defaultPrevented, true);
  assert.deepEqual(shell.opened, ['https://github.com/onnx/onnx']);
});

test('every new window is denied; only allowlisted https addresses go to the system browser', () => {
  const { contents, shell } = guarded();
  assert.ok(contents.windowOpenHandler);
  for (const url of ['https://fairlearn.org/main/user_guide', 'https://evil.example/', 'http://github.com/', 'about:blank', 'assay://app/index.html']) {
    assert.deepEqual(contents.windowOpenHandler!({ url }), { action: 'deny' }, url);
  }
  assert.deepEqual(shell.opened, ['https://fairlearn.org/main/user_guide']);
});

test('the external allowlist takes https on the listed hosts only', () => {
  assert.ok(EXTERNAL_HOSTS.includes('github.com'));
  const allowed = ['https://github.com/', 'https://github.com/a/b?c=d#e', 'https://onnx.ai/onnx/operators/'];
  const refused = [
    'http://github.com/', // not https
    'https://github.com.evil.example/', // suffix trick
    'https://evilgithub.com/',
    'https://api.github.com/', // subdomains are not listed
    'https://user:pw@github.com/', // credentials
    'https://github.com:8443/', // another port
    'file:///C:/Windows/System32/calc.exe',
    'smb://github.com/share',
    'javascript:alert(1)',
    'not a url',
  ];
  for (const url of allowed) assert.equal(isAllowedExternal(url), true, url);
  for (const url of refused) assert.equal(isAllowedExternal(url), false, url);
});

test('every webContents the app creates is guarded', () => {
  const app = new FakeApp(true);
  const shell = new FakeShell();
  guardEveryWebContents(app, shell);
  const contents = new FakeWebContents(7);
  app.emit('web-contents-created', new FakeEvent(), contents);
  assert.ok(contents.windowOpenHandler, 'window open handler set');
  const event = new FakeEvent();
  contents.emit('will-navigate', event, 'https://evil.example/');
  assert.equal(event.defaultPrevented, true);
});
