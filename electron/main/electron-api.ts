/**
 * The parts of Electron's API the shell uses, as structural types. The setup functions take these objects as
 * parameters, so the entry point passes Electron's own and the tests pass fakes; `electron/types/electron.d.ts`
 * declares the `electron` module with them (Electron itself is not a dependency: its binary cannot be downloaded
 * here). Each member matches the signature in Electron's electron.d.ts.
 */

export interface EventLike {
  preventDefault(): void;
}

export interface WebFrameLike {
  readonly url: string;
  /** null for the top frame. */
  readonly parent: WebFrameLike | null;
}

export interface WindowOpenDetails {
  url: string;
}

export type WindowOpenAnswer = { action: 'deny' } | { action: 'allow' };

export interface HeadersReceivedDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface HeadersReceivedResponse {
  cancel?: boolean;
  responseHeaders?: Record<string, string | string[]>;
}

export interface SessionLike {
  webRequest: {
    onHeadersReceived(listener: (details: HeadersReceivedDetails, callback: (response: HeadersReceivedResponse) => void) => void): void;
  };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

export interface WebContentsLike {
  readonly id: number;
  readonly mainFrame: WebFrameLike;
  readonly session: SessionLike;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: EventLike, url: string) => void): this;
  on(event: 'will-attach-webview', listener: (event: EventLike) => void): this;
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => WindowOpenAnswer): void;
  send(channel: string, ...args: unknown[]): void;
  reload(): void;
  toggleDevTools(): void;
  isDestroyed(): boolean;
}

export interface WebPreferences {
  preload: string;
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  nodeIntegrationInWorker: boolean;
  nodeIntegrationInSubFrames: boolean;
  webSecurity: boolean;
  allowRunningInsecureContent: boolean;
  webviewTag: boolean;
  experimentalFeatures: boolean;
  navigateOnDragDrop: boolean;
  safeDialogs: boolean;
  spellcheck: boolean;
  devTools: boolean;
}

export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  webPreferences: WebPreferences;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): this;
  on(event: 'closed', listener: () => void): this;
}

export type BrowserWindowConstructor = new (options: WindowOptions) => BrowserWindowLike;

export interface AppLike {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  whenReady(): Promise<void>;
  on(event: 'second-instance', listener: (event: EventLike, argv: string[], workingDirectory: string) => void): this;
  on(event: 'open-file', listener: (event: EventLike, path: string) => void): this;
  on(event: 'web-contents-created', listener: (event: EventLike, contents: WebContentsLike) => void): this;
  on(event: 'window-all-closed' | 'activate' | 'before-quit', listener: () => void): this;
}

/** The request `protocol.handle` passes: a fetch Request; only these members are used. */
export interface ProtocolRequest {
  readonly url: string;
  readonly method: string;
}

export interface SchemePrivileges {
  standard: boolean;
  secure: boolean;
  supportFetchAPI: boolean;
  corsEnabled: boolean;
  stream: boolean;
  bypassCSP: boolean;
  allowServiceWorkers: boolean;
}

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Partial<SchemePrivileges> }[]): void;
  handle(scheme: string, handler: (request: ProtocolRequest) => Response | Promise<Response>): void;
}

export interface IpcMainInvokeEventLike {
  readonly sender: WebContentsLike;
  /** null when the frame navigated away or was destroyed before the message was handled. */
  readonly senderFrame: WebFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

export interface OpenDialogOptions {
  title: string;
  properties: ('openFile')[];
  filters: { name: string; extensions: string[] }[];
}

export interface DialogLike {
  showOpenDialog(window: BrowserWindowLike, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showErrorBox(title: string, content: string): void;
}

export interface MenuItemTemplate {
  label?: string;
  role?: 'appMenu' | 'quit' | 'about' | 'hide' | 'hideOthers' | 'unhide' | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll' | 'togglefullscreen' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'minimize' | 'close';
  type?: 'separator' | 'normal';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface MenuStatic<M = unknown> {
  buildFromTemplate(template: MenuItemTemplate[]): M;
  setApplicationMenu(menu: M | null): void;
}

/** What a utility process (main side) offers. */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  kill(): boolean;
}

export interface UtilityProcessStatic {
  fork(modulePath: string, args: string[], options: { serviceName: string; env?: Record<string, string | undefined> }): UtilityProcessLike;
}

/** The child side of a utility process: `process.parentPort`. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): this;
  postMessage(message: unknown): void;
}

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this;
}

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export interface WebUtilsLike {
  getPathForFile(file: object): string;
}
