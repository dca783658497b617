// Test helper (Node): the end-to-end harness. Builds the renderer when it is missing or older than its
// sources, launches Debian's Chromium through playwright-core, and opens the real UI served by the real
// browser host (real services on a temporary data folder). Every page records its console errors,
// uncaught exceptions and failed requests, so a test can assert that nothing went wrong on screen.
// Used by test/e2e/*.test.ts, test/e2e/capture-screenshots.ts and bench/sections/browser-*.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, ConsoleMessage, Locator, Page, Request } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { HostOptions, RunningHost } from '../../electron/host/start-host.js';
import { startHost } from '../../electron/host/start-host.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

export const CHROMIUM_PATH = process.env.TAGLOCK_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_APT_PACKAGE = 'chromium';
/** The only way Chromium starts on this machine (and on CI): no sandbox, no GPU, no background traffic. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** On CI the package is installed by .ci/run, so a missing browser fails there instead of skipping. */
export const CHROMIUM_REQUIRED = Boolean(process.env.CI);

/** Why the end-to-end tests cannot run here, or null when they can. */
export function chromiumUnavailable(): string | null {
  if (!existsSync(CHROMIUM_PATH)) return `${CHROMIUM_PATH} is missing: install the apt package ${CHROMIUM_APT_PACKAGE}`;
  return null;
}

let warned = false;

/** Skips the calling suite/test (naming the apt package), or throws on CI where the browser must exist. */
export function skipWithoutChromium(ctx: { skip: (note?: string) => never }): void {
  const why = chromiumUnavailable();
  if (why === null) return;
  if (CHROMIUM_REQUIRED) throw new Error(`${why}; required because CI is set`);
  if (!warned) console.warn(`SKIPPED end-to-end tests: ${why}`);
  warned = true;
  ctx.skip(why);
}

// ---------------------------------------------------------------------------------------------------
// The renderer build

/** What the built UI depends on: a newer file here means dist/renderer is stale. */
const RENDERER_SOURCES = [join(ROOT, 'renderer', 'src'), join(ROOT, 'renderer', 'index.html'), join(ROOT, 'renderer', 'vite.config.ts'), join(ROOT, 'shared')];

function newestMtime(path: string): { mtime: number; file: string } {
  if (!existsSync(path)) return { mtime: 0, file: path };
  const info = statSync(path);
  if (!info.isDirectory()) return { mtime: info.mtimeMs, file: path };
  let newest = { mtime: 0, file: path };
  for (const entry of readdirSync(path)) {
    if (entry.startsWith('.') || entry === 'node_modules') continue;
    const found = newestMtime(join(path, entry));
    if (found.mtime > newest.mtime) newest = found;
  }
  return newest;
}

/** Why dist/renderer must be (re)built, or null when it is up to date. */
export function rendererStaleness(): string | null {
  const index = join(RENDERER_DIR, 'index.html');
  if (!existsSync(index)) return 'dist/renderer/index.html is missing';
  const built = statSync(index).mtimeMs;
  let newest = { mtime: 0, file: '' };
  for (const source of RENDERER_SOURCES) {
    const found = newestMtime(source);
    if (found.mtime > newest.mtime) newest = found;
  }
  return newest.mtime > built ? `${relative(ROOT, newest.file)} is newer than dist/renderer` : null;
}

const LOCK_DIR = join(ROOT, 'dist', '.e2e-renderer-build.lock');
const STALE_LOCK_MS = 120_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Builds the renderer with Vite when it is missing or stale. Test files run in parallel processes, so
 * one build at a time: a lock folder (mkdir is atomic) guards it, and the check is repeated under it.
 */
