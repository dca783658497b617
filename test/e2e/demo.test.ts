// End to end, in real Chromium against the real browser host (real services, temporary data folder):
// the first start with the demo snapshot, then editing rules, the live simulation and the lock map,
// exactly as a registry admin clicks through them. Needs Debian's `chromium` package.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { App, TotalsView } from './harness.js';
import { eventually, lockMapIsDrawn, readTotals, storyline, waitForSimulation } from './harness.js';
import { oneAppForFile } from './one-app.js';

let app: App;
let page: Page;
let before: TotalsView;
const story = storyline();

oneAppForFile({}, (opened) => {
  ({ app, page } = opened);
});

/** The label of the verdict filter's option matching `pattern`. */
async function verdictLabel(p: Page, pattern: RegExp): Promise<string | undefined> {
  const labels = await p.getByRole('combobox', { name: 'Verdict filter', exact: true }).locator('option').allTextContents();
  return labels.find((l) => pattern.test(l));
}

describe('first start with the demo snapshot', () => {
  it('opens the demo snapshot with its rules, simulated, and no errors', async (ctx) => {
    story.step(ctx);
    const header = page.getByLabel('Open snapshot');
    await expect.poll(() => header.innerText()).toMatch(/Demo: project shop\s*demo.*project shop · 3,\d{3} tags/s);
    // The app opens on Rules, with the two rules in force when the demo was "fetched".
    await page.locator('nav[aria-label="Main"] button[aria-current="page"]', { hasText: 'Rules' }).waitFor();
    const rules = page.getByRole('table', { name: 'Rules', exact: true });
    await expect.poll(() => rules.getByRole('row').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByLabel('2 of 15 rules').isVisible()).toBe(true);
    await rules.getByRole('rowheader', { name: /^#1/ }).waitFor();
    await rules.getByRole('rowheader', { name: /^#2/ }).waitFor();
    await waitForSimulation(page);
    await app.screenshot('rules');

    await app.go('Simulation');
    before = await readTotals(page);
    expect(before.tags).toBeGreaterThan(3000);
    expect(before.immutableTags).toBeGreaterThan(0);
    expect(before.immutableTags).toBeLessThan(before.tags);
    expect(before.lockedDigests).toBeGreaterThan(0);
    // Harbor's recorded verdicts agree with the simulation of the rules in force, tag for tag.
    const tagCount = before.tags.toLocaleString('en-US');
    await page.getByRole('region', { name: 'Totals', exact: true }).getByText(`agree with the simulation of the snapshot's server rules on ${tagCount} of ${tagCount} tags`).waitFor();
    await page.getByRole('region', { name: 'Changes against the server rules', exact: true }).getByText('The draft changes nothing on this snapshot').waitFor();
    expect(await page.getByRole('grid', { name: 'Tags', exact: true }).getByRole('row').count()).toBeGreaterThan(5);
    await app.screenshot('simulation-demo');
  });
});

describe('rules', () => {
  it('edits a rule to a comma list: the stored pattern is previewed and the simulation follows while typing', async (ctx) => {
    story.step(ctx);
    await app.go('Rules');
    await page.getByRole('button', { name: 'Edit #1', exact: true }).click();
    const editor = page.getByRole('form', { name: 'Rule editor', exact: true });
    await editor.getByRole('heading', { name: 'Edit #1', exact: true }).waitFor();
    const tags = editor.getByRole('textbox', { name: 'Tag patterns', exact: true });
    expect(await tags.inputValue()).toBe('v*.*.*');
    await tags.fill('v*.*.*, latest');
    // Harbor's UI wraps a comma list in braces and drops the spaces: the preview says what is stored.
    await editor.getByRole('status', { name: 'Stored tag pattern', exact: true }).filter({ hasText: /^\{v\*\.\*\.\*,latest\}$/ }).waitFor();
    await waitForSimulation(page);

    // The simulation already follows the unsaved form.
    await app.go('Simulation');
    const live = await readTotals(page);
    expect(live.immutableTags).toBeGreaterThan(before.immutableTags);
    expect(live.lockedDigests).toBeGreaterThan(before.lockedDigests);

    await app.go('Rules');
    await editor.getByRole('button', { name: 'Save rule', exact: true }).click();
    await editor.waitFor({ state: 'detached' });
    const row = page.getByRole('table', { name: 'Rules', exact: true }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^#1/ }) });
    await row.getByText('{v*.*.*,latest}').waitFor();
    await page.getByRole('region', { name: 'Draft and server rules', exact: true }).getByText("differs from the snapshot's rules").waitFor();
    expect(await page.getByRole('button', { name: 'Undo', exact: true }).isEnabled()).toBe(true);
    await waitForSimulation(page);
    // The moving tag `latest` is a classic mistake: lint says so on the rule, with the snapshot's own `latest` tags.
    const findings = page.getByRole('list', { name: 'Findings for #1', exact: true });
    await findings.getByText('locks-moving-tags', { exact: true }).waitFor();
    expect(await findings.getByText('ci-moving-tags', { exact: true }).count()).toBe(0);
  });

  it('shows lint findings for a bad pattern while it is typed, and Escape cancels', async (ctx) => {
    story.step(ctx);
    await page.getByRole('button', { name: 'Add rule', exact: true }).click();
    const editor = page.getByRole('form', { name: 'Rule editor', exact: true });
    await editor.getByRole('heading', { name: 'Add a rule (new A)', exact: true }).waitFor();
    await editor.getByRole('textbox', { name: 'Repository patterns', exact: true }).fill('shop/**');
    await editor.getByRole('textbox', { name: 'Tag patterns', exact: true }).fill('v[0-9');
    const findings = editor.getByRole('list', { name: 'Findings for the new rule', exact: true });
    await findings.getByText('project-prefix', { exact: true }).waitFor();
    await findings.getByText('syntax-error', { exact: true }).waitFor();
    expect(await findings.innerText()).toMatch(/error/i);
    await app.screenshot('rules-lint');
    // Something was typed: the first Escape asks, the second throws it away; focus goes back to Add rule.
    await editor.getByRole('textbox', { name: 'Tag patterns', exact: true }).press('Escape');
    await editor.getByRole('alert').filter({ hasText: 'Press Escape again to throw away what you typed' }).waitFor();
    await editor.getByRole('textbox', { name: 'Tag patterns', exact: true }).press('Escape');
    await editor.waitFor({ state: 'detached' });
    await eventually(() => page.evaluate(() => document.activeElement?.textContent ?? ''), (t) => t === 'Add rule', 'focus to go back to Add rule');
    await page.getByLabel('2 of 15 rules').waitFor();
  });

  it('the pattern tester explains a verdict rule by rule, against the draft and the server rules', async (ctx) => {
    story.step(ctx);
    await page.getByRole('textbox', { name: 'Repository and tag to test (repository:tag)', exact: true }).fill('backend/api:latest');
    const verdict = page.getByRole('status', { name: 'Tester verdict', exact: true });
    await verdict.getByText('backend/api:latest is IMMUTABLE — decided by #1').waitFor();
    expect(await verdict.innerText()).toContain('With the server rules: mutable');
    const trace = verdict.getByRole('list', { name: 'Rule by rule', exact: true });
    expect(await trace.getByRole('listitem').count()).toBe(2);
    expect(await trace.getByRole('listitem').first().innerText()).toMatch(/#1/);

    await page.getByRole('textbox', { name: 'Repository and tag to test (repository:tag)', exact: true }).fill('base/node:latest');
    await verdict.getByText('base/node:latest is IMMUTABLE — decided by #1').waitFor();
    expect(await verdict.innerText()).toContain('With the server rules: mutable');
    await app.screenshot('rules-edited');
  });
});

describe('simulation', () => {
  let pickedTag = '';

  it('shows the totals after the edit and the tags that newly become immutable', async (ctx) => {
    story.step(ctx);
    await app.go('Simulation');
    await waitForSimulation(page);
    const after = await readTotals(page);
    expect(after.immutableTags).toBeGreaterThan(before.immutableTags);
    const diff = page.getByRole('region', { name: 'Changes against the server rules', exact: true });
    const added = after.immutableTags - before.immutableTags;
    await diff.getByRole('heading', { name: `${added.toLocaleString('en-US')} tags become immutable` }).waitFor();
    // Every tag the diff names is a `latest` tag, the only thing the edit added.
    const names = await diff.getByRole('button').filter({ hasText: /:/ }).allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names.filter((n) => /^[\w/.-]+:[\w.-]+$/.test(n) && !n.includes('@'))) expect(name).toMatch(/:latest$/);
    pickedTag = names.find((n) => n.endsWith(':latest'))!;
    expect(pickedTag).toBeTruthy();
    // The stats say how far they moved against the server rules (read out to screen readers too).
    const immutableStat = page.getByRole('region', { name: 'Totals', exact: true }).getByRole('group', { name: 'Immutable tags' });
    await immutableStat.getByText(`up ${added.toLocaleString('en-US')} against the server rules`).waitFor({ state: 'attached' });
  });

  it('searches the table and explains why a tag is immutable', async (ctx) => {
    story.step(ctx);
    const search = page.getByRole('searchbox', { name: 'Search tags', exact: true });
    await search.fill(pickedTag);
    const grid = page.getByRole('grid', { name: 'Tags', exact: true });
    const row = grid.getByRole('row', { name: `${pickedTag} immutable`, exact: true });
    await row.waitFor();
    await eventually(() => grid.getByRole('row').count(), (n) => n === 2, 'the search to leave one tag (plus the header row)');
    await page.getByText(/^1 of [\d,]+ tags/).waitFor();
    expect(await row.innerText()).toMatch(/▲ newly/);
    await row.click();
    const why = page.getByRole('region', { name: 'Why', exact: true });
    await why.getByText(`${pickedTag} is immutable, decided by #1.`).waitFor();
    expect(await why.innerText()).toContain('With the server rules: mutable');
    const trace = why.getByRole('list', { name: 'Rule by rule for this tag', exact: true });
    expect(await trace.getByRole('listitem').count()).toBe(2);

    // The verdict filter: only the tags the draft newly makes immutable.
    await search.fill('');
    await page.getByRole('combobox', { name: 'Verdict filter', exact: true }).selectOption({ label: (await verdictLabel(page, /newly/i))! });
    const after = await readTotals(page);
    const added = (after.immutableTags - before.immutableTags).toLocaleString('en-US');
    await page.getByText(new RegExp(`^${added} of [\\d,]+ tags`)).waitFor();
    await app.screenshot('simulation');
  });
});

describe('lock map', () => {
  it('shows a locked digest chosen from the simulation: its tags, locking rules and blocked operations', async (ctx) => {
    story.step(ctx);
    await page.getByRole('region', { name: 'Why', exact: true }).getByRole('button', { name: 'Show the digest in the lock map', exact: true }).click();
    await page.locator('nav[aria-label="Main"] button[aria-current="page"]', { hasText: 'Lock map' }).waitFor();
    await page.getByRole('application', { name: 'Digest lock map', exact: true }).waitFor();
    const details = page.getByRole('region', { name: 'Digest details', exact: true });
    await details.getByText(/^sha256:[0-9a-f]{64}$/).waitFor();
    const text = await details.innerText();
    expect(text).toMatch(/^Locked with the draft rules/m);
    expect(text).toContain('latest');
    const lockedBy = details.getByRole('heading', { name: 'Locked by', exact: true });
    await lockedBy.waitFor();
    expect(text).toMatch(/Locked by\s+#1: /);
    const consequences = details.getByRole('table', { name: 'Consequences', exact: true });
    const deleteRow = consequences.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Delete the artifact or its repository', exact: true }) });
    expect(await deleteRow.innerText()).toContain('blocked');
    expect(await consequences.getByRole('row').filter({ hasText: 'blocked' }).count()).toBeGreaterThanOrEqual(2);
    await eventually(() => lockMapIsDrawn(page), (drawn) => drawn, 'the lock map to be drawn');
    const legend = page.getByRole('list', { name: 'Digest states', exact: true });
    expect(await legend.innerText()).toMatch(/newly locked \(ringed, with a dot\): [1-9]/);
    await app.screenshot('lock-map');
  });

  it('selects a locked digest with the keyboard, and another digest with a click', async (ctx) => {
    story.step(ctx);
    const details = page.getByRole('region', { name: 'Digest details', exact: true });
    const digest = () => details.getByText(/^sha256:[0-9a-f]{64}$/).innerText();
    const map = page.getByRole('application', { name: 'Digest lock map', exact: true });
    await map.focus();
    // Home: the first digest of the first repository; then right until a locked one.
    await page.keyboard.press('Home');
    await eventually(() => details.innerText(), (t) => /in frontend\/web/.test(t), 'Home to select the first digest');
    let seen = await digest();
    let presses = 0;
    while (!/^Locked with the draft rules/m.test(await details.innerText())) {
      expect(++presses, 'a locked digest within the first 40 of frontend/web').toBeLessThan(40);
      await page.keyboard.press('ArrowRight');
      seen = await eventually(digest, (d) => d !== seen, 'the arrow key to select the next digest');
    }
    const text = await details.innerText();
    expect(text).toMatch(/Immutable tags\s+\S/);
    expect(text).not.toMatch(/Immutable tags\s+none/);
    expect(text).toMatch(/Locked by\s+#\d: repositories/);
    const blocked = details.getByRole('table', { name: 'Consequences', exact: true }).getByRole('row').filter({ hasText: 'blocked' });
    expect(await blocked.count()).toBeGreaterThanOrEqual(3);
    expect(await blocked.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^Delete the artifact or its repository/)]));
    // The choice is announced to screen readers.
    expect(await page.locator('p[aria-live="polite"]', { hasText: /^Selected frontend\/web / }).count()).toBe(1);

    // A click on the first cell of another repository (cells are drawn from the top left).
    await page.getByRole('searchbox', { name: 'Filter repositories', exact: true }).fill('backend/api');
    await eventually(() => lockMapIsDrawn(page), (drawn) => drawn, 'the filtered map to be drawn');
    // The frontend/web digest stays selected, and its details say the filter hides it.
    await details.getByText(/filters hide this repository/).waitFor();
    await map.click({ position: { x: 17, y: 37 } });
    await eventually(() => details.innerText(), (t) => /in backend\/api/.test(t), 'the click to select a digest of backend/api');
    expect(await details.getByText(/filters hide this repository/).count()).toBe(0);
    expect(await details.getByRole('table', { name: 'Consequences', exact: true }).getByRole('row').count()).toBeGreaterThanOrEqual(4);
    await app.screenshot('lock-map-keyboard');
  });
});
