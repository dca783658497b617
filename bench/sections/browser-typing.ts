// Simulation feedback while typing, in a real browser, on a snapshot of about 1,000,000 tags: the file of
// browser-open-large (bench/browser/million-tags.ts) is imported through the host's streamed upload (as
// the UI's Import does) and opened in the UI; then one
// character at a time is typed into the rule editor's tag pattern, and each keystroke is timed from the
// key event to the frame after the UI's own signal that the simulation of that text is on screen (the
// header's "Simulation status" turning from "Simulating…" back to "Up to date · N ms …").
// Typing that pattern mostly changes no verdict (earlier rules already hold its tags), so a second run
// times the heavy keystrokes: "*" typed into the empty pattern and deleted again, each of which turns
// hundreds of thousands of verdicts: how many, the rule tells once it is added to the draft with "*"
// (its "Decides" count in the Rules table). Before typing, entering the Rules screen is watched for long
// main-thread tasks until its presets show their numbers (measured on every tag of the project).
import { millionTagSnapshotFile, uploadSnapshotFile } from '../browser/million-tags.js';
import type { Page } from 'playwright-core';
import { report } from '../measure.js';
import { assertNoProblems, launchChromium, median, openApp, openSnapshotInUi, prepareRenderer, reportSkippedWithoutChromium, round } from '../browser/support.js';

const SECTION = 'browser-typing';
/** Below this the snapshot is not the million the targets are about. */
const AT_LEAST_TAGS = 1_000_000;
const TARGET_MEDIAN_MS = 100;
const TARGET_WORST_MS = 200;
/** Typed one character at a time into a new rule's tag pattern (after clearing it): 1 warm-up + 10. */
const TYPED = 'v1.2.*-rc*z';
/** Then, from an empty pattern again: 1 warm-up + 6 keystrokes that each turn many verdicts. */
const TURNING = ['*', 'Backspace', '*', 'Backspace', '*', 'Backspace', '*'];

/**
 * Installed in the page (a string: tsx would wrap functions in helpers the page lacks). Times each
 * keystroke: from the key event's own timestamp to the frame after the status says "Up to date" again.
 */
const KEYSTROKE_PROBE = `
  (() => {
    const status = document.querySelector('[aria-label="Simulation status"]');
    const probe = { results: [], pending: null };
    window.__probe = probe;
    document.addEventListener('keydown', (event) => {
      probe.pending = { keyAt: event.timeStamp, sawRunning: false };
    }, { capture: true });
    const check = () => {
      const p = probe.pending;
      if (!p) return;
      const text = status.textContent || '';
      if (text.startsWith('Simulating')) p.sawRunning = true;
      else if (p.sawRunning && text.startsWith('Up to date')) {
        probe.pending = null;
        const doneAt = performance.now();
        const reported = Number((/([0-9]+) ms/.exec(text) || [])[1]);
        requestAnimationFrame(() => requestAnimationFrame(() => {
          probe.results.push({ ms: performance.now() - p.keyAt, domMs: doneAt - p.keyAt, simulationMs: reported, text });
        }));
      }
    };
    new MutationObserver(check).observe(status, { subtree: true, childList: true, characterData: true });
  })();
`;

/** Collects the main thread's long tasks (over 50 ms), as the browser reports them. */
const LONG_TASK_PROBE = `
  (() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(Math.round(entry.duration));
    }).observe({ type: 'longtask' });
  })();
`;

interface ProbeResult {
  ms: number;
  simulationMs: number;
}

/**
 * Presses `keys` in the rule editor's tag pattern one at a time, each after the previous one's answer is
 * on screen; the first is a warm-up. Returns the others' times.
 */
async function timeKeystrokes(page: Page, keys: readonly string[]): Promise<{ ms: number[]; simulationMs: number[] }> {
  await page.evaluate(() => {
    (window as unknown as { __probe: { results: unknown[] } }).__probe.results = [];
  });
  const field = page.getByRole('form', { name: 'Rule editor', exact: true }).getByRole('textbox', { name: 'Tag patterns', exact: true });
  for (let i = 0; i < keys.length; i++) {
    await field.press(keys[i]!);
    await page.waitForFunction((count) => (window as unknown as { __probe: { results: unknown[] } }).__probe.results.length >= count, i + 1, { timeout: 60_000 });
  }
  const results = await page.evaluate(() => (window as unknown as { __probe: { results: ProbeResult[] } }).__probe.results);
  const timed = results.slice(1);
  return { ms: timed.map((r) => r.ms), simulationMs: timed.map((r) => r.simulationMs) };
}

