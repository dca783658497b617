/**
 * A real launch of the Electron binary (runs in Node, driving Electron through playwright-core): start
 * the app from the build, wait for the window to load the UI from app://taglock, talk to the main
 * process through window.taglock, import a snapshot of more than 20,000 tags through the UI and check
 * that its simulation ran in the built worker under app:// with the app's CSP, with the figures Taglock's
 * engine computes, then quit — and nothing may be logged as an error meanwhile: no console error or
 * uncaught exception in the page or the worker, no failed request, no error in the main process's
 * console, no line of the main process's stderr mentioning an error, exception or fatal condition (save
 * Chromium's own notes about the machine's D-Bus and GPU, listed in ENVIRONMENT_NOISE). Skips itself, saying why, when the Electron binary is not installed
 * (it is not downloaded on machines without network or with ELECTRON_SKIP_BINARY_DOWNLOAD) or when
 * there is no display.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedElectronBinary } from '../../../electron/services/electron-binary.js';
import { CONTENT_SECURITY_POLICY } from '../../../electron/services/web/security-headers.js';
import { RENDERER_DIR, ensureRendererBuilt } from '../../e2e/harness.js';
import { WORKER_ASSET, WorkerWatch, enterRulesJson, expectUiShows, importAndOpen, settledStatus } from '../../e2e/simulation-checks.js';
import type { ExpectedSimulation } from '../../support/large-snapshot.js';
import { LARGE_DRAFT_RULES, LARGE_SNAPSHOT_MIN_TAGS, countTags, expectedSimulation, largeSnapshot, sampleTags } from '../../support/large-snapshot.js';

const root = join(import.meta.dirname, '..', '..', '..');
const NOT_INSTALLED = 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD / no network)';
const APP_ORIGIN = 'app://taglock';

/** The binary's path, or why there is none (looked up without triggering the electron package's download). */
function findElectron(): { path: string } | { reason: string } {
  const path = installedElectronBinary();
  return path === null ? { reason: `${NOT_INSTALLED}: npm install prints why; npx install-electron installs it` } : { path };
}

/** Why this machine cannot open the app's window, or null when it can. */
function cannotRun(): string | null {
  const electron = findElectron();
  if ('reason' in electron) return electron.reason;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display to open a window on (DISPLAY / WAYLAND_DISPLAY unset): run the tests under xvfb-run';
  }
  return null;
}

/**
 * Lines Chromium itself writes to stderr about the machine rather than the app: no system D-Bus in a
 * container, no GPU under xvfb (it falls back to software rendering). They carry Chromium's log prefix,
 * `[pid:tid:MMDD/HHMMSS.micros:ERROR:source.cc(line)]` (newer releases: `source.cc:line]`), and name the
 * source file; only these files are let through, anything else mentioning an error fails the test.
 */
const CHROMIUM_LOG_LINE = /^\[[\d:/.]+:ERROR:([^\]\s(]+?)(?:\(\d+\)|:\d+)\]/;
const ENVIRONMENT_NOISE =
  /(^|\/)(dbus\/|gpu\/|ui\/gl\/|ui\/ozone\/|components\/viz\/|third_party\/angle\/)|(^|\/)(bus|object_proxy|viz_main_impl|gpu_\w+|gl_\w+|angle_\w+|command_buffer_\w+|egl_\w+|x11_\w+|ozone_\w+|vaapi_\w+)\.cc$/;

/** The stderr lines that report an error, an uncaught exception or a fatal condition (other than ENVIRONMENT_NOISE). */
function errorLinesOf(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .filter((line) => /error|exception|fatal/i.test(line))
    .filter((line) => {
      const chromium = CHROMIUM_LOG_LINE.exec(line.trim());
      return !(chromium && ENVIRONMENT_NOISE.test(chromium[1]!));
    });
}

describe('which stderr lines count as errors', () => {
  it("flags the app's own errors and Node's, and lets Chromium's notes about D-Bus and the GPU through", () => {
    const flagged = [
      'Taglock: unexpected error: TypeError: x is not a function',
      'Taglock failed to start: Error: EACCES',
      'Uncaught Exception:',
      'A JavaScript exception occurred in the main process',
      '[1234:5678:1206/101010.123456:FATAL:gpu_init.cc(42)] GPU process crashed',
      'Error: Cannot find module',
      '(node:123) UnhandledPromiseRejectionWarning: Error: boom',
      '[1234:1206/101010.123456:ERROR:CONSOLE(1)] "Uncaught Error", source: app://taglock/assets/index.js (1)',
      '[1234:5678:1206/101010.123456:ERROR:ipc_renderer.cc(12)] Error occurred in handler',
      '[1234:5678:1206/101010.123456:ERROR:electron/shell/browser/api/electron_api_web_contents.cc:99] error',
    ];
    const environment = [
      '[1234:5678:1206/101010.123456:ERROR:bus.cc(407)] Failed to connect to the bus: Failed to connect to socket /run/dbus/system_bus_socket',
      '[1234:1206/101010.123456:ERROR:dbus/bus.cc:408] Failed to connect to the bus: Could not parse server address',
      '[1234:5678:1206/101010.123456:ERROR:object_proxy.cc(576)] Failed to call method: org.freedesktop.DBus.Properties.Get',
      '[1234:5678:1206/101010.123456:ERROR:viz_main_impl.cc(183)] Exiting GPU process due to errors during initialization',
      '[1234:5678:1206/101010.123456:ERROR:gl_surface_presentation_helper.cc(260)] GetVSyncParametersIfAvailable() failed',
    ];
    const fine = ['DevTools listening on ws://127.0.0.1:1234/devtools/browser/x', 'Debugger listening on ws://127.0.0.1:9229/x'];
    expect(errorLinesOf([...flagged, ...environment, ...fine].join('\n'))).toEqual(flagged);
  });
});

