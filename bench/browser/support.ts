// Helpers for the in-browser benchmark sections (bench/sections/browser-*.ts): the real UI in Debian's
// Chromium (headless, through playwright-core) against the real browser host on a temporary data folder.
import type { SnapshotSummary } from '../../shared/contract/api.js';
import type { Snapshot } from '../../shared/snapshot/schema.js';
import type { App } from '../../test/e2e/harness.js';
import { chromiumUnavailable, ensureRendererBuilt, eventually, launchChromium, openApp, waitForSimulation } from '../../test/e2e/harness.js';
import { report } from '../measure.js';
import { FIFTEEN_RULES, largeSnapshot } from '../workloads.js';

export { chromiumUnavailable, ensureRendererBuilt, launchChromium, openApp } from '../../test/e2e/harness.js';

/** Ends the section with a one-line "skipped" report when Chromium cannot run here. */
export function reportSkippedWithoutChromium(section: string): boolean {
  const why = chromiumUnavailable();
  if (why === null) return false;
  report(section, { skipped: why });
  return true;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const round = (ms: number, digits = 1) => Number(ms.toFixed(digits));

/** One call of the host's wire protocol, from Node (no Origin header: judged by the token alone). */
export async function callHost<T>(app: App, method: string, args: unknown[]): Promise<T> {
  const response = await fetch(`${app.host.origin}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-taglock-token': app.host.token },
    body: JSON.stringify({ method, args }),
  });
  const answer = (await response.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!answer.ok) throw new Error(`${method} failed: ${answer.error.message} (${answer.error.code})`);
  return answer.value;
}

export function countSnapshot(snapshot: Snapshot): { repositories: number; digests: number; tags: number } {
  let repositories = 0;
  let digests = 0;
  let tags = 0;
  for (const project of snapshot.projects) {
    for (const repository of project.repositories) {
      repositories++;
      digests += repository.artifacts.length;
      for (const artifact of repository.artifacts) tags += artifact.tags.length;
    }
  }
  return { repositories, digests, tags };
}

/**
 * Generates a benchmark snapshot (bench/workloads.ts) of about `approxTags` tags, with the benchmark's
 * 15 rules in force in its project (so digests are locked as in real life), and imports it through the
 * host's API, as the UI's Import does. Returns its summary and real counts.
 */
export async function importLargeSnapshot(app: App, approxTags: number, fileName: string) {
  const snapshot = largeSnapshot(approxTags);
  snapshot.projects[0]!.rules = FIFTEEN_RULES;
  const counts = countSnapshot(snapshot);
  const text = JSON.stringify(snapshot);
  const summary = await callHost<SnapshotSummary>(app, 'importSnapshot', [{ fileName, text }]);
  return { summary, counts, bytes: text.length };
}

/** Opens a snapshot through the Snapshots screen and waits until it is simulated; returns the wall time. */
export async function openSnapshotInUi(app: App, name: string): Promise<number> {
  const { page } = app;
  await app.go('Snapshots');
  const started = Date.now();
  await page.getByRole('table', { name: 'Snapshots', exact: true }).getByRole('button', { name: `Open ${name}`, exact: true }).click({ timeout: 60_000 });
  await eventually(() => page.getByLabel('Open snapshot').innerText(), (text) => text.startsWith(name), `${name} to be open`, 120_000);
  await page.getByRole('status', { name: 'Simulation status', exact: true }).filter({ hasText: /^Up to date/ }).waitFor({ timeout: 120_000 });
  const ms = Date.now() - started;
  await waitForSimulation(page);
  return ms;
}

/**
 * Chromium with the app opened on a generated snapshot of about `approxTags` tags (imported through the
 * API, then opened through the Snapshots screen); `measure` runs on it and everything is closed after.
 * `enough` refuses a snapshot too small for the section's claim.
 */
export async function withLargeSnapshotOpen(
  options: { approxTags: number; fileName: string; enough: (counts: ReturnType<typeof countSnapshot>) => string | null },
  measure: (app: App, opened: { openMs: number; counts: ReturnType<typeof countSnapshot>; bytes: number }) => Promise<void>,
): Promise<void> {
  await prepareRenderer();
  const browser = await launchChromium();
  const app = await openApp(browser, { navigate: false });
  try {
    const imported = await importLargeSnapshot(app, options.approxTags, options.fileName);
    const tooSmall = options.enough(imported.counts);
    if (tooSmall) throw new Error(`the generated snapshot is too small: ${tooSmall}`);
    // The page opens only now, so its first list of snapshots already has the import in it.
    await app.page.goto(app.host.newLaunchUrl());
    const openMs = await openSnapshotInUi(app, imported.summary.name);
    await measure(app, { openMs, counts: imported.counts, bytes: imported.bytes });
  } finally {
    await app.close();
    await browser.close();
  }
}

/** Fails the section if the page reported console errors, page errors or failed requests. */
export function assertNoProblems(app: App): void {
  const problems = app.takeProblems();
  if (problems.length > 0) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
}

/** Ensures the production renderer is built (quietly, to stderr) before a section measures it. */
export async function prepareRenderer(): Promise<void> {
  await ensureRendererBuilt((line) => process.stderr.write(`${line}\n`));
}
