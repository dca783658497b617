// End to end, in real Chromium at 1280×720 (the most common laptop window) and at 1920×1080: what an admin
// sees is all there without scrolling sideways — every rule's actions, lint sentences whole, repository
// and tag names of 40 characters in full in the tag table — and, at 1280, the things admins reach for:
// sorting, saving results, copying a digest, the chart of before and after, the keyboard, Find's matches,
// the lock map's tooltip, the theme switch, notices that cover nothing, the rule editor's first keys.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RULES, demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import type { App } from './harness.js';
import { chromiumUnavailable, ensureRendererBuilt, eventually, launchChromium, lockMapIsDrawn, openApp, storyline, useRulesJson, waitForSimulation } from './harness.js';
import { headersCutWhenSorted } from './grid-headers.js';

const LONG_REPOSITORY = 'team-payments/settlement-reconciliation1';
const LONG_TAG = 'release-2026.11.02-hotfix-checkout-rc123';

/** The demo, with its first repository and one of its tags renamed to 40 characters. */
function longNamesSnapshot(): string {
  const snapshot = demoSnapshot();
  const repository = snapshot.projects[0]!.repositories[0]!;
  repository.name = LONG_REPOSITORY;
  repository.artifacts[0]!.tags[0]!.name = LONG_TAG;
  return JSON.stringify(snapshot);
}

/**
 * The demo's rules and two that make long lines: a long pattern with a 60-character part that has no
 * place to break (a table sized to its content grows past its column and pushes the actions under the
 * side panel), and one whose lint finds an error.
 */
const DEMANDING_RULES = [
  ...DEMO_RULES,
  {
    disabled: false,
    priority: 0,
    action: 'immutable',
    template: 'immutable_template',
    tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '{v[0-9]*.[0-9]*.[0-9]*,release-[0-9][0-9][0-9][0-9].[0-9][0-9].[0-9][0-9]*,stable,production-candidate}' }],
    scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: 'settlementreconciliationservicesforeuropeanpaymentsplatform/**' }] },
  },
  {
    disabled: false,
    priority: 0,
    action: 'immutable',
    template: 'immutable_template',
    tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v[0-9' }],
    scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: 'shop/**' }] },
  },
];

/** Horizontal overflow of the page itself (a sideways scrollbar), in pixels. */
const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * Every rule action, brought into view vertically: is it inside the window horizontally, the element at
 * its centre (not covered or cut off), with nothing scrolled sideways to show it? Lists the failures.
 */
function hiddenRuleActions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const buttons = Array.from(document.querySelectorAll('table[aria-label="Rules"] td.actions-cell button')) as HTMLButtonElement[];
    if (buttons.length === 0) problems.push('no rule actions found');
    for (const button of buttons) {
      button.scrollIntoView({ block: 'center', inline: 'nearest' });
      const rect = button.getBoundingClientRect();
      const name = button.getAttribute('aria-label') ?? button.textContent ?? '?';
      if (rect.left < 0 || rect.right > document.documentElement.clientWidth) problems.push(`${name} is outside the window (${Math.round(rect.left)}–${Math.round(rect.right)})`);
      const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
      if (hit !== button && !button.contains(hit)) problems.push(`${name} is covered or cut off (the point shows ${hit?.tagName ?? 'nothing'})`);
      for (let element: HTMLElement | null = button.parentElement; element !== null; element = element.parentElement) {
        if (element.scrollLeft !== 0) problems.push(`${name} needed ${element.tagName}.${element.className} scrolled sideways`);
      }
    }
    if (window.scrollX !== 0) problems.push('the window scrolled sideways');
    window.scrollTo(0, 0);
    return problems;
  });
}