export async function ensureRendererBuilt(log: (line: string) => void = () => undefined): Promise<void> {
  if (rendererStaleness() === null) return;
  mkdirSync(dirname(LOCK_DIR), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      // Someone else is building; take over a lock left behind by a killed process.
      try {
        if (Date.now() - statSync(LOCK_DIR).mtimeMs > STALE_LOCK_MS) rmSync(LOCK_DIR, { recursive: true, force: true });
      } catch {
        // Gone meanwhile: retry at once.
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for another renderer build (${LOCK_DIR})`);
      await sleep(200);
    }
  }
  try {
    const why = rendererStaleness();
    if (why === null) return;
    log(`building the renderer: ${why}`);
    const vite = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'vite.cmd' : 'vite');
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build (double effects,
    // jsxDEV): the UI under test must be the production build users get.
    const env = { ...process.env, NODE_ENV: 'production' };
    const result = spawnSync(vite, ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8', env });
    if (result.status !== 0) throw new Error(`vite build failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// The browser

export async function launchChromium(): Promise<Browser> {
  const why = chromiumUnavailable();
  if (why !== null) throw new Error(why);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface OpenAppOptions {
  /** An existing data folder (default: a new temporary one, removed on close). */
  dataDir?: string;
  viewport?: { width: number; height: number };
  /** Passed to startHost (e.g. a renderer folder of one's own). */
  host?: Omit<HostOptions, 'dataDir' | 'port'>;
  /** Open the page at once (default true). */
  navigate?: boolean;
}

export interface App {
  host: RunningHost;
  dataDir: string;
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and failed requests seen so far ("where: text"). */
  problems: string[];
  /** The problems so far, and forget them. */
  takeProblems(): string[];
  /** Saves a PNG of the viewport to test-results/screenshots/NAME.png (scrolled to the top first unless `keepScroll`); returns the path. */
  screenshot(name: string, options?: { keepScroll?: boolean; dir?: string }): Promise<string>;
  /** Clicks an entry of the left navigation and waits until it is the current page. */
  go(screen: ScreenName): Promise<void>;
  close(): Promise<void>;
}

export type ScreenName = 'Connections' | 'Snapshots' | 'Rules' | 'Simulation' | 'Lock map' | 'Cleanup' | 'Publish';

/**
 * Records the page's (and its workers') console errors, uncaught exceptions, crashes, failed requests and
 * HTTP errors as "where: text", into the array returned; nothing while `closing()` (the event stream is
 * cut when the page closes).
 *
 * One failed-request report is not a problem: Chromium's DevTools protocol reports a 200 answer sent with
 * `Cache-Control: no-store` and read to its end through a stream reader as net::ERR_ABORTED about half
 * the time, although the page got every byte and the end of the stream (playwright issue #42742;
 * measured here: 9 of 20 such reads of 20 MB reported aborted, none of 20 without `no-store`, none
 * read whole). The host keeps `no-store` on answers carrying a registry's data. A body cut short is
 * still a problem: Chromium reports it as net::ERR_CONTENT_LENGTH_MISMATCH.
 */
export function recordProblems(page: Page, closing: () => boolean = () => false): string[] {
  const problems: string[] = [];
  const onConsole = (where: string) => (message: ConsoleMessage) => {
    if (message.type() === 'error' || message.type() === 'assert') problems.push(`${where} console.${message.type()}: ${message.text()}`);
  };
  page.on('console', onConsole('page'));
  page.on('worker', (worker) => worker.on('console', onConsole(`worker ${worker.url()}`)));
  page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`));
  page.on('crash', () => problems.push('the page crashed'));
  const answeredNoStore = new WeakSet<Request>();
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    if (response.status() === 200 && /\bno-store\b/.test(response.headers()['cache-control'] ?? '')) answeredNoStore.add(response.request());
  });
  page.on('requestfailed', (request) => {
    // A download's blob URL is revoked after use.
    const url = request.url();
    const errorText = request.failure()?.errorText ?? 'unknown';
    if (closing() || url.startsWith('blob:') || (errorText === 'net::ERR_ABORTED' && answeredNoStore.has(request))) return;
    problems.push(`request failed: ${request.method()} ${url} (${errorText})`);
  });
  return problems;
}

/**
 * Starts a browser host on a (temporary) data folder and opens its UI in a new browser context.
 * Dates are shown in UTC and en-US so screenshots and texts do not depend on the machine.
 */
export async function openApp(browser: Browser, options: OpenAppOptions = {}): Promise<App> {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'taglock-e2e-'));
  const host = await startHost({ ...options.host, port: 0, dataDir });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
    acceptDownloads: true,
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  let closing = false;
  const problems = recordProblems(page, () => closing);
  if (options.navigate !== false) await page.goto(host.newLaunchUrl());

  let closed = false;
  return {
    host,
    dataDir,
    context,
    page,
    problems,
    takeProblems() {
      return problems.splice(0, problems.length);
    },
    async screenshot(name, options = {}) {
      const dir = options.dir ?? SCREENSHOT_DIR;
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${name}.png`);
      if (!options.keepScroll) await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
      return path;
    },
    async go(screen) {
      const button = nav(page, screen);
      await button.click();
      await page.locator(`nav[aria-label="Main"] button[aria-current="page"]`, { hasText: screen }).waitFor();
    },
    async close() {
      if (closed) return;
      closed = true;
      closing = true;
      await context.close().catch(() => undefined);
      await host.close();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Finding things on the page (roles and accessible names, as a screen reader user would)

export function nav(page: Page, screen: ScreenName): Locator {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen, exact: true });
}

/** Whether the lock map's canvas has been drawn (sized to its box, with more than one colour on it). */
export async function lockMapIsDrawn(page: Page): Promise<boolean> {
  return page.getByRole('application', { name: 'Digest lock map', exact: true }).evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    if (canvas.width !== Math.round(canvas.clientWidth * devicePixelRatio) || canvas.clientWidth === 0) return false;
    const context = canvas.getContext('2d');
    if (!context) return false;
    const data = context.getImageData(0, 0, canvas.width, Math.min(canvas.height, 200)).data;
    const colours = new Set<number>();
    for (let i = 0; i < data.length && colours.size < 3; i += 16) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return colours.size >= 3;
  });
}

