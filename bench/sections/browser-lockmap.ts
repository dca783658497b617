// The digest lock map of more than 100,000 digests, in a real browser: the snapshot is imported through
// the host's API and opened in the UI; then every main-thread long task (PerformanceObserver 'longtask',
// i.e. every task over 50 ms) is recorded from the click on "Lock map" through the first drawing of the
// map and a scroll through all of it, half a viewport per step with two frames between steps.
import { report } from '../measure.js';
import { assertNoProblems, reportSkippedWithoutChromium, round, withLargeSnapshotOpen } from '../browser/support.js';

const SECTION = 'browser-lockmap';
const APPROX_TAGS = 120_000; // bench/workloads.ts's generator: just over 100,000 digests
const TARGET_MS = 200;

/** Installed in the page (a string: tsx would wrap functions in helpers the page lacks). */
const LONG_TASK_OBSERVER = `
  (() => {
    const probe = { tasks: [], clickAt: null, drawnAt: null };
    window.__lockmap = probe;
    probe.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.tasks.push({ start: entry.startTime, ms: entry.duration });
    });
    probe.observer.observe({ type: 'longtask' });
    document.addEventListener('click', (event) => { if (probe.clickAt === null) probe.clickAt = event.timeStamp; }, { capture: true });
    // The map counts as drawn once its canvas is sized to its box and has cells on it.
    const drawn = () => {
      const canvas = document.querySelector('canvas[aria-label="Digest lock map"]');
      if (!canvas || canvas.clientWidth === 0 || canvas.width !== Math.round(canvas.clientWidth * devicePixelRatio)) return false;
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, Math.min(canvas.height, 120)).data;
      const colours = new Set();
      for (let i = 0; i < data.length && colours.size < 3; i += 16) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return colours.size >= 3;
    };
    const watch = () => {
      if (probe.clickAt !== null && drawn()) probe.drawnAt = performance.now();
      else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  })();
`;

/** Scrolls the map from top to bottom, half a viewport per step, two frames per step; returns the steps. */
const SCROLL_THROUGH = `
  (async () => {
    const scroller = document.querySelector('.lockmap-scroll');
    const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    let steps = 0;
    const step = Math.max(1, Math.floor(scroller.clientHeight / 2));
    while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
      scroller.scrollTop += step;
      steps++;
      await frames();
    }
    await frames();
    return { steps, height: scroller.scrollHeight };
  })()
`;

const FINISH = `
  (() => {
    const probe = window.__lockmap;
    for (const entry of probe.observer.takeRecords()) probe.tasks.push({ start: entry.startTime, ms: entry.duration });
    probe.observer.disconnect();
    return { tasks: probe.tasks, clickAt: probe.clickAt, drawnAt: probe.drawnAt };
  })()
`;

if (!reportSkippedWithoutChromium(SECTION)) {
  await withLargeSnapshotOpen({ approxTags: APPROX_TAGS, fileName: 'bench-lockmap.json', enough: (c) => (c.digests < 100_000 ? `${c.digests} digests` : null) }, async (app, { openMs, counts }) => {
    const { page } = app;
    // Let the opening settle (the tag table of the Rules screen, garbage collection) before observing.
    await app.go('Rules');
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));

    await page.evaluate(LONG_TASK_OBSERVER);
    await app.go('Lock map');
    await page.waitForFunction(() => (window as unknown as { __lockmap: { drawnAt: number | null } }).__lockmap.drawnAt !== null, undefined, { timeout: 60_000 });
    const drawnTasks = (await page.evaluate<{ tasks: unknown[] }>('({ tasks: window.__lockmap.tasks.slice() })')).tasks.length;
    const scroll = await page.evaluate<{ steps: number; height: number }>(SCROLL_THROUGH);
    const legend = await page.getByRole('list', { name: 'Digest states', exact: true }).innerText();
    const result = await page.evaluate<{ tasks: { start: number; ms: number }[]; clickAt: number; drawnAt: number }>(FINISH);
    assertNoProblems(app);
    const durations = result.tasks.map((t) => t.ms);
    const renderTasks = durations.slice(0, drawnTasks);
    const scrollTasks = durations.slice(drawnTasks);
    const longest = durations.length > 0 ? Math.max(...durations) : 0;
    report(SECTION, {
      digests: counts.digests,
      tags: counts.tags,
      repositories: counts.repositories,
      openMs,
      // Click on "Lock map" → the first frame with the map drawn.
      renderMs: round(result.drawnAt - result.clickAt),
      scrollSteps: scroll.steps,
      mapHeightPx: scroll.height,
      longTasks: durations.length,
      longestTaskMs: round(longest),
      totalLongTaskMs: round(durations.reduce((a, b) => a + b, 0)),
      renderLongestMs: round(renderTasks.length > 0 ? Math.max(...renderTasks) : 0),
      scrollLongestMs: round(scrollTasks.length > 0 ? Math.max(...scrollTasks) : 0),
      legend: legend.replace(/\s+/g, ' ').trim(),
      targetMs: TARGET_MS,
      met: longest < TARGET_MS,
    });
  });
}
