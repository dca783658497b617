/**
 * The composition, with Electron replaced by recording fakes: what happens before ready, what after, and
 * a call and an event going all the way through the real services.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());
vi.mock('electron', () => fake.module);
// electron-store needs a real Electron app; its base class `conf` stands in, in the same folder.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class extends Conf<Record<string, unknown>> {
      constructor({ name = 'config', ...rest }: Record<string, unknown> & { name?: string }) {
        super({ ...rest, configName: name, projectName: 'taglock-test' });
      }
    },
  };
});

const root = resolve(import.meta.dirname, '..', '..', '..');
const shellDir = join(root, 'electron', 'shell');
let dataDir: string;
const savedDataDir = process.env.TAGLOCK_DATA_DIR;

beforeEach(() => {
  fake.reset();
  vi.resetModules();
  dataDir = mkdtempSync(join(tmpdir(), 'taglock-main-'));
  process.env.TAGLOCK_DATA_DIR = dataDir;
});
afterEach(() => {
  if (savedDataDir === undefined) delete process.env.TAGLOCK_DATA_DIR;
  else process.env.TAGLOCK_DATA_DIR = savedDataDir;
  rmSync(dataDir, { recursive: true, force: true });
});

async function launch(): Promise<typeof import('../../../electron/shell/main.js')> {
  const main = await import('../../../electron/shell/main.js');
  fake.app.becomeReady();
  await main.started;
  return main;
}

type Invoke = (event: unknown, method: unknown, args: unknown) => Promise<{ ok: boolean; value?: any; error?: any }>;

describe('main (first instance)', () => {
  it('enables the sandbox, registers app:// and claims the lock before the app is ready', async () => {
    const main = await import('../../../electron/shell/main.js');
    expect(fake.log.slice(0, 4)).toEqual(['app.enableSandbox', 'app.setPath userData', 'protocol.registerSchemesAsPrivileged', 'app.requestSingleInstanceLock']);
    expect(fake.protocol.registeredBeforeReady).toBe(true);
    expect(fake.BrowserWindow.instances).toHaveLength(0);
    expect(fake.app.listenerCount('web-contents-created')).toBe(1);
    fake.app.becomeReady();
    await main.started;
  });

  it('keeps its data in TAGLOCK_DATA_DIR, else in the data folder the host and the command line share', async () => {
    await launch();
    expect(fake.app.getPath('userData')).toBe(dataDir);
    fake.reset();
    vi.resetModules();
    delete process.env.TAGLOCK_DATA_DIR;
    const savedConfigHome = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = join(dataDir, 'config');
    try {
      await launch();
      const { dataDirFor } = await import('../../../electron/services/data-dir.js');
      expect(fake.app.getPath('userData')).toBe(dataDirFor());
      if (process.platform === 'linux') expect(fake.app.getPath('userData')).toBe(join(dataDir, 'config', 'Taglock'));
    } finally {
      if (savedConfigHome === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = savedConfigHome;
    }
  });

  it('opens one secure window on app://taglock with the built preload', async () => {
    await launch();
    expect(fake.BrowserWindow.instances).toHaveLength(1);
    const window = fake.BrowserWindow.instances[0]!;
    const prefs = window.options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true, devTools: true });
    expect(prefs.preload).toBe(join(shellDir, 'preload.cjs'));
    expect(window.loadedUrl).toBe('app://taglock/index.html');
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('serves app:// from the renderer build folder next to the shell (dist/renderer when built)', async () => {
    const main = await launch();
    expect(main.RENDERER_DIR).toBe(resolve(shellDir, '..', '..', 'renderer'));
    expect(fake.protocol.handlers.has('app')).toBe(true);
    const refused = await fake.protocol.handlers.get('app')!(new Request('app://taglock/..%2f..%2fpackage.json'));
    expect(refused.status).toBe(404);
  });

  it('applies the session policy once ready', async () => {
    await launch();
    const callback = vi.fn();
    fake.session.defaultSession.permissionRequestHandler!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(fake.session.defaultSession.beforeRequest).not.toBeNull();
  });

  it('wires IPC to the real services: calls from the window work, others are forbidden', async () => {
    await launch();
    const window = fake.BrowserWindow.instances[0]!;
    const invoke = fake.ipcMain.handlers.get('taglock:invoke') as Invoke;
    const fromWindow = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const info = await invoke(fromWindow, 'appInfo', []);
    expect(info).toEqual({ ok: true, value: { version: expect.any(String), shell: 'electron', canKeepSecrets: true } });
    const stranger = { sender: window.webContents, senderFrame: { ...window.webContents.mainFrame, url: 'https://evil.example/', routingId: -1 } };
    expect(await invoke(stranger, 'appInfo', [])).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('keeps settings in userData through electron-store and forwards service events to the window', async () => {
    await launch();
    const window = fake.BrowserWindow.instances[0]!;
    const invoke = fake.ipcMain.handlers.get('taglock:invoke') as Invoke;
    const fromWindow = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const saved = await invoke(fromWindow, 'saveConnection', [
      { name: 'nowhere', url: 'https://127.0.0.1:1', kind: 'harbor', username: null, caFile: null, insecure: false, projects: ['p'] },
    ]);
    expect(saved.ok).toBe(true);
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(true);
    const started = await invoke(fromWindow, 'fetchSnapshot', [{ connectionId: saved.value.id, projects: ['p'] }]);
    expect(started.ok).toBe(true);
    await vi.waitFor(() => expect(window.webContents.sent.some((m) => (m.args[0] as { type: string }).type === 'fetch-failed')).toBe(true), { timeout: 30_000 });
    expect(window.webContents.sent.every((m) => m.channel === 'taglock:event')).toBe(true);
  });

  it('installs the menu and the About panel', async () => {
    await launch();
    expect(fake.Menu.current).not.toBeNull();
    expect(fake.app.aboutOptions).toMatchObject({ applicationName: 'Taglock' });
  });

  it('focuses the existing window when a second instance starts', async () => {
    await launch();
    const window = fake.BrowserWindow.instances[0]!;
    window.minimized = true;
    fake.app.emit('second-instance', {}, ['taglock'], '/');
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
    expect(fake.BrowserWindow.instances).toHaveLength(1);
  });

  it('quits when the last window closes (except on macOS)', async () => {
    await launch();
    fake.app.emit('window-all-closed');
    expect(fake.app.quitCalls).toBe(process.platform === 'darwin' ? 0 : 1);
  });
});

describe('main (second instance)', () => {
  it('quits at once without a window, handlers or services', async () => {
    fake.app.lock = false;
    const main = await import('../../../electron/shell/main.js');
    await main.started;
    expect(fake.app.quitCalls).toBe(1);
    fake.app.becomeReady();
    await new Promise((r) => setTimeout(r, 10));
    expect(fake.BrowserWindow.instances).toHaveLength(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(fake.protocol.handlers.size).toBe(0);
    expect(fake.app.listenerCount('second-instance')).toBe(0);
  });
});

it('main.ts lives where package.json main points once built', async () => {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
  expect(pkg.main).toBe('dist/electron/shell/main.js');
  expect(existsSync(join(root, dirname(pkg.main).replace(/^dist\//, ''), 'main.ts'))).toBe(true);
});
