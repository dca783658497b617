// Test helper (Node, driving a page through playwright-core): what the simulation worker did and what
// the UI shows, read from any page of the app — Chromium against the browser host (test/e2e/worker.test.ts)
// or the Electron window (test/electron/shell/electron-smoke.test.ts).
//
// WorkerWatch follows the page's dedicated workers. In each simulation worker it installs a recorder
// that passes every message the worker posts on unchanged and keeps a copy of the figures of each
// simulation result; so a result the UI shows can be traced to the worker file that computed it, which
// the main-thread fallback cannot imitate (it posts no message, and its worker is gone).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Locator, Page, Response, Worker } from 'playwright-core';
import { expect } from 'vitest';
import type { Totals } from '../../shared/engine/simulate.js';
import type { WireRule } from '../../shared/rules/wire.js';
import type { ExpectedSimulation } from '../support/large-snapshot.js';

export type Screen = 'Connections' | 'Snapshots' | 'Rules' | 'Simulation' | 'Lock map' | 'Publish';

/** Clicks an entry of the left navigation and waits until it is the current page. */
export async function goTo(page: Page, screen: Screen): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen, exact: true }).click();
  await page.locator(`nav[aria-label="Main"] button[aria-current="page"]`, { hasText: screen }).waitFor();
}

export function simulationStatusOf(page: Page): Locator {
  return page.getByRole('status', { name: 'Simulation status', exact: true });
}

/**
 * Imports a snapshot file through the Snapshots screen's file input, opens it, and waits for its
 * simulation. The file is written to disk first: the browser reads a path itself, where a buffer of
 * megabytes would cross the automation protocol as base64 (seconds).
 */
export async function importAndOpen(page: Page, fileName: string, text: string, timeout = 120_000): Promise<void> {
  await goTo(page, 'Snapshots');
  const stem = fileName.replace(/\.json$/, '');
  const open = page.getByRole('button', { name: new RegExp(`^Open ${stem}`) });
  const dir = mkdtempSync(join(tmpdir(), 'taglock-import-'));
  try {
    const path = join(dir, fileName);
    writeFileSync(path, text);
    await page.getByLabel('Snapshot file (.json)').setInputFiles(path, { timeout });
    // The page reads the file after the input changes: keep it until the import is done.
    await open.waitFor({ timeout });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await open.click();
  await page.getByLabel('Open snapshot').filter({ hasText: stem }).waitFor({ timeout });
  await simulationStatusOf(page).filter({ hasText: /^Up to date/ }).waitFor({ timeout });
}

/** Replaces the draft with `rules` through the Rules screen's JSON box (Harbor's API format). */
export async function enterRulesJson(page: Page, rules: readonly WireRule[]): Promise<void> {
  await goTo(page, 'Rules');
  const details = page.locator('details', { hasText: "Rules as JSON (Harbor's API format)" });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await page.getByLabel('Rules JSON', { exact: true }).fill(JSON.stringify(rules, null, 2));
  await page.getByRole('button', { name: 'Use this JSON as the draft', exact: true }).click();
}

/**
 * The header's status once the simulation is up to date, and where it ran ("in a worker" or "on the main
 * thread"): the status element says so in `data-runs-in`; its words mention the page only when the page
 * had to simulate itself.
 */
export async function settledStatus(page: Page, timeout = 120_000): Promise<{ text: string; where: string }> {
  const status = simulationStatusOf(page);
  await status.filter({ hasText: /^Up to date/ }).waitFor({ timeout });
  const text = await status.innerText();
  const runsIn = await status.getAttribute('data-runs-in');
  const match = /^Up to date · simulated in [\d,]+ ms( on this page)?$/.exec(text);
  if (!match || (runsIn !== 'worker' && runsIn !== 'main') || (match[1] !== undefined) !== (runsIn === 'main')) {
    throw new Error(`the simulation status does not read as expected: ${text} (runs in ${runsIn ?? 'an unnamed place'})`);
  }
  return { text, where: runsIn === 'worker' ? 'in a worker' : 'on the main thread' };
}

/**
 * Keeps every notice the page shows (they go away after a few seconds) in `window.__taglockNotices`,
 * from the page's first script on; call before the page loads, read with `noticesSeen`.
 */
export async function recordNotices(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __taglockNotices: string[] };
    w.__taglockNotices = [];
    const seen = new WeakSet<Element>();
    new MutationObserver(() => {
      for (const notice of Array.from(document.querySelectorAll('[aria-label="Notifications"] .notice'))) {
        if (seen.has(notice)) continue;
        seen.add(notice);
        w.__taglockNotices.push((notice.textContent ?? '').replace(/×$/, '').trim());
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

/** The notices shown so far (see recordNotices), oldest first. */
export async function noticesSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { __taglockNotices: string[] }).__taglockNotices]);
}

