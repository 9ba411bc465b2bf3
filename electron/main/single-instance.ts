import type { AppLike, BrowserWindowLike } from './electron-api.ts';
import { caseFromArgv } from './case-argument.ts';

/**
 * One Assay per user: a second launch hands its command line to the first and quits. The first focuses its window
 * and opens the case the second was given (double-clicking a .assay file on Windows and Linux starts a new launch).
 * Returns false when this launch is the second one (it has asked to quit).
 */
export function claimSingleInstance(app: AppLike, focus: () => void, openCase: (path: string) => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv, workingDirectory) => {
    focus();
    const path = caseFromArgv(argv, workingDirectory);
    if (path) openCase(path);
  });
  return true;
}

/** macOS hands a file opened from Finder to the running app as `open-file` (possibly before it is ready). */
export function watchOpenFile(app: AppLike, openCase: (path: string) => void): void {
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (path.toLowerCase().endsWith('.assay')) openCase(path);
  });
}

export function focusWindow(window: BrowserWindowLike | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
