// End to end, in real Chromium at 1280x720: the UI says which Harbor it judges as, and the "why" and the
// lock map show what tag retention does differently. The demo's base/* rule is built to show it: it locks
// base/alpine against push and delete, but retention in Harbor 2.15.2 judges the repository as "alpine".
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { App } from './harness.js';
import { storyline, waitForSimulation } from './harness.js';
import { oneAppForFile } from './one-app.js';

let app: App;
let page: Page;
const story = storyline();

oneAppForFile({ viewport: { width: 1280, height: 720 } }, (opened) => {
  ({ app, page } = opened);
});

/** Selects the first immutable tag of base/alpine in the tag table and returns the Why panel. */
async function whyOfLockedAlpineTag() {
  const search = page.getByRole('searchbox', { name: 'Search tags', exact: true });
  await search.fill('base/alpine:');
  const grid = page.getByRole('grid', { name: 'Tags', exact: true });
  const row = grid.getByRole('row').filter({ hasText: 'immutable' }).filter({ hasText: 'base/alpine' }).first();
  await row.waitFor();
  await row.click();
  return page.getByRole('region', { name: 'Why', exact: true });
}

describe('Harbor version profiles in the UI', () => {
  it('says which Harbor and profile the simulation uses', async (ctx) => {
    story.step(ctx);
    await app.go('Simulation');
    await waitForSimulation(page);
    const profile = page.getByTestId('harbor-profile');
    await profile.waitFor();
    expect(await profile.innerText()).toMatch(/Harbor 2\.15\.2 · doublestar v1\.3\.4 · tag retention judges names without their first path component/);
  });

  it('the why of a locked base/alpine tag says retention in 2.15.2 judges it as alpine, and that the delete it tries is refused', async (ctx) => {
    story.step(ctx);
    const why = await whyOfLockedAlpineTag();
    const retention = why.getByTestId('why-retention');
    await retention.waitFor();
    expect(await retention.innerText()).toBe(
      'Tag retention in Harbor 2.15.2 judges this artifact as `alpine` (not `base/alpine`) and does not skip it as IMMUTABLE: a run that would remove it tries to delete it, ' +
        'and the delete is refused because its tags are immutable (412), so it stays; the run logs it as an error (ERR).',
    );
    await app.screenshot('why-retention-2.15.2');
  });

  it('the lock map shows the same for the digest', async (ctx) => {
    story.step(ctx);
    await page.getByRole('region', { name: 'Why', exact: true }).getByRole('button', { name: 'Show the digest in the lock map', exact: true }).click();
    const details = page.getByRole('region', { name: 'Digest details', exact: true });
    const consequences = details.getByRole('table', { name: 'Consequences', exact: true });
    await consequences.waitFor();
    expect(await consequences.innerText()).toContain('Tag retention in Harbor 2.15.2 judges this artifact as `alpine` (not `base/alpine`) and does not skip it as IMMUTABLE');
    await app.screenshot('lock-map-retention-2.15.2');
  });

  it('judged as Harbor 2.16, retention skips the same digest, and the profile says the fix is assumed', async (ctx) => {
    story.step(ctx);
    await app.go('Simulation');
    await page.getByRole('combobox', { name: 'Judge as Harbor version', exact: true }).selectOption('2.16.0');
    await waitForSimulation(page);
    const bar = page.getByRole('group', { name: 'Harbor version', exact: true });
    expect(await bar.innerText()).toMatch(/Harbor 2\.16\.0 · doublestar v1\.3\.4 · tag retention judges the full repository name/);
    expect(await bar.innerText()).toMatch(/assumes it ships in 2\.16\.0/);
    const why = await whyOfLockedAlpineTag();
    await why.getByTestId('why-retention').getByText('Tag retention in Harbor 2.16.0 skips it as IMMUTABLE.').waitFor();
    // Back to the version the snapshot recorded.
    await page.getByRole('combobox', { name: 'Judge as Harbor version', exact: true }).selectOption('');
    await waitForSimulation(page);
    expect(await page.getByTestId('harbor-profile').innerText()).toMatch(/^Harbor 2\.15\.2/);
  });
});