if (!reportSkippedWithoutChromium(SECTION)) {
  const snapshotFile = millionTagSnapshotFile();
  if (snapshotFile.tags < AT_LEAST_TAGS) throw new Error(`the generated snapshot is too small: ${snapshotFile.tags} tags`);
  await prepareRenderer();
  const browser = await launchChromium();
  const app = await openApp(browser, { navigate: false });
  try {
    const summary = await uploadSnapshotFile(app.host.origin, app.host.token, snapshotFile.file, 'bench-typing.json');
    // The page opens only now, so its first list of snapshots already has the import in it.
    await app.page.goto(app.host.newLaunchUrl());
    const openMs = await openSnapshotInUi(app, summary.name);
    const { page } = app;
    const mode = (await page.getByRole('status', { name: 'Simulation status', exact: true }).getAttribute('data-runs-in')) === 'worker' ? 'in a worker' : 'on the main thread';

    // Entering the Rules screen: the longest main-thread task until its presets are measured on the
    // project's tags (the simulation worker does that work, so the page stays free to answer input).
    await page.evaluate(LONG_TASK_PROBE);
    await app.go('Rules');
    await page.getByRole('region', { name: 'Presets', exact: true }).getByText(/^Locks \d+% of the (tags here|measured tags)/).first().waitFor({ timeout: 60_000 });
    const rulesScreenTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    await page.getByRole('button', { name: 'Add rule', exact: true }).click();
    const editor = page.getByRole('form', { name: 'Rule editor', exact: true });
    const field = editor.getByRole('textbox', { name: 'Tag patterns', exact: true });
    await field.fill('');
    await page.getByRole('status', { name: 'Simulation status', exact: true }).filter({ hasText: /^Up to date/ }).waitFor({ timeout: 60_000 });
    await page.evaluate(KEYSTROKE_PROBE);

    const typed = await timeKeystrokes(page, [...TYPED]);
    if ((await field.inputValue()) !== TYPED) throw new Error(`the field holds ${await field.inputValue()}`);
    await field.fill('');
    await page.getByRole('status', { name: 'Simulation status', exact: true }).filter({ hasText: /^Up to date/ }).waitFor({ timeout: 60_000 });
    const turning = await timeKeystrokes(page, TURNING);
    // The rule with "*", added last to the draft: the tags it decides are the verdicts each keystroke turned.
    await editor.getByRole('button', { name: 'Add to draft', exact: true }).click();
    const decidesCell = page.getByRole('table', { name: 'Rules', exact: true }).locator('tbody tr:has(th[scope="row"])').last().locator('td.num').nth(1);
    await page.getByRole('status', { name: 'Simulation status', exact: true }).filter({ hasText: /^Up to date/ }).waitFor({ timeout: 60_000 });
    const turnedVerdicts = Number((await decidesCell.innerText()).replace(/[^0-9]/g, ''));
    if (!(turnedVerdicts > 0)) throw new Error(`the rule "*" decides no tag: ${await decidesCell.innerText()}`);
    assertNoProblems(app);
    const ms = typed.ms;
    report(SECTION, {
      tags: summary.tags,
      digests: summary.artifacts,
      repositories: summary.repositories,
      snapshotMb: round(snapshotFile.bytes / 1e6),
      openMs,
      runsIn: mode,
      keystrokes: ms.length,
      // Key event → the frame after "Up to date" (what the user waits for).
      medianMs: round(median(ms)),
      worstMs: round(Math.max(...ms)),
      // The simulation alone, as the UI reports it in its status; the rest is debounce, transfer, render.
      simulationMedianMs: round(median(typed.simulationMs)),
      simulationWorstMs: round(Math.max(...typed.simulationMs)),
      // The heavy keystrokes: each turns many verdicts.
      turningKeystrokes: turning.ms.length,
      turnedVerdicts,
      turningMedianMs: round(median(turning.ms)),
      turningWorstMs: round(Math.max(...turning.ms)),
      turningSimulationMedianMs: round(median(turning.simulationMs)),
      // Entering the Rules screen until the presets show their numbers: the longest main-thread task.
      rulesScreenLongestTaskMs: Math.max(0, ...rulesScreenTasks),
      rulesScreenLongTasks: rulesScreenTasks.length,
      targetMedianMs: TARGET_MEDIAN_MS,
      targetWorstMs: TARGET_WORST_MS,
    });
  } finally {
    await app.close();
    await browser.close();
  }
}
