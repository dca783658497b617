// End to end, in real Chromium against the real browser host: the URL the host prints carries a one-time
// launch code, never the session token. The browser's history and session files keep that URL, so
// what they keep must be worthless once the page has started: the page trades the code at once, and a
// reload of the tab goes on without it. Needs Debian's `chromium` package.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { exchange, launchCodeOf } from '../electron/host/http.js';
import type { App } from './harness.js';
import { storyline, waitForSimulation } from './harness.js';
import { oneAppForFile } from './one-app.js';

let browser: Browser | undefined;
let app: App;
let page: Page;
let launchUrl: string;
const story = storyline();

oneAppForFile({ navigate: false }, (opened) => {
  ({ browser, app, page } = opened);
});

/** The URLs of the tab's history entries, as Chromium keeps them for session restore. */
async function tabHistory(p: Page): Promise<string[]> {
  const cdp = await p.context().newCDPSession(p);
  try {
    const { entries } = await cdp.send('Page.getNavigationHistory');
    return entries.map((entry) => entry.url);
  } finally {
    await cdp.detach();
  }
}

describe('the launch link', () => {
  it('opens a working app, and the address bar and the tab history keep neither the code nor the token', async (ctx) => {
    story.step(ctx);
    launchUrl = app.host.newLaunchUrl();
    await page.goto(launchUrl);
    await waitForSimulation(page); // the demo snapshot was listed, opened and simulated: the calls got through
    expect(page.url()).toBe(`${app.host.origin}/`);
    const history = await tabHistory(page);
    expect(history.filter((url) => url !== 'about:blank')).toEqual([`${app.host.origin}/`]); // the entry was rewritten, not added to
    expect(history.join(' ')).not.toContain(launchCodeOf(launchUrl));
    expect(history.join(' ')).not.toContain(app.host.token);
  });

  it('is spent once the page has started: its code, from the launch URL the browser recorded, gets 401', async (ctx) => {
    story.step(ctx);
    const reused = await exchange(app.host.origin, launchCodeOf(launchUrl));
    expect(reused.status).toBe(401);
    expect(reused.json()).toEqual({ ok: false, error: { code: 'auth', message: expect.stringContaining('start Taglock again') } });
  });

  it('is not needed to reload the tab: the session stays in its session storage', async (ctx) => {
    story.step(ctx);
    await page.reload();
    // The reload cuts the old page's event stream; nothing else may go wrong.
    expect(app.takeProblems().filter((p) => !/^request failed: GET \S+\/api\/events\?token=\S+ \(net::ERR_ABORTED\)$/.test(p))).toEqual([]);
    await waitForSimulation(page);
    expect(page.url()).toBe(`${app.host.origin}/`);
    await app.go('Snapshots');
    await page.getByRole('table', { name: 'Snapshots', exact: true }).getByRole('row').nth(1).waitFor();
  });

  it('opened again in a new tab, is refused with a message that says to start Taglock again', async (ctx) => {
    story.step(ctx);
    const context = await browser!.newContext();
    try {
      const other = await context.newPage();
      await other.goto(launchUrl);
      const alert = other.getByRole('alert').filter({ hasText: 'start Taglock again' });
      await alert.waitFor();
      expect(await alert.innerText()).toMatch(/already been used or has expired/);
      expect(await alert.innerText()).not.toMatch(/robot/); // not the registry login hint
      expect(other.url()).toBe(`${app.host.origin}/`); // scrubbed all the same
    } finally {
      await context.close();
    }
  });
});
