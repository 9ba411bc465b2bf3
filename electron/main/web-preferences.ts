import type { WebPreferences, WindowOptions } from './electron-api.ts';

/**
 * The renderer runs as a web page: isolated from the preload's world, sandboxed, without Node, with the same-origin
 * policy, no <webview>, no navigation by dropping a file, and DevTools only in development.
 */
export function secureWebPreferences(preload: string, development: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: development,
  };
}

export function mainWindowOptions(preload: string, development: boolean): WindowOptions {
  return { width: 1400, height: 900, minWidth: 800, minHeight: 560, show: false, title: 'Assay', webPreferences: secureWebPreferences(preload, development) };
}
