import { test } from 'node:test';
import assert from 'node:assert/strict';
import { menuTemplate, type MenuActions } from '../../../electron/main/app-menu.ts';
import type { MenuItemTemplate } from '../../../electron/main/electron-api.ts';

function items(template: MenuItemTemplate[]): MenuItemTemplate[] {
  return template.flatMap((i) => [i, ...items(i.submenu ?? [])]);
}

function recorder() {
  const done: string[] = [];
  const actions: MenuActions = {
    openCase: () => done.push('open'),
    reload: () => done.push('reload'),
    toggleDevTools: () => done.push('devtools'),
    quit: () => done.push('quit'),
  };
  return { done, actions };
}

const byLabel = (template: MenuItemTemplate[], label: string) => items(template).find((i) => i.label === label);

for (const platform of ['linux', 'win32', 'darwin']) {
  test(`${platform}: Open case, Reload and Quit have their shortcuts and actions`, () => {
    const { done, actions } = recorder();
    const template = menuTemplate(platform, false, actions);
    const open = byLabel(template, 'Open case…')!;
    assert.equal(open.accelerator, 'CmdOrCtrl+O');
    open.click!();
    const reload = byLabel(template, 'Reload')!;
    assert.equal(reload.accelerator, 'CmdOrCtrl+R');
    reload.click!();
    const quit = items(template).find((i) => /^Quit/.test(i.label ?? ''))!;
    assert.equal(quit.accelerator, platform === 'darwin' ? 'Cmd+Q' : 'Ctrl+Q');
    quit.click!();
    assert.deepEqual(done, ['open', 'reload', 'quit']);
  });
}

test('Toggle Developer Tools is in the menu in development only', () => {
  const { done, actions } = recorder();
  for (const platform of ['linux', 'darwin']) {
    assert.equal(items(menuTemplate(platform, false, actions)).some((i) => /Developer Tools/.test(i.label ?? '')), false, platform);
    const dev = byLabel(menuTemplate(platform, true, actions), 'Toggle Developer Tools')!;
    assert.ok(dev.accelerator);
    dev.click!();
  }
  assert.deepEqual(done, ['devtools', 'devtools']);
});
