import type { AppLike, ShellLike, WebContentsLike } from './electron-api.ts';
import { openExternalIfAllowed } from './external-links.ts';

/**
 * The page never leaves the app: every navigation and redirect is prevented (in-page hash routes do not navigate),
 * every new window is denied, <webview> cannot be attached. A link to an allowlisted https address opens in the
 * system browser instead.
 */
export function guardNavigation(contents: WebContentsLike, shell: ShellLike): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openExternalIfAllowed(shell, url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(shell, url);
    return { action: 'deny' };
  });
}

/** Guards every webContents the app creates (its window, DevTools, anything a page might manage to open). */
export function guardEveryWebContents(app: AppLike, shell: ShellLike): void {
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents, shell));
}
