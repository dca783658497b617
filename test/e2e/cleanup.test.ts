// End to end, in real Chromium at 1280x720: the Cleanup screen on the demo. Its figures are those of
// forecastRetention computed here on the same snapshot; an immutability edit on the Rules screen shows
// as the live difference against the server's policies; moving "run at" moves the day-counting rules;
// a retention rule drafted here is forecast at once. Nothing is cut off or scrolls sideways.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_RETENTION, DEMO_RULES, demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { compileRuleSet } from '../../shared/engine/rule-set.js';
import { compileRetentionPolicy } from '../../shared/retention/compile.js';
import type { RetentionForecast } from '../../shared/retention/forecast.js';
import { forecastRetention } from '../../shared/retention/forecast.js';
import { compareForecasts, retentionArtifactRows } from '../../shared/retention/report.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import type { WireRule } from '../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import { compareNames, formatBytes, formatCount } from '../../renderer/src/view/format.js';
import type { App } from './harness.js';
import { eventually, storyline, useRulesJson, waitForSimulation } from './harness.js';
import { headersCutWhenSorted } from './grid-headers.js';
import { oneAppForFile } from './one-app.js';

let app: App;
let page: Page;
const story = storyline();

const snapshot = demoSnapshot();
const index = buildSnapshotIndex(snapshot);
const dialect = snapshot.registry.dialect;
const policy = compileRetentionPolicy(DEMO_RETENTION, dialect);
/** Releases and `latest` everywhere on top of the demo's rules: more is immutable, so retention deletes less. */
const EDITED_RULES: WireRule[] = [
  ...DEMO_RULES,
  {
    id: 0,
    disabled: false,
    priority: 0,
    action: 'immutable',
    template: 'immutable_template',
    tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'latest' }],
    scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
  },
];

function forecast(rules: WireRule[], runAt: number): RetentionForecast {
  return forecastRetention({ index, project: 0, policy, immutability: compileRuleSet(parseWireRules(rules), dialect), runAt });
}

oneAppForFile({ viewport: { width: 1280, height: 720 } }, (opened) => {
  ({ app, page } = opened);
});

const runPanel = () => page.getByRole('region', { name: 'Next retention run', exact: true });
const stat = (label: string) => runPanel().getByRole('group', { name: label, exact: true }).locator('.stat-value');
const difference = () => runPanel().getByRole('status', { name: "Difference against the server's policies", exact: true });
const both = (count: number, bytes: number) => `${formatCount(count)} · ${formatBytes(bytes)}`;

/** Horizontal overflow of the page itself (a sideways scrollbar), and elements wider than the window. */
async function sideways(): Promise<{ page: number; outside: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const outside: string[] = [];
    for (const element of Array.from(document.querySelectorAll('main *'))) {
      const rect = element.getBoundingClientRect();
      if (rect.width > 0 && rect.right > width + 1) outside.push(`${element.tagName}.${element.className}: ${element.textContent?.slice(0, 40)}`);
    }
    return { page: document.documentElement.scrollWidth - width, outside: outside.slice(0, 5) };
  });
}

