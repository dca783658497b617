// Runs in Electron's main process (package.json "main": dist/electron/shell/main.js).
/**
 * The composition for Electron, and nothing more: sandbox everything, claim the single-instance lock,
 * register and serve app://taglock from dist/renderer, harden sessions and web contents, wrap
 * electron-store and safeStorage for the services, wire the one IPC handler and the event channel, install
 * the menu and open the one window. All behaviour lives in electron/services and shared/.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, dialog, safeStorage, session } from 'electron';
import { createDispatcher } from '../../shared/contract/dispatch.js';
import { composeServices } from '../services/compose.js';
import { defaultDataDir } from '../services/data-dir.js';
import { packageInfo } from '../services/package-info.js';
import { registerAppScheme, serveAppScheme } from './app-protocol.js';
import { APP_ENTRY_URL } from './app-url.js';
import { openSettingsStore } from './electron-store-adapter.js';
import { importSnapshotFromDisk } from './import-snapshot.js';
import { createEventForwarder, registerInvokeHandler } from './ipc.js';
import { installApplicationMenu } from './menu.js';
import { createSafeStorageCipher } from './safe-storage-cipher.js';
import { applySessionPolicy, hardenAllWebContents } from './security-policy.js';
import { claimSingleInstance, focusWindow } from './single-instance.js';
import { mainWindowOptions, preloadPath } from './window-options.js';

/** dist/electron/shell, where main.js and preload.cjs are. */
const SHELL_DIR = dirname(fileURLToPath(import.meta.url));
/** dist/renderer, the only folder app:// serves. */
export const RENDERER_DIR = resolve(SHELL_DIR, '..', '..', 'renderer');

let mainWindow: BrowserWindow | null = null;
const getWindow = (): BrowserWindow | null => mainWindow;

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath(SHELL_DIR), { devTools: !app.isPackaged }));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => console.error('Taglock: the UI did not load:', error));
  return window;
}

async function start(): Promise<void> {
  // Everything below up to whenReady() must happen synchronously, before the app is ready.
  app.enableSandbox();
  // The one data folder of the app, the browser host and the command line (TAGLOCK_DATA_DIR or the
  // platform's app-data "Taglock" folder), the same in development and packaged builds.
  app.setPath('userData', defaultDataDir());
  registerAppScheme();
  if (!claimSingleInstance(() => focusWindow(mainWindow))) return;
  hardenAllWebContents();
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  await app.whenReady();

  applySessionPolicy(session.defaultSession);
  serveAppScheme(RENDERER_DIR);

  const dataDir = app.getPath('userData');
  const services = composeServices({
    dataDir,
    shell: 'electron',
    store: openSettingsStore(dataDir),
    cipher: createSafeStorageCipher(safeStorage),
    emit: createEventForwarder(getWindow),
  });
  registerInvokeHandler(getWindow, createDispatcher(services, (error) => console.error('Taglock: unexpected error:', error)));

  app.setAboutPanelOptions({ applicationName: 'Taglock', applicationVersion: packageInfo().version });
  installApplicationMenu({
    platform: process.platform,
    packaged: app.isPackaged,
    importSnapshot: () => void importSnapshotFromDisk(mainWindow, services),
  });

  createMainWindow();
  // While the window starts: its first requests then find their answers made.
  setImmediate(() => services.warmUp());
  app.on('activate', () => {
    if (!mainWindow) createMainWindow();
  });
}

/** Settles once the shell is up (or has quit as a second instance); exported for tests. */
export const started: Promise<void> = start().catch((error: unknown) => {
  console.error('Taglock failed to start:', error);
  dialog.showErrorBox('Taglock failed to start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});

