// End to end, in real Chromium at 1280x720 against the real browser host: an admin opens a Terraform
// folder (test/fixtures/terraform/ci-change) in Rules, reads the provider's notes (the comma list that
// Harbor takes as one tag name), uses the rules as the draft, sees the simulation change, and saves the
// draft as Terraform, which is byte for byte what `taglock export` writes for the same rules.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { exportCommand } from '../../electron/cli/commands/export.js';
import { demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { FIXTURES_ROOT } from '../support/repo-files.js';
import type { App, TotalsView } from './harness.js';
import { readTotals, storyline, waitForSimulation } from './harness.js';
import { oneAppForFile } from './one-app.js';

let app: App;
let page: Page;
let before: TotalsView;
const story = storyline();

oneAppForFile({ viewport: { width: 1280, height: 720 }, simulated: true }, (opened) => {
  ({ app, page } = opened);
});

const terraformPanel = () => page.getByRole('region', { name: 'Terraform', exact: true });
const opened = () => page.getByRole('region', { name: 'Rules from Terraform', exact: true });
const pageOverflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Elements of a region wider than their box (cut off, or scrolling sideways). */
function overflowingIn(region: string): Promise<string[]> {
  return page.getByRole('region', { name: region, exact: true }).evaluate((root) => {
    const wide: string[] = [];
    for (const element of [root, ...Array.from(root.querySelectorAll('*'))]) {
      if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'visible') wide.push(`${element.tagName}: ${(element.textContent ?? '').slice(0, 60)}`);
      const box = element.getBoundingClientRect();
      const outer = root.getBoundingClientRect();
      if (box.width > 0 && (box.right > outer.right + 1 || box.left < outer.left - 1)) wide.push(`outside the panel: ${element.tagName} ${(element.textContent ?? '').slice(0, 60)}`);
    }
    return wide;
  });
}

/** What `taglock export --rules FILE --harbor-project-id ID` writes to stdout. */
async function cliExport(rulesJson: string, harborProjectId: number): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'taglock-e2e-export-')), 'rules.json');
  writeFileSync(file, rulesJson);
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await exportCommand(['--rules', file, '--harbor-project-id', String(harborProjectId)], stdout, new PassThrough());
  expect(code).toBe(0);
  return Buffer.concat(chunks).toString('utf8');
}

describe('rules as code in the app', () => {
  it('opens a Terraform folder: its rules for the project it names, with the provider notes per rule', async (ctx) => {
    story.step(ctx);
    await app.go('Simulation');
    before = await readTotals(page);
    await app.go('Rules');
    await page.getByLabel('Open a Terraform folder', { exact: true }).setInputFiles(join(FIXTURES_ROOT, 'terraform', 'ci-change'));
    await opened().waitFor();
    // The folder's snapshot and golden file are not Terraform: left aside, and said so.
    await terraformPanel().getByText('2 other files of the folder left aside').waitFor();
    expect(await opened().getByText('Read 1 file: main.tf').count()).toBe(1);
    // The configuration names project 7 by number; the demo project is shop (1): a picker, and a word.
    const picker = opened().getByRole('combobox', { name: 'Terraform project', exact: true });
    expect(await picker.locator('option:checked').innerText()).toBe('/projects/7 (3 rules)');
    await opened().getByText('Terraform gives these rules to project /projects/7; the draft is of project shop.', { exact: false }).waitFor();
    const rules = opened().getByRole('list', { name: 'Rules from Terraform', exact: true });
    expect(await rules.getByRole('listitem').filter({ has: page.locator('code.terraform-address') }).count()).toBe(3);
    const notes = opened().getByRole('list', { name: 'Provider notes for harbor_immutable_tag_rule.app_everything', exact: true });
    expect(await notes.innerText()).toMatch(/rc,test.*(comma-list-without-braces)/s);
    // The note reads as a box of its own: its text sits inside the border, not on it.
    expect(await notes.evaluate((list) => list.querySelector('li')!.getBoundingClientRect().left - list.getBoundingClientRect().left)).toBeGreaterThan(4);
    expect(await rules.innerText()).toContain('repositories matching app, tags excluding rc,test');
    await terraformPanel().scrollIntoViewIfNeeded();
    await app.screenshot('rules-terraform-open', { keepScroll: true });
    expect(await pageOverflow()).toBe(0);
    expect(await overflowingIn('Terraform')).toEqual([]);
  });

  it('uses them as the draft: the simulation shows their effect, and Undo brings the old draft back', async (ctx) => {
    story.step(ctx);
    await opened().getByRole('button', { name: 'Use as the draft', exact: true }).click();
    await page.getByRole('region', { name: 'Notifications', exact: true }).getByText('The draft is now the 3 rules Terraform gives /projects/7 (without their ids').waitFor();
    const table = page.getByRole('table', { name: 'Rules', exact: true });
    for (const label of ['new A', 'new B', 'new C']) await table.getByRole('rowheader', { name: new RegExp(`^${label}`) }).waitFor();
    await waitForSimulation(page);
    await app.go('Simulation');
    const after = await readTotals(page);
    // The base/* rule is gone from the draft: its tags are no longer locked; releases stay locked.
    expect(after.tags).toBe(before.tags);
    expect(after.immutableTags).toBeLessThan(before.immutableTags);
    expect(after.immutableTags).toBeGreaterThan(0);
    await page.getByRole('region', { name: 'Changes against the server rules', exact: true }).getByText(/freed|mutable/i).first().waitFor();
    await app.go('Rules');
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await table.getByRole('rowheader', { name: /^#1/ }).waitFor();
    await page.getByRole('button', { name: 'Redo', exact: true }).click();
    await table.getByRole('rowheader', { name: /^new C/ }).waitFor();
    await waitForSimulation(page);
  });

  it('saves the draft as Terraform, exactly what taglock export writes for the same rules', async (ctx) => {
    story.step(ctx);
    const jsonBox = page.locator('details', { hasText: "Rules as JSON (Harbor's API format)" });
    await jsonBox.locator('summary').click();
    const rulesJson = await page.getByLabel('Rules JSON', { exact: true }).inputValue();
    const terraform = page.locator('details', { hasText: 'Rules as Terraform (harbor_immutable_tag_rule)' });
    await terraform.locator('summary').click();
    const shown = await terraform.getByLabel('Rules as Terraform', { exact: true }).innerText();
    const expected = await cliExport(rulesJson, demoSnapshot().projects[0]!.id!);
    // The comma list is written as Harbor stores it (one literal name), the draft's rules without import blocks.
    expect(expected).toContain('tag_excluding = "rc,test"');
    expect(shown).toBe(expected);
    const [download] = await Promise.all([page.waitForEvent('download'), terraform.getByRole('button', { name: 'Save as Terraform', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('taglock-rules-shop.tf');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(expected);
    await terraform.scrollIntoViewIfNeeded();
    await app.screenshot('rules-terraform-export', { keepScroll: true });
    expect(await pageOverflow()).toBe(0);
  });
});
