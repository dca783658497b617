// Opening a snapshot of about 1,000,000 tags in the app: the real UI in Chromium against the browser
// host running as its own program (so its memory is its own). The file (bench/browser/million-tags.ts,
// kept in .bench/ between runs) is first imported through the host's streamed upload (as the page's
// Import does), by one host process; a second host process on the
// same data folder then serves the page that opens it, timed from the click on Open to the simulated
// screen, with the page's longest main-thread task (PerformanceObserver longtask) and that host's peak
// memory. Baselines on the same file, in the same run: `taglock simulate` and a bare JSON.parse process.
// Then every screen is visited once, each first visit watched for its longest main-thread task.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/support/repo-files.js';
import { nav } from '../../test/e2e/harness.js';
import { launchChromium, prepareRenderer, reportSkippedWithoutChromium } from '../browser/support.js';
import { report } from '../measure.js';
import { millionTagSnapshotFile, uploadSnapshotFile } from '../browser/million-tags.js';
import { buildCli, CLI, PEAK_REPORTER, runProcess } from '../support/processes.js';

const SECTION = 'browser-open-large';
const HOST = join(REPO_ROOT, 'dist/electron/host/main.js');
const BARE_PARSE = "JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))";
const LONG_TASK_PROBE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, ms: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

/** The screens visited after opening, in the navigation's order (the app opens on Simulation). */
const FIRST_VISITS = ['Rules', 'Lock map', 'Cleanup', 'Publish', 'Connections', 'Snapshots', 'Simulation'] as const;
/**
 * Resolves once the page has painted twice and then had nothing to do for a moment: the screen's own
 * work, and any answer of the worker it waited for, is done by then.
 */
const SETTLED = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() =>
  setTimeout(() => requestIdleCallback(() => resolve(null), { timeout: 3000 }), 500))))`;

interface HostProcess {
  child: ChildProcess;
  url: string;
}

/** The host as users start it, on `dataDir`; resolves with the URL it prints. */
function startHostProcess(dataDir: string): Promise<HostProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOST], { env: { ...process.env, TAGLOCK_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const match = /Taglock is running at (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.on('error', reject);
    child.on('exit', (status) => reject(new Error(`the host stopped (${status}) before printing its address`)));
  });
}

/** Peak resident memory of a live process so far (Linux: VmHWM). */
function peakMbOf(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

async function stop(host: HostProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    host.child.once('exit', () => resolve());
    host.child.kill('SIGTERM');
  });
}

/** The session token, traded for the URL's launch code as a page does. */
async function sessionToken(url: string): Promise<string> {
  const code = new URLSearchParams(new URL(url).hash.slice(1)).get('code');
  const answer = await fetch(new URL('/api/session', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  return ((await answer.json()) as { value: { token: string } }).value.token;
}

if (!reportSkippedWithoutChromium(SECTION)) {
  buildCli();
  await prepareRenderer();
  const dir = mkdtempSync(join(tmpdir(), 'taglock-bench-open-app-'));
  const dataDir = join(dir, 'data');
  try {
    const written = millionTagSnapshotFile();
    const { file } = written;
    const parse = await runProcess(process.execPath, ['--import', PEAK_REPORTER, '-e', BARE_PARSE, file]);
    const simulate = await runProcess(process.execPath, ['--import', PEAK_REPORTER, CLI, 'simulate', '--snapshot', file]);
    if (parse.status !== 0 || simulate.status !== 0) throw new Error(`a baseline failed: ${parse.stderr}${simulate.stderr}`);

    const importer = await startHostProcess(dataDir);
    const importStarted = Date.now();
    const summary = await uploadSnapshotFile(importer.url, await sessionToken(importer.url), file, 'bench-open-1m.json');
    const importMs = Date.now() - importStarted;
    const importPeakMb = peakMbOf(importer.child.pid!);
    await stop(importer);

    const host = await startHostProcess(dataDir);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
      const page = await context.newPage();
      await page.addInitScript(LONG_TASK_PROBE);
      await page.goto(host.url);
      const status = page.getByRole('status', { name: 'Simulation status', exact: true });
      await status.filter({ hasText: /^Up to date/ }).waitFor({ timeout: 120_000 });
      await nav(page, 'Snapshots').click();
      const open = page.getByRole('table', { name: 'Snapshots', exact: true }).getByRole('button', { name: `Open ${summary.name}`, exact: true });
      await open.waitFor({ timeout: 60_000 });
      const hostBeforeMb = peakMbOf(host.child.pid!);
      const clickedAt = await page.evaluate(() => performance.now());
      const started = Date.now();
      await open.click();
      await page.getByLabel('Open snapshot').filter({ hasText: summary.name }).waitFor({ timeout: 120_000 });
      await status.filter({ hasText: /^Up to date/ }).waitFor({ timeout: 120_000 });
      const openMs = Date.now() - started;
      const longTasksSince = async (since: number) =>
        (await page.evaluate(() => (window as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks)).filter((t) => t.start >= since);
      const tasks = await longTasksSince(clickedAt);
      // Then each screen once, as an admin goes through them after opening: the longest task of each first visit.
      const screenTasks: Record<string, number> = {};
      for (const screen of FIRST_VISITS) {
        const since = await page.evaluate(() => performance.now());
        await nav(page, screen).click();
        await page.evaluate(SETTLED);
        screenTasks[screen] = Math.round(Math.max(0, ...(await longTasksSince(since)).map((t) => t.ms)));
      }
      // Then the Cleanup screen's own work, which runs the forecast on this thread: another "run at" with no
      // policy, a retention rule added (the editor's default, latestPushedK 10), made a dated one, and
      // another "run at" with it.
      const cleanupTasks: Record<string, number> = {};
      const step = async (name: string, act: () => Promise<void>) => {
        const since = await page.evaluate(() => performance.now());
        await act();
        await page.evaluate(SETTLED);
        cleanupTasks[name] = Math.round(Math.max(0, ...(await longTasksSince(since)).map((t) => t.ms)));
      };
      await nav(page, 'Cleanup').click();
      await page.evaluate(SETTLED);
      const runAtField = page.getByLabel('Run at (UTC)', { exact: true });
      await step('another run-at', () => runAtField.fill('2027-01-15'));
      await step('a rule added', () => page.getByRole('button', { name: 'Add retention rule', exact: true }).click());
      const editor = page.getByRole('group', { name: 'Edit retention rule 1', exact: true });
      await step('made dated', () => editor.getByLabel('Retain', { exact: true }).selectOption('nDaysSinceLastPush').then(() => undefined));
      await step('another run-at with it', () => runAtField.fill('2027-02-15'));
      report(SECTION, {
        cleanupLongestTaskMs: cleanupTasks,
        tags: written.tags,
        fileMb: Math.round(written.bytes / 2 ** 20),
        openMs,
        longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.ms))),
        longTasks: tasks.length,
        screenLongestTaskMs: screenTasks,
        hostPeakMb: peakMbOf(host.child.pid!),
        hostPeakBeforeOpenMb: hostBeforeMb,
        importMs,
        importHostPeakMb: importPeakMb,
        simulateMs: Math.round(simulate.ms),
        simulatePeakMb: simulate.peakMb,
        bareParseMs: Math.round(parse.ms),
        bareParsePeakMb: parse.peakMb,
      });
    } finally {
      await browser.close();
      await stop(host);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
