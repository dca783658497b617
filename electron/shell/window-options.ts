// Runs in Electron's main process.
/**
 * The one window's options, following Electron's security guide: isolated, sandboxed, no Node, no
 * <webview>, web security on. The preload is the CommonJS file tsc emits beside this module.
 */
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** The preload's file name in the build output (tsc turns preload.cts into preload.cjs). */
export const PRELOAD_FILE = 'preload.cjs';

export function preloadPath(shellDir: string): string {
  return join(shellDir, PRELOAD_FILE);
}

export function secureWebPreferences(preload: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: options.devTools,
  };
}

export function mainWindowOptions(preload: string, options: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    title: 'Taglock',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(preload, options),
  };
}
