// End to end, in real Chromium against the real browser host: a snapshot of more than 20,000 tags is
// imported and opened in the built UI, a draft is entered, and
//  - the simulation ran in the built worker file (dist/renderer/assets/simulation.worker-*.js, served byte
//    for byte), which posted the figures shown, and the UI says "in a worker";
//  - every figure the UI shows (totals, each rule's count, each repository, sample tags) equals what
//    Taglock's engine computes in Node for the same snapshot and rules.
// A worker that breaks makes the app fall back to the main thread visibly (status and notice), with the
// same figures, and the worker check above then fails: the fallback cannot pass for the worker.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOST_ONLY_HEADERS, SECURITY_HEADERS } from '../../electron/host/security-headers.js';
import type { Snapshot } from '../../shared/snapshot/schema.js';
import type { ExpectedSimulation } from '../support/large-snapshot.js';
import { LARGE_DRAFT_RULES, LARGE_SERVER_RULES, LARGE_SNAPSHOT_MIN_TAGS, countTags, expectedSimulation, largeSnapshot, sampleTags } from '../support/large-snapshot.js';
import type { App } from './harness.js';
import { RENDERER_DIR, chromiumUnavailable, ensureRendererBuilt, launchChromium, openApp, skipWithoutChromium } from './harness.js';
import { WORKER_ASSET, WorkerWatch, enterRulesJson, expectUiShows, importAndOpen, noticesSeen, recordNotices, settledStatus } from './simulation-checks.js';

const FILE_NAME = 'worker-large.json';

let browser: Browser | undefined;
let snapshot: Snapshot;
let text: string;
let server: ExpectedSimulation;
let draft: ExpectedSimulation;
let samples: { repository: string; tag: string }[];
const apps: App[] = [];

beforeAll(async () => {
  if (chromiumUnavailable() !== null) return;
  await ensureRendererBuilt((line) => console.log(line));
  const started = Date.now();
  snapshot = largeSnapshot();
  text = JSON.stringify(snapshot);
  server = expectedSimulation(snapshot, LARGE_SERVER_RULES);
  draft = expectedSimulation(snapshot, LARGE_DRAFT_RULES);
  samples = sampleTags(snapshot, draft);
  console.log(`snapshot: ${countTags(snapshot)} tags, ${(text.length / 1e6).toFixed(1)} MB, generated and simulated in Node in ${Date.now() - started} ms`);
  browser = await launchChromium();
}, 180_000);

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

afterAll(async () => {
  await browser?.close();
});

describe('the simulation of a snapshot of more than 20,000 tags', () => {
  it('runs in the built worker file, and the UI shows exactly what the engine computes', async (ctx) => {
    skipWithoutChromium(ctx);
    expect(server.totals.tags).toBeGreaterThan(LARGE_SNAPSHOT_MIN_TAGS);
    // Every rule of the draft that is enabled decides some tag, and the draft differs from the server rules.
    expect(draft.decidedByRule.filter((n, i) => n > 0 || LARGE_DRAFT_RULES[i]!.disabled === true)).toHaveLength(LARGE_DRAFT_RULES.length);
    expect(draft.totals.immutableTags).not.toBe(server.totals.immutableTags);
    expect(samples.length).toBeGreaterThanOrEqual(7);

    const app = await openApp(browser!, { navigate: false });
    apps.push(app);
    const watch = new WorkerWatch(app.page);
    await recordNotices(app.page);
    const evidence = { rendererDir: RENDERER_DIR, origin: app.host.origin, servedBy: 'response' } as const;
    await app.page.goto(app.host.newLaunchUrl());
    let started = Date.now();
    await importAndOpen(app.page, FILE_NAME, text);
    console.log(`imported, opened and simulated in ${Date.now() - started} ms`);
    // The snapshot's own rules, simulated in the worker as soon as it opened.
    expect((await settledStatus(app.page)).where).toBe('in a worker');
    await watch.recording();

    started = Date.now();
    await enterRulesJson(app.page, LARGE_DRAFT_RULES);
    const status = await settledStatus(app.page);
    console.log(`draft simulated in ${Date.now() - started} ms (${status.text})`);
    expect(status.where).toBe('in a worker');
    expect(await watch.whyNotFromWorker(draft, evidence)).toEqual([]);
    // The same check the Electron smoke test makes, where network events are not reported: the worker fetches its own file.
    expect(await watch.whyNotFromWorker(draft, { ...evidence, servedBy: 'fetch' })).toEqual([]);
    await expectUiShows(app.page, draft, samples);

    // No fallback was ever announced (the import was), and nothing went wrong on the page.
    const notices = await noticesSeen(app.page);
    expect(notices).toContain(`Imported worker-large: ${draft.totals.tags.toLocaleString('en-US')} tags.`);
    expect(notices.filter((n) => /main thread/.test(n))).toEqual([]);
    expect(app.takeProblems()).toEqual([]);
    // Still the worker: the figures were not replaced by a later run elsewhere.
    expect((await settledStatus(app.page)).where).toBe('in a worker');
    expect(await watch.whyNotFromWorker(draft, evidence)).toEqual([]);
  }, 240_000);

  it('falls back to the main thread, visibly and with the same figures, when the worker breaks; the worker check then fails', async (ctx) => {
    skipWithoutChromium(ctx);
    const app = await openApp(browser!, { navigate: false });
    apps.push(app);
    // The worker file is replaced by one that throws on every message it gets, served as the host serves
    // files (an isolated page refuses a worker script without the embedder policy before it runs at all).
    const broken = 'self.onmessage = () => { throw new Error("simulation worker broken on purpose"); };';
    let routed = 0;
    await app.context.route(WORKER_ASSET, (route) => {
      routed++;
      return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', headers: { ...SECURITY_HEADERS, ...HOST_ONLY_HEADERS }, body: broken });
    });
    const watch = new WorkerWatch(app.page);
    await recordNotices(app.page);
    await app.page.goto(app.host.newLaunchUrl());
    // The demo snapshot opens first, on the main thread already (its worker is the same broken file).
    expect((await settledStatus(app.page)).where).toBe('on the main thread');
    const fallbackNotice = /^Simulation runs on the main thread: the simulation worker stopped \(.*simulation worker broken on purpose.*\)\.$/;
    const before = (await noticesSeen(app.page)).filter((n) => fallbackNotice.test(n)).length;
    await importAndOpen(app.page, FILE_NAME, text);
    expect(routed).toBeGreaterThan(1);

    // The fallback says so: the header names the main thread, and a notice said why when this snapshot opened.
    expect((await settledStatus(app.page)).where).toBe('on the main thread');
    await expect.poll(async () => (await noticesSeen(app.page)).filter((n) => fallbackNotice.test(n)).length).toBe(before + 1);

    await enterRulesJson(app.page, LARGE_DRAFT_RULES);
    expect((await settledStatus(app.page)).where).toBe('on the main thread');
    await expectUiShows(app.page, draft, samples);

    // The check the first test passes fails here: the figures on screen did not come from the worker.
    const reasons = await watch.whyNotFromWorker(draft, { rendererDir: RENDERER_DIR, origin: app.host.origin, servedBy: 'response' });
    console.log(`with a broken worker the worker check fails: ${reasons.join('; ')}`);
    expect(reasons).not.toEqual([]);
    expect(watch.workers.some((w) => WORKER_ASSET.test(w.url()))).toBe(true); // it did start, then broke
    expect(app.takeProblems().filter((p) => !p.includes('simulation worker broken on purpose'))).toEqual([]);
  }, 240_000);
});
