// The preload script (sandboxed: it may require only a few modules, "electron" among them; bundled to
// dist/electron/preload.cjs). It exposes the bridge and nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './bridge.ts';

contextBridge.exposeInMainWorld('assay', createBridge(ipcRenderer, webUtils));