describe('the Cleanup screen on the demo', () => {
  it('shows the forecast forecastRetention makes of the same snapshot', async (ctx) => {
    story.step(ctx);
    await waitForSimulation(page);
    const before = Date.now();
    await app.go('Cleanup');
    await stat('Deleted').waitFor();
    const expected = forecast(DEMO_RULES, before);
    expect(await stat('Deleted').innerText()).toBe(both(expected.totals.deleted, expected.totals.bytesDeleted));
    expect(await stat('Kept by immutability').innerText()).toBe(both(expected.totals.immutable, expected.totals.bytesImmutable));
    expect(await stat('Retained by a rule').innerText()).toBe(both(expected.totals.retained, expected.totals.bytesRetained));
    expect(expected.totals.immutable).toBeGreaterThan(0);
    expect(await difference().innerText()).toContain('The drafts change nothing');
    const rows = page.getByRole('list', { name: 'Repositories, server and drafts', exact: true }).getByRole('listitem');
    await rows.first().waitFor();
    const web = expected.repositories.find((r) => r.name === 'frontend/web')!.totals;
    expect(await rows.filter({ hasText: 'frontend/web' }).getAttribute('aria-label')).toBe(
      `frontend/web: ${formatCount(web.deleted)} of ${formatCount(web.artifacts)} deleted, ${formatCount(web.immutable)} kept by immutability; ${formatBytes(web.bytesDeleted)} deleted, ${formatBytes(web.bytesImmutable)} kept by immutability`,
    );
    // Deleted is drawn striped (a pattern), told apart from immutability's orange by more than colour.
    const deletedPart = rows.first().locator('g[data-bar="after"] rect.bar-deleted').first();
    expect(await deletedPart.evaluate((rect) => getComputedStyle(rect).fill)).toMatch(/^url\("?#/);
    expect(await rows.first().locator('rect.bar-immutable').first().evaluate((rect) => getComputedStyle(rect).fill)).toMatch(/^rgb/);
    expect(await sideways()).toEqual({ page: 0, outside: [] });
    await app.screenshot('cleanup');
  });

  it('follows an immutability edit on the Rules screen with the difference against the server', async (ctx) => {
    story.step(ctx);
    await app.go('Rules');
    const at = Date.now();
    await useRulesJson(page, EDITED_RULES);
    await waitForSimulation(page);
    await app.go('Cleanup');
    const change = compareForecasts(forecast(DEMO_RULES, at), forecast(EDITED_RULES, at));
    expect(change.stopsDeleting.artifacts).toBeGreaterThan(0);
    const sentence = `This draft stops retention from deleting ${formatCount(change.stopsDeleting.artifacts)} artifacts, ${formatBytes(change.stopsDeleting.bytes)}.`;
    await eventually(() => difference().innerText(), (text) => text.includes(sentence), 'the difference sentence');
  });

  it('moves the run time, and the day-counting rule with it', async (ctx) => {
    story.step(ctx);
    await page.getByLabel('Run at (UTC)', { exact: true }).fill('2026-11-10');
    await page.getByLabel('Run time', { exact: true }).filter({ hasText: '2026-11-10 00:00 UTC' }).waitFor();
    const expected = forecast(EDITED_RULES, Date.parse('2026-11-10T00:00:00Z'));
    await eventually(() => stat('Deleted').innerText(), (text) => text === both(expected.totals.deleted, expected.totals.bytesDeleted), 'the deleted figure at the new time');
    // Ten days after the fetch, rule 2 still retains what was pulled in the month before it.
    expect(expected.ruleStats[1]!.retained).toBeGreaterThan(forecast(EDITED_RULES, Date.now()).ruleStats[1]!.retained);
    const rules = page.getByRole('list', { name: 'Retention rules', exact: true });
    expect(await rules.getByRole('listitem').nth(1).innerText()).toContain(`retains ${formatCount(expected.ruleStats[1]!.retained)}`);
    // Clearing the day is running now; the day typed again holds again.
    await page.getByLabel('Run at (UTC)', { exact: true }).fill('');
    await page.getByLabel('Run time', { exact: true }).filter({ hasText: '(now)' }).waitFor();
    await page.getByLabel('Run at (UTC)', { exact: true }).fill('2026-11-10');
    await page.getByLabel('Run time', { exact: true }).filter({ hasText: '2026-11-10 00:00 UTC:' }).waitFor();
    // Typed from the keyboard, part by part (month, day, year): each part typed leaves the day
    // incomplete for a moment, which is not a cleared field.
    const field = page.getByLabel('Run at (UTC)', { exact: true });
    await field.click({ position: { x: 8, y: 8 } });
    await page.keyboard.type('06012027');
    await page.getByLabel('Run time', { exact: true }).filter({ hasText: '2027-06-01 00:00 UTC:' }).waitFor();
    expect(await field.inputValue()).toBe('2027-06-01');
    await page.keyboard.press('Backspace');
    await page.getByLabel('Run time', { exact: true }).filter({ hasText: '2027-06-01 00:00 UTC:' }).waitFor();
    await field.fill('2026-11-10');
    await page.getByLabel('Run time', { exact: true }).filter({ hasText: '2026-11-10 00:00 UTC:' }).waitFor();
  });

  it('keeps its place in the per-repository list through new figures, and starts at the top for another order', async (ctx) => {
    story.step(ctx);
    const region = page.getByRole('region', { name: 'Cleanup per repository', exact: true });
    const list = region.getByRole('list', { name: 'Repositories, server and drafts', exact: true });
    const items = list.getByRole('listitem');
    const total = snapshot.projects[0]!.repositories.length;
    expect(await items.first().getAttribute('aria-setsize')).toBe(String(total));
    expect(await items.count()).toBeLessThan(total);
    await list.evaluate((box) => (box.scrollTop = box.scrollHeight));
    await eventually(() => items.last().getAttribute('aria-posinset'), (at) => at === String(total), 'the last repository drawn at the bottom');
    const bottom = await list.evaluate((box) => box.scrollTop);
    expect(bottom).toBeGreaterThan(0);
    // New figures (another run time) leave the list where the admin was.
    const expected = forecast(EDITED_RULES, Date.parse('2026-12-01T00:00:00Z'));
    await page.getByLabel('Run at (UTC)', { exact: true }).fill('2026-12-01');
    await eventually(() => stat('Deleted').innerText(), (text) => text === both(expected.totals.deleted, expected.totals.bytesDeleted), 'the deleted figure at the new time');
    expect(await list.evaluate((box) => box.scrollTop)).toBe(bottom);
    await region.getByLabel('Sort by', { exact: true }).selectOption('name');
    await eventually(() => list.evaluate((box) => box.scrollTop), (top) => top === 0, 'the top of the list after another order');
    expect(await items.first().getAttribute('aria-posinset')).toBe('1');
    // Saved as listed: every repository, by name, with the forecast's figures.
    const [download] = await Promise.all([page.waitForEvent('download'), region.getByRole('button', { name: `Save the ${total} repositories listed as CSV`, exact: true }).click()]);
    const lines = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
    const names = snapshot.projects[0]!.repositories.map((r) => r.name).sort((a, b) => a.localeCompare(b));
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(names);
    const web = expected.repositories.find((r) => r.name === 'frontend/web')!.totals;
    const fields = lines[0]!.split(',');
    const webLine = lines.find((line) => line.split(',')[1] === 'frontend/web')!.split(',');
    expect([webLine[fields.indexOf('deleted')], webLine[fields.indexOf('keptByImmutability')]]).toEqual([String(web.deleted), String(web.immutable)]);
    // A month after the fetch: the screen says so, and runs at the fetch time on request.
    await page.getByRole('note', { name: 'Run after the snapshot', exact: true }).filter({ hasText: 'The snapshot was fetched 29 days before this time' }).waitFor();
    await page.getByRole('button', { name: 'Run at the fetch time', exact: true }).click();
    await page.getByLabel('Run time', { exact: true }).filter({ hasText: `${snapshot.fetchedAt.slice(0, 16).replace('T', ' ')} UTC:` }).waitFor();
    // The button went with its note: the keyboard's place is the field that now shows the time.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cleanup-run-at');
    expect(await page.getByRole('note', { name: 'Run after the snapshot', exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Run at (UTC)', { exact: true }).inputValue()).toBe(snapshot.fetchedAt.slice(0, 10));
    await page.getByLabel('Run at (UTC)', { exact: true }).fill('2026-11-10');
    await page.getByLabel('Run time', { exact: true }).filter({ hasText: '2026-11-10 00:00 UTC:' }).waitFor();
  });

  it('shows the per-repository forecast as a table, each column sorting both ways, no header cut, kept through another screen', async (ctx) => {
    story.step(ctx);
    const region = page.getByRole('region', { name: 'Cleanup per repository', exact: true });
    await region.getByRole('radio', { name: 'Table', exact: true }).check();
    const grid = region.getByRole('grid', { name: 'Repositories', exact: true });
    const total = snapshot.projects[0]!.repositories.length;
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(total + 1));
    const header = (name: string) => grid.getByRole('columnheader', { name, exact: true });
    expect(await headersCutWhenSorted(grid)).toEqual([]);
    // The rows drawn, as the grid shows them: name, artifacts, deleted (with its change), kept by immutability.
    const drawn = () => grid.locator('.vspacer [role="row"]').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('[role="gridcell"]'), (cell) => cell.firstChild?.textContent ?? '')));
    const repositories = forecast(EDITED_RULES, Date.parse('2026-11-10T00:00:00Z')).repositories;
    const byDeleted = [...repositories].sort((a, b) => b.totals.deleted - a.totals.deleted || compareNames(a.name, b.name));
    await header('Deleted').getByRole('button').click();
    expect(await header('Deleted').getAttribute('aria-sort')).toBe('descending');
    expect(await region.getByLabel('Sort by', { exact: true }).inputValue()).toBe('deleted');
    let rows = await drawn();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.map((cells) => [cells[0], cells[1], cells[2]])).toEqual(byDeleted.slice(0, rows.length).map((r) => [r.name, formatCount(r.totals.artifacts), formatCount(r.totals.deleted)]));
    // A second press turns it round; so does "Reverse order", which says it is pressed.
    await header('Deleted').getByRole('button').click();
    expect(await header('Deleted').getAttribute('aria-sort')).toBe('ascending');
    expect(await region.getByRole('button', { name: 'Reverse order', exact: true }).getAttribute('aria-pressed')).toBe('true');
    rows = await drawn();
    expect(rows.map((cells) => cells[0])).toEqual([...byDeleted].reverse().slice(0, rows.length).map((r) => r.name));
    await header('Repository').getByRole('button').click();
    expect(await header('Repository').getAttribute('aria-sort')).toBe('ascending');
    rows = await drawn();
    expect(rows.map((cells) => cells[0])).toEqual(repositories.map((r) => r.name).sort(compareNames).slice(0, rows.length));
    expect(await sideways()).toEqual({ page: 0, outside: [] });
    // Another screen and back: the list is as it was left, its search, order and table.
    await region.getByLabel('Find repository', { exact: true }).fill('ml/');
    await app.go('Rules');
    await app.go('Cleanup');
    expect(await region.getByLabel('Find repository', { exact: true }).inputValue()).toBe('ml/');
    expect(await region.getByLabel('Sort by', { exact: true }).inputValue()).toBe('name');
    expect(await region.getByRole('radio', { name: 'Table', exact: true }).isChecked()).toBe(true);
    rows = await drawn();
    expect(rows.map((cells) => cells[0])).toEqual(repositories.map((r) => r.name).filter((name) => name.includes('ml/')).sort(compareNames));
    await region.getByLabel('Find repository', { exact: true }).fill('');
    await region.getByRole('radio', { name: 'Chart', exact: true }).check();
  });

  it("says in the lock map's details what the run does to a digest immutability keeps", async (ctx) => {
    story.step(ctx);
    const expected = forecast(EDITED_RULES, Date.parse('2026-11-10T00:00:00Z'));
    const row = [...retentionArtifactRows(expected)].find((r) => r.outcome === 'immutable' && r.tags.length > 0 && r.check === 'retention')!;
    await app.go('Simulation');
    await page.getByRole('searchbox', { name: 'Search tags', exact: true }).fill(`${row.repository}:${row.tags[0]}`);
    const grid = page.getByRole('grid', { name: 'Tags', exact: true });
    await grid.getByRole('row').filter({ hasText: row.tags[0]! }).first().click();
    await page.getByRole('region', { name: 'Why', exact: true }).getByRole('button', { name: 'Show the digest in the lock map', exact: true }).click();
    const fate = page.getByRole('region', { name: 'Digest details', exact: true }).getByTestId('digest-retention');
    await fate.waitFor();
    await fate.scrollIntoViewIfNeeded();
    await app.screenshot('cleanup-lock-map', { keepScroll: true });
    expect(await fate.innerText()).toMatch(/^At 2026-11-10 00:00 UTC, with the drafts: Retention would delete it, but immutability (#\d+|new A) keeps it: the run skips it as IMMUTABLE\./);
    await app.go('Cleanup');
  });

  it('forecasts a retention rule drafted here at once', async (ctx) => {
    story.step(ctx);
    await page.getByRole('button', { name: 'Add retention rule', exact: true }).click();
    const editor = page.getByRole('group', { name: 'Edit retention rule 3', exact: true });
    await editor.getByRole('combobox', { name: 'Retain', exact: true }).selectOption('always');
    await eventually(() => stat('Deleted').innerText(), (text) => text === both(0, 0), 'nothing deleted');
    expect(await sideways()).toEqual({ page: 0, outside: [] });
    // Every choice of Retain, API id included, fits the list's box (at 24rem, "(nDaysSinceLastPull)" was cut).
    const room = await editor.getByRole('combobox', { name: 'Retain', exact: true }).evaluate((select: HTMLSelectElement) => {
      const style = getComputedStyle(select);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = style.font;
      const widest = Math.max(...Array.from(select.options).map((option) => context.measureText(option.text).width));
      // The box less its padding and the drop-down arrow's 20 pixels.
      return { widest: Math.ceil(widest), room: select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20 };
    });
    expect(room.widest).toBeLessThanOrEqual(room.room);
    await editor.scrollIntoViewIfNeeded();
    await app.screenshot('cleanup-retention-editor', { keepScroll: true });
    await page.getByRole('button', { name: "Back to the server's policy", exact: true }).click();
    await eventually(() => stat('Deleted').innerText(), (text) => text !== both(0, 0), 'the server policy back');
  });
});
