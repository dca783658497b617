import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startHost } from '../../electron/host/start-host.js';

const dataDir = mkdtempSync(join(tmpdir(), 'taglock-e2e-'));
const host = await startHost({ port: 0, dataDir });
const t0 = Date.now();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
console.log('launch', Date.now() - t0);
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
const t1 = Date.now();
await page.goto(host.url);
await page.getByRole('status', { name: 'Simulation status' }).filter({ hasText: 'Up to date' }).waitFor();
console.log('ready', Date.now() - t1);
console.log(await page.getByRole('status', { name: 'Simulation status' }).textContent());
await page.screenshot({ path: '/tmp/rules.png' });
for (const name of ['Simulation', 'Lock map', 'Snapshots', 'Connections', 'Publish']) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/${name.replace(' ', '')}.png` });
}
await browser.close();
await host.close();