// ---------------------------------------------------------------------------------------------------
// The figures on screen

const count = (text: string) => {
  const n = Number(text.trim().replace(/,/g, ''));
  if (!Number.isInteger(n)) throw new Error(`not a count: ${JSON.stringify(text)}`);
  return n;
};

/** The Simulation screen's totals, as the Totals region shows them (the screen must be open). */
export async function readTotalsFigures(page: Page): Promise<Omit<Totals, 'repositories' | 'retentionProtected' | 'lockedNotRetained' | 'retainedNotLocked'>> {
  const region = page.getByRole('region', { name: 'Totals', exact: true });
  const value = async (label: string) => (await region.getByRole('group', { name: label, exact: true }).locator('.stat-value').innerText()).trim();
  const ofPair = (text: string) => {
    const match = /^([\d,]+) of ([\d,]+)$/.exec(text);
    if (!match) throw new Error(`expected "N of M", got ${JSON.stringify(text)}`);
    return [count(match[1]!), count(match[2]!)] as const;
  };
  const [immutableTags, tags] = ofPair(await value('Immutable tags'));
  const [lockedDigests, artifacts] = ofPair(await value('Locked digests'));
  const [untaggedRetained, untaggedArtifacts] = ofPair(await value('Untagged kept by retention'));
  return {
    tags,
    immutableTags,
    artifacts,
    lockedDigests,
    mutableTagsOnLockedDigests: count(await value('Mutable tags on locked digests')),
    untaggedArtifacts,
    untaggedRetained,
    tagsStoppedByError: count(await value('Tags stopped by an error')),
  };
}

/** The Rules screen's rule list, in list order: each rule's label and its "Decides" figure ("–" when none is shown). */
export async function readRuleDecides(page: Page): Promise<{ label: string; decides: string }[]> {
  return page.getByRole('table', { name: 'Rules', exact: true }).evaluate((table) =>
    Array.from(table.querySelectorAll('tbody > tr:not(.findings-row)')).map((row) => {
      const header = row.querySelector('th');
      const cells = row.querySelectorAll('td');
      // The label is the header's first text; badges (editing, warning) follow it as elements.
      return { label: (header?.firstChild?.textContent ?? '').trim(), decides: (cells[3]?.firstChild?.textContent ?? '').trim() };
    }),
  );
}

export interface RepositoryRow {
  name: string;
  tags: number;
  immutableTags: number;
  lockedDigests: number;
  artifacts: number;
  mutableTagsOnLockedDigests: number;
  untaggedRetained: number;
  untaggedArtifacts: number;
  tagsStoppedByError: number;
}

