import type { MenuItemTemplate } from './electron-api.ts';

export interface MenuActions {
  openCase(): void;
  reload(): void;
  toggleDevTools(): void;
  quit(): void;
}

/**
 * The native menu: File › Open case… (Ctrl/Cmd+O), Quit (Ctrl/Cmd+Q); View › Reload (Ctrl/Cmd+R), zoom, full
 * screen, and Toggle Developer Tools in development only; Edit for copy/paste in text fields; macOS's app menu.
 */
export function menuTemplate(platform: string, development: boolean, actions: MenuActions): MenuItemTemplate[] {
  const mac = platform === 'darwin';
  const view: MenuItemTemplate[] = [
    { label: 'Reload', accelerator: 'CmdOrCtrl+R', click: actions.reload },
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (development) view.push({ type: 'separator' }, { label: 'Toggle Developer Tools', accelerator: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I', click: actions.toggleDevTools });
  const file: MenuItemTemplate[] = [{ label: 'Open case…', accelerator: 'CmdOrCtrl+O', click: actions.openCase }];
  if (!mac) file.push({ type: 'separator' }, { label: 'Quit', accelerator: 'Ctrl+Q', click: actions.quit });
  const template: MenuItemTemplate[] = [
    { label: 'File', submenu: file },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: 'View', submenu: view },
  ];
  if (mac) {
    template.unshift({
      label: 'Assay',
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { label: 'Quit Assay', accelerator: 'Cmd+Q', click: actions.quit }],
    });
  }
  return template;
}
