// Captures the README's screenshots (1280×720 PNGs, the most common laptop window) into docs/screenshots/:
// the main screens with the demo snapshot after one rule edit (the simulation's totals, its tag table
// sorted and searched, the per-repository chart of before and after, the lock map with a tooltip, the
// cleanup forecast of the next retention run), plus
// Connections, Snapshots and Publish (an edit of the server's own `shop`, fetched and opened) against the
// Harbor-faithful test server (reached through a fixed local port, so the pictures do not show a random one).
//
//   npx tsx test/e2e/capture-screenshots.ts [OUT_DIR]
//
// Builds the renderer first when it is stale; needs Debian's `chromium` package.
import { statSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { ADMIN, startShop } from '../support/harbor-fixture.js';
import type { App } from './harness.js';
import { addConnection, chooseOption, chromiumUnavailable, ensureRendererBuilt, eventually, launchChromium, lockMapIsDrawn, openApp, ROOT, waitForSimulation } from './harness.js';

const OUT = process.argv[2] ?? join(ROOT, 'docs', 'screenshots');
const PREFERRED_PORT = 8080;

/** A plain TCP relay from 127.0.0.1:8080 (or any free port if taken) to the test server. */
async function relay(target: URL): Promise<{ url: string; server: Server }> {
  const server = createServer((socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const port = await listen(PREFERRED_PORT).catch(() => listen(0));
  return { url: `http://127.0.0.1:${port}`, server };
}

async function main(): Promise<void> {
  const why = chromiumUnavailable();
  if (why !== null) throw new Error(why);
  await ensureRendererBuilt((line) => console.log(line));
  const harbor = await startShop();
  const { url: harborUrl, server: relayServer } = await relay(new URL(harbor.url));
  const browser = await launchChromium();
  let app: App | undefined;
  const shots: string[] = [];
  /** Notices fade after a few seconds; dismiss them so no picture catches one half way. */
  const dismissNotices = async () => {
    const buttons = app!.page.getByRole('region', { name: 'Notifications', exact: true }).getByRole('button', { name: 'Dismiss notification', exact: true });
    while ((await buttons.count()) > 0) await buttons.first().click();
  };
  const shoot = async (name: string, keepScroll = false) => {
    await dismissNotices();
    await app!.page.mouse.move(0, 0);
    shots.push(await app!.screenshot(name, { dir: OUT, keepScroll }));
  };
  try {
    app = await openApp(browser, { viewport: { width: 1280, height: 720 } });
    const { page } = app;
    await waitForSimulation(page);
    await page.getByRole('table', { name: 'Rules', exact: true }).getByRole('rowheader', { name: /^#1/ }).waitFor();
    // The presets' numbers come from the simulation worker.
    await page.getByRole('region', { name: 'Presets', exact: true }).getByText(/^Locks \d+% of the tags here/).first().waitFor();
    await shoot('rules');

    // One edit: releases and `latest` everywhere. The editor previews what Harbor stores, lint speaks up.
    await page.getByRole('button', { name: 'Edit #1', exact: true }).click();
    const editor = page.getByRole('form', { name: 'Rule editor', exact: true });
    await editor.getByRole('textbox', { name: 'Tag patterns', exact: true }).fill('v*.*.*, latest');
    await editor.getByRole('status', { name: 'Stored tag pattern', exact: true }).filter({ hasText: '{v*.*.*,latest}' }).waitFor();
    await waitForSimulation(page);
    await page.getByRole('textbox', { name: 'Repository and tag to test (repository:tag)', exact: true }).fill('backend/api:latest');
    await page.getByRole('status', { name: 'Tester verdict', exact: true }).waitFor();
    await shoot('rule-edit');
    await editor.getByRole('button', { name: 'Save rule', exact: true }).click();
    await editor.waitFor({ state: 'detached' });
    await page.getByRole('textbox', { name: 'Repository and tag to test (repository:tag)', exact: true }).fill('');
    await waitForSimulation(page);

    // Simulation after the edit: totals and the changes; then the tag table, searched and sorted, with one
    // newly immutable tag selected; then the chart of before and after per repository.
    await app.go('Simulation');
    await page.getByRole('region', { name: 'Changes against the server rules', exact: true }).getByRole('heading', { name: /tags become immutable/ }).waitFor();
    await shoot('simulation');
    const diff = page.getByRole('region', { name: 'Changes against the server rules', exact: true });
    const first = diff.getByRole('button').filter({ hasText: /:latest$/ }).first();
    const tag = await first.innerText();
    await first.click();
    await page.getByRole('region', { name: 'Why', exact: true }).getByText(`${tag} is immutable`).waitFor();
    await page.getByRole('searchbox', { name: 'Search tags', exact: true }).fill('**:{latest,v1.*}');
    await page.getByRole('grid', { name: 'Tags', exact: true }).getByRole('columnheader', { name: 'Change' }).getByRole('button').click();
    await page.getByRole('region', { name: 'Tags', exact: true }).evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().top - 52));
    await shoot('tags', true);
    await page.getByRole('list', { name: 'Repositories, before and after', exact: true }).getByRole('listitem').first().waitFor();
    await page.getByRole('region', { name: 'Totals per repository', exact: true }).evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().top - 52));
    await shoot('charts', true);

    // The lock map with that tag's digest selected, and another cell pointed at.
    await page.getByRole('button', { name: 'Show the digest in the lock map', exact: true }).click();
    await page.getByRole('region', { name: 'Digest details', exact: true }).getByText(/^Locked with the draft rules/).waitFor();
    await eventually(() => lockMapIsDrawn(page), (drawn) => drawn, 'the lock map to be drawn');
    const map = page.getByRole('application', { name: 'Digest lock map', exact: true });
    await map.evaluate((canvas) => canvas.closest('.lockmap-scroll')?.scrollTo(0, 0));
    await eventually(() => lockMapIsDrawn(page), (drawn) => drawn, 'the lock map to be drawn again');
    // The legend and the map's first rows together, as the screen opens.
    await page.evaluate(() => window.scrollTo(0, 0));
    await dismissNotices();
    await map.hover({ position: { x: 17 + 12 * 9, y: 37 } });
    await page.getByRole('tooltip').waitFor();
    shots.push(await app.screenshot('lock-map', { dir: OUT, keepScroll: true }));

    // Cleanup: the demo's retention policy with the edited rules, what the edit stops retention from deleting.
    await app.go('Cleanup');
    await page.getByRole('status', { name: "Difference against the server's policies", exact: true }).getByText(/^This draft stops retention from deleting/).waitFor();
    await page.getByRole('list', { name: 'Repositories, server and drafts', exact: true }).getByRole('listitem').first().waitFor();
    await shoot('cleanup');

    // Connections: one Harbor, tested.
    await app.go('Connections');
    await addConnection(page, { name: 'Shop Harbor', url: harborUrl, kind: 'Harbor', username: ADMIN.username, secret: ADMIN.password, projects: 'shop' });
    await page.getByRole('button', { name: 'Test Shop Harbor', exact: true }).click();
    await page.getByRole('table', { name: 'Permissions of Shop Harbor', exact: true }).waitFor();
    await shoot('connections');

    // Snapshots: the demo and a fresh fetch from the server, opened as it arrives.
    await app.go('Snapshots');
    const fetchForm = page.getByRole('form', { name: 'Fetch from a registry', exact: true });
    await chooseOption(fetchForm.getByRole('combobox', { name: 'Connection to fetch from', exact: true }), 'Shop Harbor — ');
    await fetchForm.getByRole('textbox', { name: 'Snapshot name', exact: true }).fill('Shop Harbor, today');
    await fetchForm.getByRole('button', { name: 'Fetch snapshot', exact: true }).click();
    await fetchForm.getByRole('status').filter({ hasText: 'Fetched Shop Harbor, today' }).waitFor();
    await shoot('snapshots');
    // Opened when fetched: a draft belongs to its registry and project, so the server's `shop` is edited
    // for Publish, whose effect is then computed on its own tags.
    await eventually(() => page.getByLabel('Open snapshot').innerText(), (t) => t.startsWith('Shop Harbor, today'), 'the fetched snapshot to open');
    await waitForSimulation(page);
    await app.go('Rules');
    await page.getByRole('button', { name: 'Edit #1', exact: true }).click();
    await editor.getByRole('textbox', { name: 'Tag patterns', exact: true }).fill('v*.*.*, stable');
    await editor.getByRole('button', { name: 'Save rule', exact: true }).click();
    await editor.waitFor({ state: 'detached' });
    await app.go('Publish');
    const target = page.getByRole('form', { name: 'Publish target', exact: true });
    await chooseOption(target.getByRole('combobox', { name: 'Target connection', exact: true }), 'Shop Harbor — ');
    await target.getByRole('button', { name: 'Plan publish', exact: true }).click();
    await page.getByRole('region', { name: 'Effect on the current snapshot', exact: true }).getByText(/Immutable tags in shop/).waitFor();
    await page.getByRole('region', { name: 'Plan', exact: true }).getByRole('button', { name: /^Confirm and publish/ }).waitFor();
    await page.getByRole('region', { name: 'Plan', exact: true }).scrollIntoViewIfNeeded();
    await shoot('publish', true);

    const problems = app.takeProblems();
    if (problems.length > 0) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
  } finally {
    await app?.close();
    await browser.close();
    relayServer.close();
    await harbor.close();
  }
  for (const file of shots) {
    const kb = Math.round(statSync(file).size / 1024);
    console.log(`${file.replace(`${ROOT}/`, '')}  ${kb} KB${kb > 250 ? '  (over 250 KB!)' : ''}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exit(1);
});