/** Every row of the Simulation screen's "Per repository" table (a grid that draws the rows in view: scrolls it through). */
export async function readRepositoryRows(page: Page): Promise<RepositoryRow[]> {
  const region = page.getByRole('region', { name: 'Totals per repository', exact: true });
  // The figures as a table (the panel opens on the chart of before and after).
  await region.getByRole('radio', { name: 'Table', exact: true }).check();
  const grid = region.getByRole('grid', { name: 'Repositories', exact: true });
  await grid.waitFor();
  const raw = await grid.evaluate(async (table) => {
    const viewport = table.querySelector('.vviewport');
    const total = Number(table.getAttribute('aria-rowcount')) - 1;
    const seen = new Map<number, string[]>();
    const read = () => {
      for (const row of Array.from(table.querySelectorAll('.vspacer [role="row"]'))) {
        seen.set(
          Number(row.getAttribute('aria-rowindex')),
          // A cell's own text: a delta against the server rules may follow it.
          Array.from(row.querySelectorAll('[role="gridcell"]')).map((cell) =>
            Array.from(cell.childNodes)
              .filter((n) => !(n instanceof Element && n.classList.contains('delta')))
              .map((n) => n.textContent)
              .join('')
              .trim(),
          ),
        );
      }
    };
    read();
    for (let step = 0; viewport !== null && seen.size < total && step < total; step++) {
      viewport.scrollTop += viewport.clientHeight / 2;
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      read();
    }
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, cells]) => cells);
  });
  return raw.map(([name, tags, immutable, locked, mutable, untagged, stopped]) => {
    const [lockedDigests, artifacts] = locked!.split('/').map(count);
    const [untaggedRetained, untaggedArtifacts] = untagged!.split('/').map(count);
    return {
      name: name!,
      tags: count(tags!),
      immutableTags: count(immutable!),
      lockedDigests: lockedDigests!,
      artifacts: artifacts!,
      mutableTagsOnLockedDigests: count(mutable!),
      untaggedRetained: untaggedRetained!,
      untaggedArtifacts: untaggedArtifacts!,
      tagsStoppedByError: count(stopped!),
    };
  });
}

