// The Electron main process: the window, the assay:// protocol, the IPC door, menus, single instance, and the
// service process. Every piece is a function of the Electron objects it needs (tested with fakes in
// test/unit/electron); this file only wires them. Bundled to dist/electron/main.js by scripts/build-electron.mjs.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, utilityProcess } from 'electron';
import { EVENT_CHANNEL } from '../shared/ipc-protocol.ts';
import { APP_URL } from './app-origin.ts';
import { handleAppProtocol, registerAppScheme } from './app-protocol.ts';
import { menuTemplate } from './app-menu.ts';
import { caseFromArgv } from './case-argument.ts';
import { secureSession } from './content-security.ts';
import { registerIpcHandlers, wireError } from './ipc-handlers.ts';
import { identityFrom } from './launch-options.ts';
import { createMainWindow } from './main-window.ts';
import { guardEveryWebContents } from './navigation-guard.ts';
import { ServiceClient } from './service-client.ts';
import { claimSingleInstance, focusWindow, watchOpenFile } from './single-instance.ts';

const here = dirname(fileURLToPath(import.meta.url));
const RENDERER = join(here, '..', 'renderer');
const PRELOAD = join(here, 'preload.cjs');
const SERVICE = join(here, 'service.js');
const development = !app.isPackaged;

let window: InstanceType<typeof BrowserWindow> | null = null;
let ready = false;
let initialCase = caseFromArgv(process.argv, process.cwd());
let service: ServiceClient | null = null;

function showError(title: string, e: unknown): void {
  dialog.showErrorBox(title, wireError(e).message);
}

function openCase(path: string): void {
  if (!ready || !service) {
    initialCase = path;
    return;
  }
  service.openCase(path).then(
    () => {
      if (window && !window.isDestroyed()) void window.loadURL(APP_URL);
      else window = createMainWindow(BrowserWindow, PRELOAD, development);
    },
    (e: unknown) => showError(`Assay could not open ${path}`, e),
  );
}

async function chooseCase(): Promise<void> {
  if (!window) return;
  const choice = await dialog.showOpenDialog(window, { title: 'Open case', properties: ['openFile'], filters: [{ name: 'Assay case', extensions: ['assay'] }] });
  if (!choice.canceled && choice.filePaths[0]) openCase(choice.filePaths[0]);
}

registerAppScheme(protocol);
if (claimSingleInstance(app, () => focusWindow(window), openCase)) {
  watchOpenFile(app, openCase);
  guardEveryWebContents(app, shell);
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => service?.stop());
  app.whenReady().then(() => {
    const identity = identityFrom(process.env, userInfo().username);
    secureSession(session.defaultSession);
    handleAppProtocol(protocol, RENDERER);
    let startCase = initialCase;
    if (startCase && !existsSync(startCase)) {
      dialog.showErrorBox('Assay could not open the case', `There is no case file at ${startCase}; open one with File › Open case.`);
      startCase = null;
    }
    service = new ServiceClient(
      (casePath) => utilityProcess.fork(SERVICE, [], { serviceName: 'Assay service', env: { ...process.env, ASSAY_CASE: casePath ?? '', ASSAY_USER: identity.user, ASSAY_ROLE: identity.role } }),
      startCase,
      (event) => {
        if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
      },
    );
    registerIpcHandlers(ipcMain, service, (id) => window !== null && !window.isDestroyed() && window.webContents.id === id);
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, development, {
      openCase: () => void chooseCase(),
      reload: () => window?.webContents.reload(),
      toggleDevTools: () => {
        if (development) window?.webContents.toggleDevTools();
      },
      quit: () => app.quit(),
    })));
    window = createMainWindow(BrowserWindow, PRELOAD, development);
    window.on('closed', () => {
      window = null;
    });
    ready = true;
  }).catch((e: unknown) => {
    showError('Assay could not start', e);
    app.quit();
  });
}