/** Lint sentences (in the list and the editor) cut short: wider than their box, or reaching past their panel. */
function clippedFindings(page: Page): Promise<{ count: number; clipped: string[] }> {
  return page.evaluate(() => {
    const findings = Array.from(document.querySelectorAll('.finding')) as HTMLElement[];
    const clipped: string[] = [];
    for (const finding of findings) {
      const panel = finding.closest('.panel') as HTMLElement | null;
      const box = finding.getBoundingClientRect();
      const text = finding.textContent?.slice(0, 60) ?? '';
      if (finding.scrollWidth > finding.clientWidth + 1) clipped.push(`wider than its box: ${text}`);
      if (panel && box.right > panel.getBoundingClientRect().right + 1) clipped.push(`past its panel: ${text}`);
      for (const part of Array.from(finding.querySelectorAll('.finding-message, .finding-code')) as HTMLElement[]) {
        const rect = part.getBoundingClientRect();
        if (rect.right > box.right + 1 || rect.left < box.left - 1) clipped.push(`a part outside its finding: ${part.textContent?.slice(0, 60) ?? ''}`);
      }
      for (let element = finding.parentElement; element !== null && element !== panel; element = element.parentElement) {
        if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'visible') clipped.push(`inside a box that hides its overflow: ${text}`);
      }
    }
    return { count: findings.length, clipped };
  });
}

/** The tag table's name cells of one row: shown whole, and inside the part of the table in view? */
function nameCells(page: Page, rowLabel: string) {
  return page.evaluate((label) => {
    const row = (Array.from(document.querySelectorAll('[role="grid"][aria-label="Tags"] [role="row"]')) as HTMLElement[]).find((r) => r.getAttribute('aria-label') === label);
    if (!row) return null;
    const viewport = row.closest('.vviewport') as HTMLElement;
    const view = viewport.getBoundingClientRect();
    const cells = (Array.from(row.querySelectorAll('[role="gridcell"]')) as HTMLElement[]).slice(0, 2).map((cell) => {
      const name = cell.querySelector('.ellipsis') as HTMLElement;
      const rect = cell.getBoundingClientRect();
      return { text: name.textContent, whole: name.scrollWidth <= name.clientWidth, inView: rect.left >= view.left - 1 && rect.right <= view.right + 1 };
    });
    return { cells, scrolledSideways: viewport.scrollLeft !== 0, tableNeedsSideways: viewport.scrollWidth > viewport.clientWidth + 1 };
  }, rowLabel);
}

const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

let browser: Browser | undefined;

