// The `electron` module as the shell uses it. Electron is not installed as a dependency (its postinstall downloads
// the binary, which `npm ci` cannot do offline), so electron/tsconfig.json maps the module name to this file. The
// types are the structural subsets of electron-api.ts; Electron's own objects satisfy them.
import type {
  AppLike, BrowserWindowConstructor, ContextBridgeLike, DialogLike, IpcMainLike, IpcRendererLike, MenuStatic, ProtocolLike,
  SessionLike, ShellLike, UtilityProcessStatic, WebUtilsLike,
} from '../main/electron-api.ts';

export declare const app: AppLike & { getPath(name: 'userData'): string };
export declare const BrowserWindow: BrowserWindowConstructor;
export declare const contextBridge: ContextBridgeLike;
export declare const dialog: DialogLike;
export declare const ipcMain: IpcMainLike;
export declare const ipcRenderer: IpcRendererLike;
export declare const Menu: MenuStatic;
export declare const protocol: ProtocolLike;
export declare const session: { defaultSession: SessionLike };
export declare const shell: ShellLike;
export declare const utilityProcess: UtilityProcessStatic;
export declare const webUtils: WebUtilsLike;
