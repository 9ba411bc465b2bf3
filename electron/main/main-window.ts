import { APP_URL } from './app-origin.ts';
import type { BrowserWindowLike, WindowOptions } from './electron-api.ts';
import { mainWindowOptions } from './web-preferences.ts';

/** The app's window: secure preferences, shown once painted, on assay://app/ (navigation-guard.ts guards it). */
export function createMainWindow<W extends BrowserWindowLike>(BrowserWindow: new (options: WindowOptions) => W, preload: string, development: boolean): W {
  const window = new BrowserWindow(mainWindowOptions(preload, development));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_URL);
  return window;
}
