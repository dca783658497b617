/**
 * A small recording stand-in for the parts of Electron the shell uses, for `vi.mock('electron', ...)`:
 * Electron's binary is not available to tests, and the shell is thin enough that checking what it asks of
 * Electron is the test. Objects are stable (modules keep references to them); `reset()` clears what they
 * recorded.
 *
 *   const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());
 *   vi.mock('electron', () => fake.module);
 */
type Listener = (...args: any[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapper: Listener = (...args) => {
      this.removeListener(event, wrapper);
      return listener(...args);
    };
    return this.on(event, wrapper);
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }
  removeAllListeners(event?: string): this {
    if (event === undefined) this.listeners.clear();
    else this.listeners.delete(event);
    return this;
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
  emit(event: string, ...args: unknown[]): boolean {
    const listeners = this.listeners.get(event) ?? [];
    for (const listener of listeners) listener(...args);
    return listeners.length > 0;
  }
}

/** An Electron-style event: `preventDefault()` records that it was called; extra fields are merged in. */
export function fakeEvent<T extends object>(fields: T = {} as T): T & { defaultPrevented: boolean; preventDefault(): void } {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

let nextRoutingId = 1;

export class FakeFrame {
  readonly routingId = nextRoutingId++;
  readonly processId = 7;
  parent: FakeFrame | null = null;
  constructor(public url = '') {}
}

export class FakeWebContents extends FakeEmitter {
  mainFrame = new FakeFrame();
  destroyed = false;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
}

export function createFakeElectron() {
  const log: string[] = [];
  let resolveReady: () => void = () => undefined;
  let readyPromise = new Promise<void>((r) => (resolveReady = r));

  class App extends FakeEmitter {
    isPackaged = false;
    ready = false;
    lock = true;
    paths: Record<string, string> = { appData: '/fake/appData', userData: '/fake/appData/taglock' };
    aboutOptions: unknown = null;
    quitCalls = 0;
    exitCodes: number[] = [];
    enableSandbox() {
      log.push('app.enableSandbox');
    }
    requestSingleInstanceLock() {
      log.push('app.requestSingleInstanceLock');
      return this.lock;
    }
    quit() {
      this.quitCalls++;
      log.push('app.quit');
    }
    exit(code = 0) {
      this.exitCodes.push(code);
    }
    whenReady() {
      return readyPromise;
    }
    isReady() {
      return this.ready;
    }
    /** Test control: make the app ready. */
    becomeReady() {
      this.ready = true;
      log.push('app.ready');
      resolveReady();
    }
    getPath(name: string) {
      const path = this.paths[name];
      if (!path) throw new Error(`fake app has no path ${name}`);
      return path;
    }
    setPath(name: string, value: string) {
      log.push(`app.setPath ${name}`);
      this.paths[name] = value;
    }
    setAboutPanelOptions(options: unknown) {
      this.aboutOptions = options;
    }
  }
  const app = new App();

  class BrowserWindow extends FakeEmitter {
    static readonly instances: BrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    destroyed = false;
    minimized = false;
    visible = false;
    focused = false;
    loadedUrl: string | null = null;
    readonly calls: string[] = [];
    constructor(readonly options: any) {
      super();
      BrowserWindow.instances.push(this);
      log.push('new BrowserWindow');
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return this.destroyed;
    }
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.calls.push('restore');
      this.minimized = false;
    }
    show() {
      this.calls.push('show');
      this.visible = true;
    }
    focus() {
      this.calls.push('focus');
      this.focused = true;
    }
  }

  class IpcMain extends FakeEmitter {
    readonly handlers = new Map<string, Listener>();
    handle(channel: string, handler: Listener) {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, handler);
    }
    removeHandler(channel: string) {
      this.handlers.delete(channel);
    }
  }
  const ipcMain = new IpcMain();

  class Session {
    permissionRequestHandler: Listener | null = null;
    permissionCheckHandler: Listener | null = null;
    devicePermissionHandler: Listener | null = null;
    beforeRequest: Listener | null = null;
    readonly webRequest = {
      onBeforeRequest: (filterOrListener: unknown, maybeListener?: Listener) => {
        this.beforeRequest = (typeof filterOrListener === 'function' ? filterOrListener : maybeListener) as Listener;
      },
    };
    setPermissionRequestHandler(handler: Listener) {
      this.permissionRequestHandler = handler;
    }
    setPermissionCheckHandler(handler: Listener) {
      this.permissionCheckHandler = handler;
    }
    setDevicePermissionHandler(handler: Listener) {
      this.devicePermissionHandler = handler;
    }
  }
  const session = { defaultSession: new Session() };

  const protocol = {
    privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
    registeredBeforeReady: null as boolean | null,
    handlers: new Map<string, (request: Request) => Promise<Response>>(),
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]) {
      log.push('protocol.registerSchemesAsPrivileged');
      protocol.registeredBeforeReady = !app.ready;
      protocol.privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Promise<Response>) {
      log.push(`protocol.handle ${scheme}`);
      protocol.handlers.set(scheme, handler);
    },
  };

  const safeStorage = {
    available: true,
    backend: 'gnome_libsecret' as string,
    isEncryptionAvailable: () => safeStorage.available,
    getSelectedStorageBackend: () => safeStorage.backend,
    encryptString: (plain: string) => Buffer.from(`sealed:${Buffer.from(plain, 'utf8').toString('base64')}`, 'utf8'),
    decryptString: (sealed: Buffer) => {
      const text = sealed.toString('utf8');
      if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(text.slice('sealed:'.length), 'base64').toString('utf8');
    },
  };

  const contextBridge = {
    exposed: new Map<string, unknown>(),
    exposeInMainWorld(key: string, api: unknown) {
      contextBridge.exposed.set(key, api);
    },
  };

  class IpcRenderer extends FakeEmitter {
    readonly invocations: { channel: string; args: unknown[] }[] = [];
    reply: unknown = { ok: true, value: null };
    invoke(channel: string, ...args: unknown[]) {
      this.invocations.push({ channel, args });
      return Promise.resolve(this.reply);
    }
  }
  const ipcRenderer = new IpcRenderer();

  const shell = {
    opened: [] as string[],
    openExternal(url: string) {
      shell.opened.push(url);
      return Promise.resolve();
    },
  };

  const Menu = {
    current: null as null | { template: any[] },
    buildFromTemplate(template: any[]) {
      return { template };
    },
    setApplicationMenu(menu: { template: any[] } | null) {
      Menu.current = menu;
    },
  };

  const dialog = {
    openResult: { canceled: true, filePaths: [] as string[] },
    messageBoxes: [] as any[],
    errorBoxes: [] as [string, string][],
    showOpenDialog(...args: any[]) {
      void args;
      return Promise.resolve(dialog.openResult);
    },
    showMessageBox(...args: any[]) {
      dialog.messageBoxes.push(args[args.length - 1]);
      return Promise.resolve({ response: 0, checkboxChecked: false });
    },
    showErrorBox(title: string, content: string) {
      dialog.errorBoxes.push([title, content]);
    },
  };

  const module = { app, BrowserWindow, ipcMain, session, protocol, safeStorage, contextBridge, ipcRenderer, shell, Menu, dialog };

  function reset(): void {
    log.length = 0;
    app.removeAllListeners();
    Object.assign(app, { isPackaged: false, ready: false, lock: true, aboutOptions: null, quitCalls: 0, exitCodes: [] });
    app.paths = { appData: '/fake/appData', userData: '/fake/appData/taglock' };
    readyPromise = new Promise<void>((r) => (resolveReady = r));
    BrowserWindow.instances.length = 0;
    ipcMain.handlers.clear();
    ipcMain.removeAllListeners();
    Object.assign(session.defaultSession, { permissionRequestHandler: null, permissionCheckHandler: null, devicePermissionHandler: null, beforeRequest: null });
    protocol.privileged.length = 0;
    protocol.registeredBeforeReady = null;
    protocol.handlers.clear();
    Object.assign(safeStorage, { available: true, backend: 'gnome_libsecret' });
    contextBridge.exposed.clear();
    ipcRenderer.removeAllListeners();
    ipcRenderer.invocations.length = 0;
    shell.opened.length = 0;
    Menu.current = null;
    dialog.openResult = { canceled: true, filePaths: [] };
    dialog.messageBoxes.length = 0;
    dialog.errorBoxes.length = 0;
  }

  return { module: { ...module, default: module }, log, reset, ...module };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
