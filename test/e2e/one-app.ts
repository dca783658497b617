// Test helper (Node, vitest): one Chromium and one app shared by every test of an end-to-end file. It
// builds the renderer (beside whatever the file starts with it, such as test servers), opens the app,
// checks after every test that the page had no console error, page error or failed request, and closes
// everything at the end. Without Chromium it opens nothing: the file's tests skip through storyline().
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { App, OpenAppOptions } from './harness.js';
import { chromiumUnavailable, ensureRendererBuilt, launchChromium, openApp, waitForSimulation } from './harness.js';

export interface OneAppOptions extends OpenAppOptions {
  /** Started while the renderer builds (test servers the app will reach). */
  alongside?: () => Promise<unknown>;
  /** Called just before the app opens. */
  beforeOpen?: () => void;
  /** Wait for the first simulation before the tests start. */
  simulated?: boolean;
}

export interface OpenedApp {
  browser: Browser;
  app: App;
  page: Page;
}

/** Registers the file's hooks; `onOpen` receives the browser and the app once they are up. */
export function oneAppForFile(options: OneAppOptions, onOpen: (opened: OpenedApp) => void): void {
  const { alongside, beforeOpen, simulated, ...openOptions } = options;
  let browser: Browser | undefined;
  let app: App | undefined;

  beforeAll(async () => {
    if (chromiumUnavailable() !== null) return;
    await Promise.all([ensureRendererBuilt((line) => console.log(line)), alongside?.()]);
    browser = await launchChromium();
    beforeOpen?.();
    app = await openApp(browser, openOptions);
    onOpen({ browser, app, page: app.page });
    if (simulated) await waitForSimulation(app.page);
  });

  afterEach(() => {
    if (app) expect(app.takeProblems(), 'console errors, page errors or failed requests').toEqual([]);
  });

  afterAll(async () => {
    await app?.close();
    await browser?.close();
  });
}
