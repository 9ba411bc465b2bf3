import type {
  AppLike, EventLike, HeadersReceivedDetails, HeadersReceivedResponse, IpcMainInvokeEventLike, IpcMainLike, SessionLike, ShellLike,
  WebContentsLike, WebFrameLike, WindowOpenAnswer, WindowOpenDetails,
} from '../../../electron/main/electron-api.ts';

type Listener = (...args: never[]) => unknown;

/** A minimal event emitter standing in for Electron's objects: `on` records, `emit` calls. */
class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeEvent implements EventLike {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeShell implements ShellLike {
  readonly opened: string[] = [];
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}

export class FakeSession implements SessionLike {
  headersListener: ((details: HeadersReceivedDetails, callback: (r: HeadersReceivedResponse) => void) => void) | null = null;
  permissionHandler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  checkHandler: ((wc: unknown, permission: string) => boolean) | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: NonNullable<FakeSession['headersListener']>) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: NonNullable<FakeSession['permissionHandler']>): void {
    this.permissionHandler = handler;
  }
  setPermissionCheckHandler(handler: NonNullable<FakeSession['checkHandler']>): void {
    this.checkHandler = handler;
  }
}

export function frame(url: string, parent: WebFrameLike | null = null): WebFrameLike {
  return { url, parent };
}

export class FakeWebContents extends Emitter implements WebContentsLike {
  windowOpenHandler: ((details: WindowOpenDetails) => WindowOpenAnswer) | null = null;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  reloads = 0;
  devTools = 0;
  readonly session = new FakeSession();
  constructor(readonly id = 1, readonly mainFrame: WebFrameLike = frame('assay://app/index.html')) {
    super();
  }
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => WindowOpenAnswer): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  reload(): void {
    this.reloads++;
  }
  toggleDevTools(): void {
    this.devTools++;
  }
  isDestroyed(): boolean {
    return false;
  }
}

export class FakeApp extends Emitter implements AppLike {
  isPackaged = false;
  quitCalls = 0;
  constructor(private readonly lock: boolean) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  quit(): void {
    this.quitCalls++;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
}

type Handler = (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown;

/** ipcMain and the renderer's side: `invoke` clones arguments and results as Electron does (structured clone). */
export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(event: IpcMainInvokeEventLike, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await handler(event, ...structuredClone(args)));
  }
}

export function invokeEvent(url: string, options: { parent?: WebFrameLike | null; senderId?: number; noFrame?: boolean } = {}): IpcMainInvokeEventLike {
  const senderFrame = options.noFrame ? null : frame(url, options.parent ?? null);
  return { sender: new FakeWebContents(options.senderId ?? 1), senderFrame };
}