beforeAll(async () => {
  if (chromiumUnavailable() !== null) return;
  await ensureRendererBuilt((line) => console.log(line));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

for (const viewport of VIEWPORTS) {
  const size = `${viewport.width}×${viewport.height}`;
  describe(`at ${size}`, () => {
    let app: App | undefined;
    let page: Page;
    const story = storyline();
    const wide = viewport.width >= 1920;

    beforeAll(async () => {
      if (!browser) return;
      app = await openApp(browser, { viewport });
      page = app.page;
      await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.host.origin });
      await waitForSimulation(page);
    });

    afterEach(() => {
      if (app) expect(app.takeProblems(), 'console errors, page errors or failed requests').toEqual([]);
    });

    afterAll(async () => {
      await app?.close();
    });

    it('shows every rule action without scrolling sideways, and lint sentences whole, with the editor open', async (ctx) => {
      story.step(ctx);
      await useRulesJson(page, DEMANDING_RULES);
      await page.getByLabel('4 of 15 rules').waitFor();
      await page.getByRole('list', { name: 'Findings for new B', exact: true }).getByText('syntax-error', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Edit new A', exact: true }).click();
      await page.getByRole('form', { name: 'Rule editor', exact: true }).waitFor();
      await waitForSimulation(page);
      expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      expect(await hiddenRuleActions(page)).toEqual([]);
      const findings = await clippedFindings(page);
      expect(findings.count).toBeGreaterThan(5);
      expect(findings.clipped).toEqual([]);
      await app!.screenshot(`layout-rules-${viewport.width}`);
      await page.getByRole('button', { name: 'Cancel edit', exact: true }).click();
    });

    it('wraps a long pattern and a long name in the Pattern tester instead of pushing the page sideways', async (ctx) => {
      story.step(ctx);
      const unbroken = 'verylongrepositoryname'.repeat(8);
      const long = { ...DEMANDING_RULES[0]!, scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: `team/${unbroken}/**` }] } };
      await useRulesJson(page, [...DEMANDING_RULES, long]);
      await page.getByLabel('5 of 15 rules').waitFor();
      const tester = page.getByRole('region', { name: 'Pattern tester', exact: true });
      await tester.getByLabel('Repository and tag to test (repository:tag)').fill(`team/${unbroken}/api:v1.2.3`);
      await tester.getByRole('list', { name: 'Rule by rule', exact: true }).getByText(`team/${unbroken}/**`, { exact: false }).waitFor();
      expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      const wider = await tester.evaluate((panel) =>
        Array.from(panel.querySelectorAll('li, p')).filter((element) => element.getBoundingClientRect().right > panel.getBoundingClientRect().right + 1).map((element) => element.textContent),
      );
      expect(wider).toEqual([]);
      await useRulesJson(page, DEMANDING_RULES);
      await page.getByLabel('4 of 15 rules').waitFor();
    });

    it("keeps each preset's rule text inside the Presets panel, however long its patterns", async (ctx) => {
      story.step(ctx);
      const presets = page.getByRole('region', { name: 'Presets', exact: true });
      // Measured by the simulation worker: the suggestions (with the longest patterns) come with the numbers.
      await presets.getByRole('list', { name: 'Suggested presets', exact: true }).waitFor();
      await presets.getByText(/^Locks \d+% of the tags here/).first().waitFor();
      expect(await presets.getByText(/^Locks \d+% of the tags here/).count()).toBe(await presets.getByRole('button', { name: /^Use preset / }).count());
      const wider = await presets.evaluate((panel) => {
        const edge = panel.getBoundingClientRect().right - parseFloat(getComputedStyle(panel).paddingRight);
        return Array.from(panel.querySelectorAll('p')).filter((element) => element.getBoundingClientRect().right > edge + 1 || element.scrollWidth > element.clientWidth + 1).map((element) => element.textContent);
      });
      expect(wider).toEqual([]);
    });

    it('shows repository and tag names of 40 characters in full in the tag table', async (ctx) => {
      story.step(ctx);
      expect(LONG_REPOSITORY).toHaveLength(40);
      expect(LONG_TAG).toHaveLength(40);
      await app!.go('Snapshots');
      await page.getByLabel('Snapshot file (.json)').setInputFiles({ name: 'long-names.json', mimeType: 'application/json', buffer: Buffer.from(longNamesSnapshot()) });
      await page.getByRole('button', { name: 'Open long-names', exact: true }).click();
      await eventually(() => page.getByLabel('Open snapshot').innerText(), (t) => t.startsWith('long-names'), 'the long names to open');
      await waitForSimulation(page);
      await app!.go('Simulation');
      await page.getByRole('searchbox', { name: 'Search tags', exact: true }).fill(LONG_TAG);
      const label = `${LONG_REPOSITORY}:${LONG_TAG} mutable`;
      await page.getByRole('row', { name: label, exact: true }).waitFor();
      const cells = await nameCells(page, label);
      expect(cells).toEqual({
        cells: [
          { text: LONG_REPOSITORY, whole: true, inView: true },
          { text: LONG_TAG, whole: true, inView: true },
        ],
        scrolledSideways: false,
        tableNeedsSideways: false,
      });
      expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      // A header too narrow for the whole snapshot line cuts the registry's address, not the project and its size.
      const shown = await page.getByLabel('Open snapshot').evaluate((line: HTMLElement) => {
        line.style.maxWidth = '400px';
        const visible = (text: string) => {
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
            const at = node.textContent!.indexOf(text);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + text.length);
            return range.getBoundingClientRect().right <= line.getBoundingClientRect().right;
          }
          return false;
        };
        const result = { cut: line.scrollWidth > line.clientWidth, project: visible('project shop'), tags: visible(' tags'), whole: line.title };
        line.style.maxWidth = '';
        return result;
      });
      expect(shown).toEqual({ cut: true, project: true, tags: true, whole: expect.stringMatching(/^long-names · project shop · [\d,]+ tags · https:\/\//) });
      await page.getByRole('region', { name: 'Tags', exact: true }).scrollIntoViewIfNeeded();
      await app!.screenshot(`layout-long-names-${viewport.width}`, { keepScroll: true });
    });

    it('keeps the Why panel beside the table where there is room, below it where there is not', async (ctx) => {
      story.step(ctx);
      const [table, why] = await Promise.all([page.getByRole('region', { name: 'Tags', exact: true }).boundingBox(), page.getByRole('region', { name: 'Why', exact: true }).boundingBox()]);
      if (wide) expect(why!.x).toBeGreaterThan(table!.x + table!.width - 1);
      else expect(why!.y).toBeGreaterThan(table!.y + table!.height - 1);
    });

    if (wide) return;

    it('sorts the tag table by a column, both ways, and says so to screen readers', async (ctx) => {
      story.step(ctx);
      await page.getByRole('searchbox', { name: 'Search tags', exact: true }).fill('latest');
      const grid = page.getByRole('grid', { name: 'Tags', exact: true });
      const header = grid.getByRole('columnheader', { name: 'Repository' });
      await header.getByRole('button').click();
      expect(await header.getAttribute('aria-sort')).toBe('ascending');
      const names = async () => (await grid.getByRole('row').allInnerTexts()).slice(1, 6).map((t) => t.split('\n')[0]!.trim());
      const up = await names();
      expect(up).toEqual([...up].sort());
      await header.getByRole('button').click();
      expect(await header.getAttribute('aria-sort')).toBe('descending');
      const down = await names();
      expect(down).toEqual([...down].sort().reverse());
      expect(down[0]! > up[0]!).toBe(true);
    });

    it('saves the rows shown as CSV, in their order', async (ctx) => {
      story.step(ctx);
      const save = page.getByRole('button', { name: /^Save the [\d,]+ tags shown as CSV$/ });
      const shown = Number((await save.getAttribute('aria-label'))!.match(/[\d,]+/)![0].replace(/,/g, ''));
      const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
      expect(download.suggestedFilename()).toMatch(/^taglock-tags-long-names-\d{4}-\d{2}-\d{2}\.csv$/);
      const lines = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
      expect(lines[0]).toBe('project,repository,tag,verdict,decidedBy,harborSaid,change,digest,pushed,sizeBytes');
      expect(lines).toHaveLength(shown + 1);
      const repositories = lines.slice(1).map((l) => l.split(',')[1]!);
      expect(repositories).toEqual([...repositories].sort().reverse());
    });

    it('copies the selected tag\'s digest', async (ctx) => {
      story.step(ctx);
      await page.getByRole('grid', { name: 'Tags', exact: true }).getByRole('row').nth(1).click();
      const why = page.getByRole('region', { name: 'Why', exact: true });
      const digest = await why.locator('.mono[title^="sha256:"]').getAttribute('title');
      await why.getByRole('button', { name: 'Copy the digest', exact: true }).click();
      await why.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(digest);
    });

    it('draws each repository before and after the draft, the changes it makes told apart', async (ctx) => {
      story.step(ctx);
      await app!.go('Rules');
      await useRulesJson(page, [
        ...DEMO_RULES,
        { ...DEMO_RULES[0], id: undefined, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'latest' }] },
      ]);
      await waitForSimulation(page);
      await app!.go('Simulation');
      const chart = page.getByRole('region', { name: 'Before and after the draft, per repository', exact: true });
      const first = chart.getByRole('list', { name: 'Repositories, before and after', exact: true }).getByRole('listitem').first();
      expect(await first.getAttribute('aria-label')).toMatch(/: tags ([\d,]+) → ([\d,]+) of [\d,]+ immutable \(\+1\)/);
      // The newly immutable part is drawn (striped), and is wide enough to see.
      const newly = first.getByRole('img', { name: /, tags: the server rules above, the draft below$/ }).locator('g[data-bar="after"] rect.bar-newly');
      expect((await newly.boundingBox())!.width).toBeGreaterThanOrEqual(2);
      expect(await newly.evaluate((rect) => getComputedStyle(rect).fill)).toMatch(/^url\("?#/);
      await chart.scrollIntoViewIfNeeded();
      await app!.screenshot('layout-chart-1280', { keepScroll: true });
    });

    it('draws only the repositories in view, on the header\'s columns, and scrolls to every one; the table sorts by its headers', async (ctx) => {
      story.step(ctx);
      const region = page.getByRole('region', { name: 'Totals per repository', exact: true });
      const list = region.getByRole('list', { name: 'Repositories, before and after', exact: true });
      const items = list.getByRole('listitem');
      const total = demoSnapshot().projects[0]!.repositories.length;
      expect(await items.first().getAttribute('aria-setsize')).toBe(String(total));
      const drawnAtTop = await items.count();
      expect(drawnAtTop).toBeLessThan(total);
      // The save pair stands on one line, inside the panel (the JSON one once wrapped alone at 1280).
      const saves = await region.getByRole('button', { name: /^Save the .* as (CSV|JSON)$/ }).evaluateAll((buttons) => buttons.map((button) => ({ top: Math.round(button.getBoundingClientRect().top), right: button.getBoundingClientRect().right })));
      const panelRight = await region.evaluate((panel) => panel.getBoundingClientRect().right);
      expect(saves).toHaveLength(2);
      expect(saves[0]!.top).toBe(saves[1]!.top);
      expect(saves[1]!.right).toBeLessThanOrEqual(panelRight);
      // Each column of the first row starts where its header does (rows are grids of their own).
      const starts = await region.evaluate((panel) => {
        const left = (e: Element) => Math.round(e.getBoundingClientRect().left);
        return { head: Array.from(panel.querySelector('.chart-head')!.children).map(left), row: Array.from(panel.querySelector('.chart-row')!.children).map(left) };
      });
      expect(starts.row).toEqual(starts.head);
      await list.evaluate((box) => (box.scrollTop = box.scrollHeight));
      await eventually(() => items.last().getAttribute('aria-posinset'), (at) => at === String(total), 'the last repository drawn at the bottom');
      expect(await items.count()).toBeLessThanOrEqual(drawnAtTop);
      // Another order starts at the top again.
      await region.getByLabel('Sort by', { exact: true }).selectOption('name');
      await eventually(() => items.first().getAttribute('aria-posinset'), (at) => at === '1', 'the first repository after a new order');
      expect(await list.evaluate((box) => box.scrollTop)).toBe(0);
      const names = [...demoSnapshot().projects[0]!.repositories.map((r) => r.name)].sort((a, b) => a.localeCompare(b));
      expect(await items.first().getAttribute('aria-label')).toMatch(new RegExp(`^${names[0]!.replace(/[/.]/g, '\\$&')}: `));
      // From the keyboard: Page Down scrolls the box, and Tab then goes to a row in view (not one drawn above it), leaving the box where it is.
      await list.focus();
      await page.keyboard.press('PageDown');
      await page.keyboard.press('PageDown');
      // Page Down scrolls smoothly: wait until the box stands still.
      const settledTop = () =>
        list.evaluate(async (box) => {
          for (;;) {
            const before = box.scrollTop;
            await new Promise((done) => setTimeout(done, 150));
            if (box.scrollTop === before) return before;
          }
        });
      await eventually(settledTop, (top) => top > 0, 'the box scrolled by Page Down');
      const scrolled = await settledTop();
      await page.keyboard.press('Tab');
      const focused = await list.evaluate((box) => {
        const row = document.activeElement?.closest('[role="listitem"]');
        return row ? { inView: row.getBoundingClientRect().bottom > box.getBoundingClientRect().top + 1, scrollTop: box.scrollTop } : null;
      });
      expect(focused).toEqual({ inView: true, scrollTop: scrolled });
      await list.evaluate((box) => (box.scrollTop = 0));
      await eventually(() => items.first().getAttribute('aria-posinset'), (at) => at === '1', 'the top of the list again');
      // A repository's name shows its tags: the tag table, above the chart, comes into view with its grid
      // focused, a search that would hide them all cleared.
      const tagsPanel = page.getByRole('region', { name: 'Tags', exact: true });
      await tagsPanel.getByLabel('Search tags', { exact: true }).fill('no-such-tag');
      await items.first().getByRole('button', { name: names[0]!, exact: true }).click();
      // Below the sticky header, its heading not hidden under it.
      const headerBottom = await page.locator('header').first().evaluate((header) => Math.round(header.getBoundingClientRect().bottom));
      await eventually(() => tagsPanel.evaluate((panel) => Math.round(panel.getBoundingClientRect().top)), (top) => top >= headerBottom && top < headerBottom + 80, 'the tag table brought into view');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Tags');
      expect(await tagsPanel.getByLabel('Repository filter', { exact: true }).locator('option:checked').innerText()).toBe(names[0]);
      expect(await tagsPanel.getByLabel('Search tags', { exact: true }).inputValue()).toBe('');
      const tagLabels = await tagsPanel.getByRole('grid', { name: 'Tags', exact: true }).locator('[role="row"][aria-label]').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label')!));
      expect(tagLabels.length).toBeGreaterThan(0);
      for (const label of tagLabels) expect(label.startsWith(`${names[0]}:`), label).toBe(true);
      await tagsPanel.getByLabel('Repository filter', { exact: true }).selectOption('');
      await region.scrollIntoViewIfNeeded();

      await region.getByRole('radio', { name: 'Table', exact: true }).check();
      const grid = region.getByRole('grid', { name: 'Repositories', exact: true });
      // From the keyboard: the grid focused, a row chosen with the arrows, Enter shows its tags.
      await grid.focus();
      await page.keyboard.press('ArrowDown');
      const chosen = await grid.locator('.vrow.selected [role="gridcell"]').first().innerText();
      await page.keyboard.press('Enter');
      const tagsRegion = page.getByRole('region', { name: 'Tags', exact: true });
      await eventually(() => tagsRegion.getByLabel('Repository filter', { exact: true }).locator('option:checked').innerText(), (name) => name === chosen, 'the chosen repository in the tag table');
      await tagsRegion.getByLabel('Repository filter', { exact: true }).selectOption('');
      await region.scrollIntoViewIfNeeded();
      await grid.getByRole('columnheader', { name: 'Tags', exact: true }).getByRole('button').click();
      expect(await region.getByLabel('Sort by', { exact: true }).inputValue()).toBe('tags');
      expect(await grid.getByRole('columnheader', { name: 'Tags', exact: true }).getAttribute('aria-sort')).toBe('descending');
      const tagCounts = (await grid.locator('.vspacer [role="row"]').evaluateAll((rows) => rows.map((row) => row.querySelectorAll('[role="gridcell"]')[1]!.textContent!))).map((n) => Number(n.replace(/,/g, '')));
      expect(tagCounts.length).toBeGreaterThan(5);
      expect(tagCounts).toEqual([...tagCounts].sort((a, b) => b - a));
      // A second press sorts the other way round; every column sorts.
      await grid.getByRole('columnheader', { name: 'Tags', exact: true }).getByRole('button').click();
      expect(await grid.getByRole('columnheader', { name: 'Tags', exact: true }).getAttribute('aria-sort')).toBe('ascending');
      const ascending = (await grid.locator('.vspacer [role="row"]').evaluateAll((rows) => rows.map((row) => row.querySelectorAll('[role="gridcell"]')[1]!.textContent!))).map((n) => Number(n.replace(/,/g, '')));
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
      expect(ascending[0]).toBeLessThan(tagCounts[0]!);
      await grid.getByRole('columnheader', { name: 'Mutable on locked', exact: true }).getByRole('button').click();
      expect(await grid.getByRole('columnheader', { name: 'Mutable on locked', exact: true }).getAttribute('aria-sort')).toBe('descending');
      expect(await region.getByLabel('Sort by', { exact: true }).inputValue()).toBe('mutableTagsOnLockedDigests');
      // No header is cut short at this width, whichever column is sorted (its mark takes room too).
      expect(await headersCutWhenSorted(grid)).toEqual([]);
      await grid.getByRole('columnheader', { name: 'Tags', exact: true }).getByRole('button').click();
      if ((await grid.getByRole('columnheader', { name: 'Tags', exact: true }).getAttribute('aria-sort')) !== 'descending') await grid.getByRole('columnheader', { name: 'Tags', exact: true }).getByRole('button').click();
      // Saved as listed: every repository, in the table's order, not only the rows drawn.
      const [download] = await Promise.all([page.waitForEvent('download'), region.getByRole('button', { name: `Save the ${total} repositories listed as CSV`, exact: true }).click()]);
      expect(download.suggestedFilename()).toMatch(/^taglock-repositories-long-names-\d{4}-\d{2}-\d{2}\.csv$/);
      const lines = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
      expect(lines).toHaveLength(total + 1);
      const saved = lines.slice(1).map((line) => Number(line.split(',')[2]));
      expect(saved).toEqual([...saved].sort((a, b) => b - a));
      expect(saved.slice(0, tagCounts.length)).toEqual(tagCounts);
      await region.getByRole('radio', { name: 'Chart', exact: true }).check();
      await region.getByLabel('Sort by', { exact: true }).selectOption('change');
      // A search says how many it found of how many.
      const found = names.filter((name) => name.includes('backend')).length;
      expect(found).toBeGreaterThan(0);
      await region.getByLabel('Find repository', { exact: true }).fill('backend');
      await region.getByText(`${found} of ${total} repositories.`, { exact: true }).waitFor();
      expect(await items.count()).toBe(found);
      // The table says it too, and "Reverse order" turns the chart's order round.
      await region.getByRole('radio', { name: 'Table', exact: true }).check();
      await region.getByText(`${found} of ${total} repositories.`, { exact: true }).waitFor();
      await region.getByRole('radio', { name: 'Chart', exact: true }).check();
      const labels = () => items.evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label')!.split(':')[0]));
      const forward = await labels();
      await region.getByRole('button', { name: 'Reverse order', exact: true }).click();
      expect(await region.getByRole('button', { name: 'Reverse order', exact: true }).getAttribute('aria-pressed')).toBe('true');
      expect(await labels()).toEqual([...forward].reverse());
      await region.getByRole('button', { name: 'Reverse order', exact: true }).click();
      await region.getByLabel('Find repository', { exact: true }).fill('');
      await region.getByText(`${total} repositories: the list scrolls.`, { exact: true }).waitFor();
      expect(await pageOverflow(page)).toBe(0);
    });

    it('opens screens with 1 to 7 and goes to the search with /, but leaves keys typed into a field alone', async (ctx) => {
      story.step(ctx);
      await page.locator('body').click({ position: { x: 5, y: 600 } });
      await page.keyboard.press('5');
      await page.locator('nav[aria-label="Main"] button[aria-current="page"]', { hasText: 'Lock map' }).waitFor();
      await page.keyboard.press('/');
      await eventually(() => page.evaluate(() => document.activeElement?.id ?? ''), (id) => id === 'digest-find', '/ to focus the find field');
      await page.keyboard.type('3');
      expect(await page.getByRole('textbox', { name: 'Find digest or tag', exact: true }).inputValue()).toBe('3');
      expect(await page.locator('nav[aria-label="Main"] button[aria-current="page"]').innerText()).toMatch(/^Lock map/);
      await page.getByRole('textbox', { name: 'Find digest or tag', exact: true }).fill('');
    });

    it("finds every digest with a tag and steps through them: 1 of N, next, Enter again", async (ctx) => {
      story.step(ctx);
      const find = page.getByRole('textbox', { name: 'Find digest or tag', exact: true });
      await find.fill('latest');
      await find.press('Enter');
      const result = page.getByRole('status', { name: 'Find result', exact: true });
      const first = await result.innerText();
      expect(first).toMatch(/^1 of (\d+)$/);
      expect(Number(/of (\d+)/.exec(first)![1])).toBeGreaterThan(10);
      const details = page.getByRole('region', { name: 'Digest details', exact: true });
      const digest = () => details.getByText(/^sha256:[0-9a-f]{64}/).innerText();
      const seen = await digest();
      await page.getByRole('button', { name: 'Next match', exact: true }).click();
      await eventually(() => result.innerText(), (t) => t.startsWith('2 of '), 'the second match');
      expect(await digest()).not.toBe(seen);
      expect(await details.innerText()).toContain('latest');
      await find.press('Enter');
      await eventually(() => result.innerText(), (t) => t.startsWith('3 of '), 'Enter again to go on');
    });

    it('says what a cell is when the pointer rests on it; newly locked digests are marked apart', async (ctx) => {
      story.step(ctx);
      await eventually(() => lockMapIsDrawn(page), (drawn) => drawn, 'the lock map to be drawn');
      const map = page.getByRole('application', { name: 'Digest lock map', exact: true });
      await map.evaluate((canvas) => canvas.closest('.lockmap-scroll')?.scrollTo(0, 0));
      await map.hover({ position: { x: 17, y: 37 } });
      const tooltip = page.getByRole('tooltip');
      await tooltip.waitFor();
      const before = await tooltip.innerText();
      expect(before).toMatch(/@sha256:[0-9a-f]{12}\n(Free|Locked|Untagged)/);
      // The wheel scrolls other cells under the pointer, which stays put: the tooltip says what is there now.
      const scroller = () => map.evaluate((canvas) => canvas.closest('.lockmap-scroll')!.scrollTop);
      await page.mouse.wheel(0, 240);
      await eventually(scroller, (top) => top > 0, 'the lock map to scroll');
      const after = await eventually(() => tooltip.innerText(), (text) => text !== before, 'the tooltip to follow the scroll');
      const box = (await map.boundingBox())!;
      await page.mouse.move(box.x + 18, box.y + 37);
      await page.mouse.move(box.x + 17, box.y + 37);
      expect(await tooltip.innerText()).toBe(after);
      await map.evaluate((canvas) => canvas.closest('.lockmap-scroll')?.scrollTo(0, 0));
      await page.mouse.move(0, 0);
      await tooltip.waitFor({ state: 'detached' });
      expect(await page.getByRole('list', { name: 'Digest states', exact: true }).innerText()).toMatch(/newly locked \(ringed, with a dot\): [1-9]/);
    });

    it('switches to the dark theme and keeps it after a reload', async (ctx) => {
      story.step(ctx);
      const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      const light = await background();
      await page.getByRole('combobox', { name: 'Theme', exact: true }).selectOption('dark');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      const dark = await background();
      expect(dark).not.toBe(light);
      await eventually(() => lockMapIsDrawn(page), (drawn) => drawn, 'the lock map drawn in the dark theme');
      await app!.screenshot('layout-dark-1280');
      await page.reload();
      await waitForSimulation(page);
      // Leaving the page ends its event stream: that one aborted request is the reload's, not a fault.
      expect(app!.takeProblems().filter((problem) => !/^request failed: GET \S+\/api\/events\?\S+ \(net::ERR_ABORTED\)$/.test(problem))).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await page.getByRole('combobox', { name: 'Theme', exact: true }).inputValue()).toBe('dark');
      await page.getByRole('combobox', { name: 'Theme', exact: true }).selectOption('system');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();
      expect(await background()).toBe(light);
    });

    it('puts notices where they cover nothing of the screen', async (ctx) => {
      story.step(ctx);
      await app!.go('Rules');
      await page.getByRole('button', { name: 'Use preset All tags immutable', exact: true }).click();
      const notice = page.getByRole('region', { name: 'Notifications', exact: true }).getByRole('status').first();
      await notice.waitFor();
      const [box, main] = await Promise.all([notice.boundingBox(), page.locator('main#main').boundingBox()]);
      expect(box!.x + box!.width).toBeLessThanOrEqual(main!.x + 1);
      expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
    });

    it('lets "Add rule" be typed over, and Escape ask before throwing typing away', async (ctx) => {
      story.step(ctx);
      await page.getByRole('button', { name: 'Add rule', exact: true }).click();
      const editor = page.getByRole('form', { name: 'Rule editor', exact: true });
      await page.keyboard.type('team/**');
      await editor.getByRole('status', { name: 'Stored repository pattern', exact: true }).filter({ hasText: /^team\/\*\*$/ }).waitFor();
      await page.keyboard.press('Escape');
      await editor.getByRole('alert').filter({ hasText: 'Press Escape again' }).waitFor();
      expect(await editor.getByRole('textbox', { name: 'Repository patterns', exact: true }).inputValue()).toBe('team/**');
      await page.keyboard.press('Escape');
      await editor.waitFor({ state: 'detached' });
      await eventually(() => page.evaluate(() => document.activeElement?.textContent ?? ''), (t) => t === 'Add rule', 'focus back on Add rule');
    });

    it('opens every screen at its top, wherever the last one was scrolled to', async (ctx) => {
      story.step(ctx);
      await app!.go('Simulation');
      await waitForSimulation(page);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await eventually(() => page.evaluate(() => window.scrollY), (y) => y > 0, 'the simulation scrolled down');
      await app!.go('Rules');
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
    });

    it("keeps a snapshot's delete confirmation, Keep it included, in the window", async (ctx) => {
      story.step(ctx);
      await app!.go('Snapshots');
      await page.getByRole('button', { name: 'Delete long-names', exact: true }).click();
      const keep = page.getByRole('button', { name: 'Keep it', exact: true });
      const confirm = page.getByRole('button', { name: 'Confirm: delete long-names', exact: true });
      for (const button of [keep, confirm]) {
        const box = (await button.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      }
      expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      await keep.click();
      await page.getByRole('button', { name: 'Delete long-names', exact: true }).waitFor();
    });
  });
}