export function simulationStatus(page: Page): Locator {
  return page.getByRole('status', { name: 'Simulation status' });
}

/** Waits until the header says the simulation is up to date. */
export async function waitForSimulation(page: Page): Promise<void> {
  await simulationStatus(page).filter({ hasText: /^Up to date/ }).waitFor();
}

/**
 * The steps of one story share a page: once a step fails, the later ones are skipped (saying which step
 * broke) instead of each waiting out its time limit on a page in the wrong state.
 */
export function storyline() {
  let broken: string | null = null;
  return {
    /** Call first in every step: skips without Chromium (fails on CI) or after an earlier failure. */
    step(ctx: { skip: (note?: string) => never; onTestFailed: (fn: () => void) => void; task: { name: string } }): void {
      skipWithoutChromium(ctx);
      if (broken !== null) ctx.skip(`the earlier step "${broken}" failed`);
      ctx.onTestFailed(() => {
        broken ??= ctx.task.name;
      });
    },
  };
}

/** Polls `read` until `ok` holds (a condition on the page, never a fixed pause). */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await sleep(40);
  }
}

/** Replaces the draft through the Rules screen's "Rules as JSON" box (Harbor's API format). */
export async function useRulesJson(page: Page, rules: unknown[]): Promise<void> {
  const details = page.locator('details', { hasText: "Rules as JSON (Harbor's API format)" });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await page.getByLabel('Rules JSON', { exact: true }).fill(JSON.stringify(rules, null, 2));
  await page.getByRole('button', { name: 'Use this JSON as the draft', exact: true }).click();
}

/** Chooses the option of a <select> whose visible label starts with `prefix` (labels may carry a URL). */
export interface ConnectionFields {
  name: string;
  url: string;
  kind: 'Harbor' | 'Plain OCI';
  username?: string;
  secret?: string;
  projects?: string;
}

/** Fills and saves the Connections screen's "New connection" form (the screen must be open). */
export async function addConnection(page: Page, fields: ConnectionFields): Promise<void> {
  await page.getByRole('button', { name: 'Add connection', exact: true }).click();
  const form = page.getByRole('form', { name: 'New connection', exact: true });
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill(fields.name);
  await form.getByRole('textbox', { name: 'Registry URL', exact: true }).fill(fields.url);
  await chooseOption(form.getByRole('combobox', { name: 'Kind', exact: true }), fields.kind);
  if (fields.username !== undefined) await form.getByRole('textbox', { name: 'User or robot account', exact: true }).fill(fields.username);
  if (fields.secret !== undefined) await form.getByLabel('Secret', { exact: true }).fill(fields.secret);
  if (fields.projects !== undefined) await form.getByRole('textbox', { name: 'Default projects', exact: true }).fill(fields.projects);
  await form.getByRole('button', { name: 'Save connection', exact: true }).click();
  await form.waitFor({ state: 'detached' });
  await page.getByRole('list', { name: 'Saved connections', exact: true }).getByRole('listitem', { name: fields.name, exact: true }).waitFor();
}

export async function chooseOption(select: Locator, prefix: string): Promise<void> {
  const labels = await select.locator('option').allTextContents();
  const label = labels.find((l) => l.startsWith(prefix));
  if (label === undefined) throw new Error(`no option starting with ${JSON.stringify(prefix)} among ${JSON.stringify(labels)}`);
  await select.selectOption({ label });
}

export interface TotalsView {
  immutableTags: number;
  tags: number;
  lockedDigests: number;
  digests: number;
  text: string;
}

const number = (text: string) => Number(text.replace(/,/g, ''));

/**
 * The figures of the Simulation screen's "Totals" region. The stats are a <dl> whose terms and values
 * carry no accessible link to each other, so the region's text is read as the user sees it.
 */
export async function readTotals(page: Page): Promise<TotalsView> {
  const text = (await page.getByRole('region', { name: 'Totals', exact: true }).innerText()).replace(/\s+/g, ' ');
  const tags = /Immutable tags ([\d,]+) of ([\d,]+)/.exec(text);
  const digests = /Locked digests ([\d,]+) of ([\d,]+)/.exec(text);
  if (!tags || !digests) throw new Error(`the Totals region does not read as expected: ${text}`);
  return { immutableTags: number(tags[1]!), tags: number(tags[2]!), lockedDigests: number(digests[1]!), digests: number(digests[2]!), text };
}
