/**
 * A real launch of the Electron binary: start the app from the build, wait for the window to load the UI
 * from app://taglock, talk to the main process through window.taglock, quit. Driven by playwright-core's
 * Electron support. Skips itself, saying why, when the Electron binary is not installed (it is not
 * downloaded on machines without network or with ELECTRON_SKIP_BINARY_DOWNLOAD).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedElectronBinary } from '../../../electron/services/electron-binary.js';

const root = join(import.meta.dirname, '..', '..', '..');
const NOT_INSTALLED = 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD / no network)';

/** The binary's path, or why there is none (looked up without triggering the electron package's download). */
function findElectron(): { path: string } | { reason: string } {
  const path = installedElectronBinary();
  return path === null ? { reason: `${NOT_INSTALLED}: npm install prints why; npx install-electron installs it` } : { path };
}

function build(label: string, args: string[]): void {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = spawnSync(npx, args, { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stdout}${result.stderr}`);
}

/** The app as `npm run build` leaves it: the shell (tsc) and the UI (vite) in dist/. */
function ensureBuilt(): void {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
  if (!existsSync(join(root, pkg.main))) build('tsc -p tsconfig.json', ['tsc', '-p', 'tsconfig.json']);
  if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) build('vite build', ['vite', 'build', '--config', 'renderer/vite.config.ts']);
}

const electron = findElectron();

describe('Electron smoke test', () => {
  it('starts the app, loads the UI on app://taglock, answers through window.taglock, and quits', async (ctx) => {
    if ('reason' in electron) return ctx.skip(electron.reason);
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
      return ctx.skip('no display to open a window on (DISPLAY / WAYLAND_DISPLAY unset): run the tests under xvfb-run');
    }
    ensureBuilt();
    const { _electron } = await import('playwright-core');
    const dataDir = mkdtempSync(join(tmpdir(), 'taglock-smoke-'));
    const env: Record<string, string> = { ...(process.env as Record<string, string>), TAGLOCK_DATA_DIR: dataDir };
    delete env.ELECTRON_RUN_AS_NODE;
    // Chromium refuses to run its sandbox as root (CI containers); everything else keeps the sandbox.
    const args = [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
    const app = await _electron.launch({ executablePath: electron.path, args, env, cwd: root, timeout: 90_000 });
    try {
      const page = await app.firstWindow({ timeout: 60_000 });
      await page.waitForLoadState('load');
      expect(page.url()).toBe('app://taglock/index.html');
      await page.waitForFunction(() => document.body !== null && document.body.children.length > 0, undefined, { timeout: 30_000 });

      const bridge = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return { keys: Object.keys(w.taglock as object).sort(), require: typeof w.require, process: typeof w.process };
      });
      expect(bridge).toEqual({ keys: ['invoke', 'onEvent'], require: 'undefined', process: 'undefined' });

      const info = await page.evaluate(() => (window as unknown as { taglock: { invoke(m: string, a: unknown[]): Promise<unknown> } }).taglock.invoke('appInfo', []));
      expect(info).toMatchObject({ ok: true, value: { shell: 'electron' } });

      const mainState = await app.evaluate(({ BrowserWindow }) => ({ windows: BrowserWindow.getAllWindows().length }));
      expect(mainState.windows).toBe(1);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
