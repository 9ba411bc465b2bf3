import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { caseFromArgv } from '../../../electron/main/case-argument.ts';
import type { BrowserWindowLike } from '../../../electron/main/electron-api.ts';
import { claimSingleInstance, focusWindow, watchOpenFile } from '../../../electron/main/single-instance.ts';
import { FakeApp, FakeEvent, FakeWebContents } from './fakes.ts';

test('a second launch quits at once and registers nothing', () => {
  const app = new FakeApp(false);
  const opened: string[] = [];
  let focused = 0;
  assert.equal(claimSingleInstance(app, () => focused++, (p) => opened.push(p)), false);
  assert.equal(app.quitCalls, 1);
  assert.equal(app.count('second-instance'), 0);
  assert.equal(focused, 0);
});

test('the first launch keeps running; a second launch focuses it and opens the case it was given', () => {
  const app = new FakeApp(true);
  const opened: string[] = [];
  let focused = 0;
  assert.equal(claimSingleInstance(app, () => focused++, (p) => opened.push(p)), true);
  assert.equal(app.quitCalls, 0);
  app.emit('second-instance', new FakeEvent(), ['/opt/Assay/assay', '--some-switch', 'cases/q3.assay'], '/home/me');
  assert.equal(focused, 1);
  assert.deepEqual(opened, [join('/home/me', 'cases/q3.assay')]);
  app.emit('second-instance', new FakeEvent(), ['/opt/Assay/assay'], '/home/me');
  assert.equal(focused, 2, 'a plain second launch only focuses');
  assert.equal(opened.length, 1);
});

test('a .assay file opened from macOS\'s Finder opens the case; other files are ignored', () => {
  const app = new FakeApp(true);
  const opened: string[] = [];
  watchOpenFile(app, (p) => opened.push(p));
  const event = new FakeEvent();
  app.emit('open-file', event, '/Users/me/Audit.ASSAY');
  assert.equal(event.defaultPrevented, true);
  app.emit('open-file', new FakeEvent(), '/Users/me/notes.txt');
  assert.deepEqual(opened, ['/Users/me/Audit.ASSAY']);
});

test('the case argument is the last .assay on the command line, made absolute', () => {
  assert.equal(caseFromArgv(['electron', 'dist/electron/main.js', 'assay-demo/demo.assay'], '/repo'), resolve('/repo', 'assay-demo/demo.assay'));
  assert.equal(caseFromArgv(['assay', '/abs/a.assay', 'b.assay'], '/w'), resolve('/w', 'b.assay'));
  assert.equal(caseFromArgv(['assay', '--flag=x.assay'], '/w'), null);
  assert.equal(caseFromArgv(['x.assay'], '/w'), null, 'argv[0] is the executable');
  assert.equal(caseFromArgv(['assay', 'report.pdf'], '/w'), null);
});

test('focusing restores a minimised window', () => {
  const calls: string[] = [];
  const window = {
    webContents: new FakeWebContents(),
    isDestroyed: () => false,
    isMinimized: () => true,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  } as unknown as BrowserWindowLike;
  focusWindow(window);
  assert.deepEqual(calls, ['restore', 'show', 'focus']);
  focusWindow(null);
});