const why = cannotRun();
let app: ElectronApplication | undefined;
let page: Page;
let watch: WorkerWatch;
let dataDir: string;
let closed = false;
let stderr = '';
const problems: string[] = [];

beforeAll(async () => {
  if (why !== null) return;
  const electron = findElectron() as { path: string };
  // The app as `npm run build` leaves it: the shell (built by the test run) and the UI, rebuilt when stale.
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
  if (!existsSync(join(root, pkg.main))) throw new Error(`${pkg.main} is missing: the test run's global setup (test/support/build-for-run.ts) or npm run build makes it`);
  await ensureRendererBuilt((line) => console.log(line));

  const { _electron } = await import('playwright-core');
  dataDir = mkdtempSync(join(tmpdir(), 'taglock-smoke-'));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), TAGLOCK_DATA_DIR: dataDir };
  delete env.ELECTRON_RUN_AS_NODE;
  // Chromium refuses to run its sandbox as root (CI containers); everything else keeps the sandbox.
  const args = [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
  app = await _electron.launch({ executablePath: electron.path, args, env, cwd: root, timeout: 90_000 });
  app.process().stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  app.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'assert') problems.push(`main process console.${message.type()}: ${message.text()}`);
  });
  page = await app.firstWindow({ timeout: 60_000 });
  watch = new WorkerWatch(page);
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'assert') problems.push(`page console.${message.type()}: ${message.text()}`);
  });
  page.on('worker', (worker) =>
    worker.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'assert') problems.push(`worker ${worker.url()} console.${message.type()}: ${message.text()}`);
    }),
  );
  page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`));
  page.on('crash', () => problems.push('the page crashed'));
  page.on('requestfailed', (request) => {
    if (!closed) problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`);
  });
}, 240_000);

afterAll(async () => {
  if (!closed) await app?.close().catch(() => undefined);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('Electron smoke test', () => {
  it('opens the window on app://taglock', async (ctx) => {
    if (why !== null) return ctx.skip(why);
    await page.waitForLoadState('load');
    expect(page.url()).toBe(`${APP_ORIGIN}/index.html`);
    await page.waitForFunction(() => document.body !== null && document.body.children.length > 0, undefined, { timeout: 30_000 });
    await expect
      .poll(() => app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => ({ title: w.getTitle(), visible: w.isVisible() }))), { timeout: 30_000 })
      .toEqual([{ title: 'Taglock', visible: true }]);
  });

  it('answers through the preload bridge, and nothing else of Electron reaches the page', async (ctx) => {
    if (why !== null) return ctx.skip(why);
    const bridge = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { keys: Object.keys(w.taglock as object).sort(), require: typeof w.require, process: typeof w.process };
    });
    expect(bridge).toEqual({ keys: ['invoke', 'onEvent'], require: 'undefined', process: 'undefined' });
    const info = await page.evaluate(() => (window as unknown as { taglock: { invoke(m: string, a: unknown[]): Promise<unknown> } }).taglock.invoke('appInfo', []));
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron' } });
  });

  it("simulates a snapshot of more than 20,000 tags in the built worker, under app:// with the app's CSP, with the engine's figures", async (ctx) => {
    if (why !== null) return ctx.skip(why);
    const snapshot = largeSnapshot();
    expect(countTags(snapshot)).toBeGreaterThan(LARGE_SNAPSHOT_MIN_TAGS);
    const expected: ExpectedSimulation = expectedSimulation(snapshot, LARGE_DRAFT_RULES);

    // The page and what it loads carry the app's policy.
    const pageHeaders = await page.evaluate(async () => {
      const response = await fetch(location.href);
      return { csp: response.headers.get('content-security-policy'), type: response.headers.get('content-type') };
    });
    expect(pageHeaders).toEqual({ csp: CONTENT_SECURITY_POLICY, type: 'text/html; charset=utf-8' });

    await importAndOpen(page, 'electron-large.json', JSON.stringify(snapshot), 180_000);
    expect((await settledStatus(page)).where).toBe('in a worker');
    await watch.recording(30_000);
    await enterRulesJson(page, LARGE_DRAFT_RULES);
    expect((await settledStatus(page, 180_000)).where).toBe('in a worker');
    expect(await watch.whyNotFromWorker(expected, { rendererDir: RENDERER_DIR, origin: APP_ORIGIN, servedBy: 'fetch' })).toEqual([]);

    // The worker itself was served from app:// with the same policy, as JavaScript.
    const worker = watch.live().find((w) => WORKER_ASSET.test(w.url()))!;
    expect(worker.url()).toMatch(new RegExp(`^${APP_ORIGIN}/assets/simulation\\.worker-[\\w-]+\\.js$`));
    const workerHeaders = await worker.evaluate(async () => {
      const response = await fetch(location.href);
      return { csp: response.headers.get('content-security-policy'), type: response.headers.get('content-type') };
    });
    expect(workerHeaders).toEqual({ csp: CONTENT_SECURITY_POLICY, type: 'text/javascript; charset=utf-8' });

    await expectUiShows(page, expected, sampleTags(snapshot, expected));
    expect((await settledStatus(page)).where).toBe('in a worker');
  }, 600_000);

  it('quits, and nothing was logged as an error in the page, the worker or the main process', async (ctx) => {
    if (why !== null) return ctx.skip(why);
    const mainState = await app!.evaluate(({ BrowserWindow }) => ({ windows: BrowserWindow.getAllWindows().length }));
    expect(mainState.windows).toBe(1);
    closed = true;
    await app!.close();
    console.log(`main process stderr:\n${stderr}`);
    expect(problems).toEqual([]);
    expect(errorLinesOf(stderr)).toEqual([]);
  }, 120_000);
});