/** The tag table's row for one tag (searched for on the Simulation screen): its verdict and deciding rule. */
export async function readTagRow(page: Page, repository: string, tag: string): Promise<{ verdict: string; rule: string }> {
  await page.getByLabel('Search tags', { exact: true }).fill(`${repository}:${tag}`);
  const grid = page.getByRole('grid', { name: 'Tags', exact: true });
  const row = grid.getByRole('row', { name: new RegExp(`^${escapeRegExp(`${repository}:${tag}`)} (immutable|mutable|stopped)$`) });
  await row.waitFor();
  const cells = await row.getByRole('gridcell').allInnerTexts();
  return { verdict: cells[2]!.trim(), rule: cells[3]!.trim() };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Asserts that the UI shows what the engine computed: the totals, every rule's "Decides" figure, every
 * repository's row, and the verdict and deciding rule of `sampleTags` looked up in the tag table.
 * Leaves the page on the Simulation screen.
 */
export async function expectUiShows(page: Page, expected: ExpectedSimulation, sampleTags: readonly { repository: string; tag: string }[]): Promise<void> {
  await goTo(page, 'Rules');
  // The figures follow the simulation a moment after its status: wait for them, then compare them all.
  const wanted = expected.decidedByRule.map((n) => n.toLocaleString('en-US'));
  await expect.poll(async () => (await readRuleDecides(page)).map((r) => r.decides), { timeout: 30_000 }).toEqual(wanted);
  const labels = (await readRuleDecides(page)).map((r) => r.label);

  await goTo(page, 'Simulation');
  const t = expected.totals;
  expect(await readTotalsFigures(page)).toEqual({
    tags: t.tags,
    immutableTags: t.immutableTags,
    artifacts: t.artifacts,
    lockedDigests: t.lockedDigests,
    mutableTagsOnLockedDigests: t.mutableTagsOnLockedDigests,
    untaggedArtifacts: t.untaggedArtifacts,
    untaggedRetained: t.untaggedRetained,
    tagsStoppedByError: t.tagsStoppedByError,
  });

  const rows = await readRepositoryRows(page);
  expect(rows.map((r) => r.name).sort()).toEqual([...expected.repositoryTotals.keys()].sort());
  for (const row of rows) {
    const e = expected.repositoryTotals.get(row.name)!;
    expect(row, row.name).toEqual({
      name: row.name,
      tags: e.tags,
      immutableTags: e.immutableTags,
      lockedDigests: e.lockedDigests,
      artifacts: e.artifacts,
      mutableTagsOnLockedDigests: e.mutableTagsOnLockedDigests,
      untaggedRetained: e.untaggedRetained,
      untaggedArtifacts: e.untaggedArtifacts,
      tagsStoppedByError: e.tagsStoppedByError,
    });
  }

  for (const { repository, tag } of sampleTags) {
    const position = expected.tagRule(repository, tag);
    const shown = await readTagRow(page, repository, tag);
    expect(shown, `${repository}:${tag}`).toEqual(position === null ? { verdict: 'mutable', rule: '—' } : { verdict: 'immutable', rule: labels[position] });
  }
  await page.getByLabel('Search tags', { exact: true }).fill('');
}

// ---------------------------------------------------------------------------------------------------
// The worker

/** Matches the URL of the built simulation worker (vite names it simulation.worker-HASH.js under assets/). */
export const WORKER_ASSET = /\/assets\/(simulation\.worker-[\w-]+\.js)$/;

/** The figures of one simulation result, as the worker posted them. */
export interface PostedResult {
  revision: number;
  totals: Totals;
  /** The draft's rules in evaluation order: tags decided. */
  decided: number[];
}

interface RecorderScope {
  __taglockPosted?: PostedResult[];
}

/** Runs inside a worker: wraps its postMessage so results are copied (figures only) and passed on unchanged. */
function installRecorder(): boolean {
  const scope = self as unknown as RecorderScope & { postMessage: (message: unknown, transfer?: unknown) => void };
  if (scope.__taglockPosted) return false;
  const posted: PostedResult[] = [];
  scope.__taglockPosted = posted;
  const post = scope.postMessage.bind(scope);
  scope.postMessage = (message: unknown, transfer?: unknown) => {
    const m = message as { type?: string; output?: { revision: number; draft: { totals: Totals; ruleStats: { decidedTags: number }[][] } } } | null;
    if (m?.type === 'result' && m.output) {
      posted.push({ revision: m.output.revision, totals: { ...m.output.draft.totals }, decided: (m.output.draft.ruleStats[0] ?? []).map((s) => s.decidedTags) });
    }
    return transfer === undefined ? post(message) : post(message, transfer);
  };
  return true;
}

export interface WorkerEvidenceOptions {
  /** The folder the UI was built into (its assets/ holds the worker file). */
  rendererDir: string;
  /** The UI's origin: the worker must come from it. */
  origin: string;
  /**
   * How to get the bytes the worker was started from: 'response' (the page's network events, Chromium)
   * or 'fetch' (the worker fetches its own URL again, where network events are not reported).
   */
  servedBy: 'response' | 'fetch';
}

/**
 * Follows a page's workers (attach before the page starts any): which ran the built simulation worker
 * file, and what each posted.
 */
export class WorkerWatch {
  readonly workers: Worker[] = [];
  private readonly closed = new Set<Worker>();
  private readonly installing = new Map<Worker, Promise<unknown>>();
  private readonly served = new Map<string, Promise<Buffer | null>>();

  constructor(page: Page) {
    page.on('worker', (worker) => {
      this.workers.push(worker);
      worker.on('close', () => this.closed.add(worker));
      if (WORKER_ASSET.test(worker.url())) this.installing.set(worker, worker.evaluate(installRecorder).catch(() => undefined));
    });
    page.on('response', (response: Response) => {
      if (WORKER_ASSET.test(response.url())) this.served.set(response.url(), response.body().catch(() => null));
    });
  }

  /** Workers not closed (yet). */
  live(): Worker[] {
    return this.workers.filter((w) => !this.closed.has(w));
  }

  /** Waits until every live simulation worker carries the recorder; throws when none is running. */
  async recording(timeout = 15_000): Promise<void> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const live = this.live().filter((w) => WORKER_ASSET.test(w.url()));
      if (live.length > 0) {
        await Promise.all(live.map((w) => this.installing.get(w) ?? Promise.resolve()));
        return;
      }
      if (Date.now() > deadline) throw new Error(`no simulation worker running after ${timeout} ms (workers seen: ${this.workers.map((w) => w.url()).join(', ') || 'none'})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Why the simulation the UI shows did NOT come from the built worker file, or [] when it did: exactly
   * one simulation worker is alive, from the app's origin, named as the runner names it, running the
   * built file byte for byte, and its newest posted result carries the figures `expected` says.
   */
  async whyNotFromWorker(expected: ExpectedSimulation, options: WorkerEvidenceOptions): Promise<string[]> {
    const reasons: string[] = [];
    const live = this.live();
    const simulation = live.filter((w) => WORKER_ASSET.test(w.url()));
    if (simulation.length !== 1) {
      reasons.push(`expected one running simulation worker, found ${simulation.length} (live workers: ${live.map((w) => w.url()).join(', ') || 'none'}; seen: ${this.workers.map((w) => w.url()).join(', ') || 'none'})`);
      return reasons;
    }
    const worker = simulation[0]!;
    const url = worker.url();
    if (!url.startsWith(`${options.origin}/`)) reasons.push(`the worker came from ${url}, not from ${options.origin}`);
    const file = join(options.rendererDir, 'assets', WORKER_ASSET.exec(url)![1]!);
    if (!existsSync(file)) reasons.push(`${basename(file)} is not a file of the build (${options.rendererDir}/assets)`);

    const inside = await worker
      .evaluate(() => {
        const scope = self as unknown as RecorderScope & { name: string; onmessage: unknown };
        return { name: scope.name, handler: typeof scope.onmessage, posted: scope.__taglockPosted ?? null };
      })
      .catch((error: Error) => error);
    if (inside instanceof Error) {
      reasons.push(`the worker could not be inspected: ${inside.message}`);
      return reasons;
    }
    if (inside.name !== 'taglock-simulation') reasons.push(`the worker is named ${JSON.stringify(inside.name)}, not "taglock-simulation"`);
    if (inside.handler !== 'function') reasons.push('the worker has no message handler');

    const served = options.servedBy === 'response' ? await (this.served.get(url) ?? Promise.resolve(null)) : await fetchFromWorker(worker);
    if (served === null) reasons.push(`the bytes served for ${url} were not seen`);
    else if (existsSync(file) && !served.equals(readFileSync(file))) reasons.push(`the worker ran something else than ${basename(file)} of the build (${served.length} bytes served)`);

    if (inside.posted === null) reasons.push('the worker was not recording');
    else if (inside.posted.length === 0) reasons.push('the worker posted no simulation result');
    else {
      const last = inside.posted.at(-1)!;
      if (JSON.stringify(last.totals) !== JSON.stringify(expected.totals)) reasons.push(`the worker's last result has other totals: ${JSON.stringify(last.totals)}`);
      const decided = expected.result.ruleStats[0]!.map((s) => s.decidedTags);
      if (JSON.stringify(last.decided) !== JSON.stringify(decided)) reasons.push(`the worker's last result decides ${JSON.stringify(last.decided)} tags per rule, the engine ${JSON.stringify(decided)}`);
    }
    return reasons;
  }
}

async function fetchFromWorker(worker: Worker): Promise<Buffer | null> {
  const base64 = await worker
    .evaluate(async () => {
      const bytes = new Uint8Array(await (await fetch(location.href)).arrayBuffer());
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(text);
    })
    .catch(() => null);
  return base64 === null ? null : Buffer.from(base64, 'base64');
}
