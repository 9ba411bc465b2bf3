import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_URL } from '../../../electron/main/app-origin.ts';
import type { WindowOptions } from '../../../electron/main/electron-api.ts';
import { createMainWindow } from '../../../electron/main/main-window.ts';
import { secureWebPreferences } from '../../../electron/main/web-preferences.ts';
import { FakeWebContents } from './fakes.ts';

test('the renderer is isolated, sandboxed, without Node and with web security', () => {
  const p = secureWebPreferences('/app/preload.cjs', false);
  assert.equal(p.contextIsolation, true);
  assert.equal(p.sandbox, true);
  assert.equal(p.nodeIntegration, false);
  assert.equal(p.nodeIntegrationInWorker, false);
  assert.equal(p.nodeIntegrationInSubFrames, false);
  assert.equal(p.webSecurity, true);
  assert.equal(p.allowRunningInsecureContent, false);
  assert.equal(p.webviewTag, false);
  assert.equal(p.experimentalFeatures, false);
  assert.equal(p.navigateOnDragDrop, false);
  assert.equal(p.preload, '/app/preload.cjs');
});

test('DevTools are available in development only', () => {
  assert.equal(secureWebPreferences('p', false).devTools, false);
  assert.equal(secureWebPreferences('p', true).devTools, true);
});

test('the main window gets exactly these preferences, loads assay://app/ and shows once painted', () => {
  const made: { options: WindowOptions; window: FakeWindow }[] = [];
  class FakeWindow {
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    shown = 0;
    readyListeners: (() => void)[] = [];
    constructor(readonly options: WindowOptions) {
      made.push({ options, window: this });
    }
    async loadURL(url: string) {
      this.loaded.push(url);
    }
    isMinimized() { return false; }
    restore() {}
    show() { this.shown++; }
    focus() {}
    isDestroyed() { return false; }
    once(_event: 'ready-to-show', listener: () => void) {
      this.readyListeners.push(listener);
      return this;
    }
    on() { return this; }
  }
  const window = createMainWindow(FakeWindow, '/x/preload.cjs', false);
  assert.equal(made.length, 1);
  assert.deepEqual(made[0]!.options.webPreferences, secureWebPreferences('/x/preload.cjs', false));
  assert.equal(made[0]!.options.show, false);
  assert.deepEqual(window.loaded, [APP_URL]);
  assert.match(APP_URL, /^assay:\/\/app\//);
  assert.equal(window.shown, 0);
  for (const l of window.readyListeners) l();
  assert.equal(window.shown, 1);
});
