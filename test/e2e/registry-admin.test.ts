// End to end, in real Chromium against the real browser host (real services, temporary data folder),
// with real registries: the Harbor-faithful server (project `shop`) and Debian's CNCF docker-registry
// with htpasswd auth. The story of a registry admin: connect, test, fetch snapshots, import and export,
// edit the rules, publish safely, survive a half-failed publish, read the history.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, startShop } from '../support/harbor-fixture.js';
import type { DockerRegistry } from '../support/docker-registry/index.js';
import { DEFAULT_USERS, dockerRegistryUnavailable, pushImage, skipWithoutDockerRegistry, startDockerRegistry } from '../support/docker-registry/index.js';
import type { App } from './harness.js';
import { addConnection, chooseOption, eventually, storyline, waitForSimulation } from './harness.js';
import { oneAppForFile } from './one-app.js';

type Shop = Awaited<ReturnType<typeof startShop>>;

let app: App;
let page: Page;
let harbor: Shop;
let registry: DockerRegistry | null = null;
const story = storyline();
const OCI_USER = DEFAULT_USERS[0]!;

oneAppForFile(
  {
    simulated: true,
    alongside: async () => {
      harbor = await startShop();
      if (dockerRegistryUnavailable() !== null) return;
      registry = await startDockerRegistry({ auth: 'htpasswd' });
      const credentials = OCI_USER;
      await pushImage(registry.url, 'shop/web', { tags: ['v1.0.0', 'latest'], credentials });
      await pushImage(registry.url, 'shop/api', { tags: ['v2.0.0', 'stable'], index: true, credentials });
      await pushImage(registry.url, 'busybox', { tags: ['1.36'], credentials });
    },
  },
  (ui) => {
    ({ app, page } = ui);
  },
);

afterAll(async () => {
  await harbor?.close();
  await registry?.close();
});

async function testConnection(name: string) {
  await page.getByRole('button', { name: `Test ${name}`, exact: true }).click();
  const result = page.getByRole('region', { name: `Test result for ${name}`, exact: true });
  await result.getByText('Signed in as').waitFor();
  return result;
}

const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD';

describe('connections', () => {
  it('adds a Harbor connection and tests it: version, glob dialect, identity and rights', async (ctx) => {
    story.step(ctx);
    await app.go('Connections');
    await page.getByRole('status').getByText('No connections yet').waitFor();
    await addConnection(page, { name: 'Shop Harbor', url: harbor.url, kind: 'Harbor', username: ADMIN.username, secret: ADMIN.password, projects: 'shop' });
    const card = page.getByRole('listitem', { name: 'Shop Harbor', exact: true });
    // The browser host has no keychain: the secret is kept for the session only, never shown.
    expect(await card.innerText()).toContain('available');
    expect(await card.innerText()).not.toContain(ADMIN.password);

    const result = await testConnection('Shop Harbor');
    const text = await result.innerText();
    expect(text).toMatch(/Registry\s+Harbor v2\.15\.2/);
    expect(text).toMatch(/Glob dialect\s+doublestar v1\.3\.4/);
    expect(text).toMatch(/Signed in as\s+user admin-alice/);
    const rights = result.getByRole('table', { name: 'Permissions of Shop Harbor', exact: true });
    const shopRow = rights.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'shop', exact: true }) });
    expect((await shopRow.getByRole('cell').allInnerTexts()).map((t) => t.trim())).toEqual(['yes', 'yes', 'yes', 'yes', 'yes', 'yes']);
    expect(await result.getByRole('alert').count()).toBe(0);
  });

  it('warns that a wrong secret was rejected (Harbor silently treats it as anonymous)', async (ctx) => {
    story.step(ctx);
    await addConnection(page, { name: 'Shop typo', url: harbor.url, kind: 'Harbor', username: ADMIN.username, secret: 'not-the-password', projects: 'shop' });
    const result = await testConnection('Shop typo');
    await result.getByRole('alert').getByText('The credentials were rejected.').waitFor();
    expect(await result.innerText()).toMatch(/Signed in as\s+anonymous/);
    // Said once: the alert, not again among the warnings.
    expect((await result.innerText()).match(/check the user name/gi)).toHaveLength(1);
    await page.getByRole('button', { name: 'Delete Shop typo', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm: delete Shop typo', exact: true }).click();
    await page.getByRole('listitem', { name: 'Shop typo', exact: true }).waitFor({ state: 'detached' });
  });

  it('adds a plain OCI connection to a real docker-registry with htpasswd auth', async (ctx) => {
    story.step(ctx);
    skipWithoutDockerRegistry(ctx);
    await addConnection(page, { name: 'Plain registry', url: registry!.url, kind: 'Plain OCI', username: OCI_USER.username, secret: OCI_USER.password });
    const result = await testConnection('Plain registry');
    const text = await result.innerText();
    expect(text).toMatch(/Registry\s+plain OCI registry/);
    expect(text).toMatch(/Signed in as\s+user taglock/);
    expect(text).toMatch(/read-only/);
    await app.screenshot('connections');
  });
});

describe('snapshots', () => {
  let exported = '';

  it('fetches a snapshot from Harbor with progress, lists it and opens it when fetched', async (ctx) => {
    story.step(ctx);
    await app.go('Snapshots');
    const form = page.getByRole('form', { name: 'Fetch from a registry', exact: true });
    await chooseOption(form.getByRole('combobox', { name: 'Connection to fetch from', exact: true }), 'Shop Harbor — ');
    expect(await form.getByRole('checkbox', { name: 'shop', exact: true }).isChecked()).toBe(true);
    // The server's own project list is read and offered (this account sees the one project).
    await form.getByText('The server shows this account 1 project.').waitFor();
    await form.getByRole('textbox', { name: 'Snapshot name', exact: true }).fill('Shop live');
    // Slow the first artifact listing down so the progress can be seen (and the fetch is not instant).
    const slow = harbor.faults.add({ kind: 'slow', delayMs: 1200, method: 'GET', pathPattern: /\/artifacts$/, times: 1 });
    await form.getByRole('button', { name: 'Fetch snapshot', exact: true }).click();
    await form.getByRole('progressbar', { name: 'Fetch progress', exact: true }).waitFor();
    await form.getByRole('button', { name: 'Cancel fetch', exact: true }).waitFor();
    await app.screenshot('snapshots-fetching', { keepScroll: true });
    const done = form.getByRole('status').filter({ hasText: 'Fetched Shop live:' });
    await done.waitFor();
    expect(slow.hits).toBe(1);
    expect(await done.innerText()).toMatch(/Fetched Shop live: 20 tags, 5 digests in 3 repositories/);

    const table = page.getByRole('table', { name: 'Snapshots', exact: true });
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^Shop live/ }) });
    expect(await row.innerText()).toContain(harbor.url);
    // "Open it when fetched" was ticked: it is open without another click.
    await row.getByRole('button', { name: 'Edit rules on Shop live', exact: true }).waitFor();
    await done.getByText('it is open now').waitFor();
    expect(await row.getAttribute('aria-current')).toBe('true');
    await eventually(() => page.getByLabel('Open snapshot').innerText(), (t) => t.startsWith('Shop live') && t.includes('project shop'), 'the header to name the open snapshot');
    await waitForSimulation(page);
  });

  it('fetches a snapshot from the docker-registry', async (ctx) => {
    story.step(ctx);
    skipWithoutDockerRegistry(ctx);
    const form = page.getByRole('form', { name: 'Fetch from a registry', exact: true });
    await chooseOption(form.getByRole('combobox', { name: 'Connection to fetch from', exact: true }), 'Plain registry — ');
    await form.getByRole('textbox', { name: 'Snapshot name', exact: true }).fill('Plain live');
    // Shop live stays open for the rules below.
    await form.getByRole('checkbox', { name: 'Open it when fetched', exact: true }).uncheck();
    await form.getByRole('button', { name: 'Fetch snapshot', exact: true }).click();
    const done = form.getByRole('status').filter({ hasText: 'Fetched Plain live:' });
    await done.waitFor();
    expect(await done.innerText()).toMatch(/Fetched Plain live: 5 tags, 3 digests in 3 repositories/);
    const row = page.getByRole('table', { name: 'Snapshots', exact: true }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^Plain live/ }) });
    expect(await row.innerText()).toMatch(/\(OCI\)/);
    expect(await row.innerText()).toMatch(/\(no project\), shop|shop, \(no project\)/);
  });

  it('exports a snapshot as a file download', async (ctx) => {
    story.step(ctx);
    const table = page.getByRole('table', { name: 'Snapshots', exact: true });
    const [download] = await Promise.all([page.waitForEvent('download'), table.getByRole('button', { name: 'Export Shop live', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('Shop-live.json');
    exported = await readFile(await download.path(), 'utf8');
    const snapshot = JSON.parse(exported) as { projects: { name: string; rules: unknown[]; repositories: { name: string }[] }[] };
    expect(snapshot.projects.map((p) => p.name)).toEqual(['shop']);
    expect(snapshot.projects[0]!.repositories.map((r) => r.name).sort()).toEqual(['nginx', 'team/app', 'team/sub/deep']);
    expect(snapshot.projects[0]!.rules).toHaveLength(2);
  });

  it('refuses a malformed file with an error naming the field', async (ctx) => {
    story.step(ctx);
    const broken = JSON.parse(exported) as { projects: { repositories: { artifacts: { digest: unknown }[] }[] }[] };
    broken.projects[0]!.repositories[0]!.artifacts[0]!.digest = 42;
    await page.getByLabel('Snapshot file (.json)').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    const region = page.getByRole('region', { name: 'Import a snapshot file', exact: true });
    const alert = region.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('The file was not imported.');
    expect(text).toContain('broken.json');
    expect(text).toContain('projects[0].repositories[0].artifacts[0].digest');
    expect(text).toContain('(bad-input)');
    await app.screenshot('snapshots-import-error');
  });

  it('re-imports the exported file', async (ctx) => {
    story.step(ctx);
    await page.getByLabel('Snapshot file (.json)').setInputFiles({ name: 'shop-copy.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    const row = page.getByRole('table', { name: 'Snapshots', exact: true }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^shop-copy/ }) });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/\b20\b/);
    expect(await page.getByRole('region', { name: 'Import a snapshot file', exact: true }).getByRole('alert').count()).toBe(0);
    await page.getByRole('region', { name: 'Notifications', exact: true }).getByText('Imported shop-copy: 20 tags.').waitFor();
    await app.screenshot('snapshots');
  });
});

interface ComparableRule {
  disabled: boolean;
  repository: string;
  tags: string;
}

function comparable(rules: unknown): ComparableRule[] {
  return (rules as { disabled?: boolean; scope_selectors: { repository: { decoration: string; pattern: string }[] }; tag_selectors: { decoration: string; pattern: string }[] }[]).map((r) => ({
    disabled: r.disabled === true,
    repository: `${r.scope_selectors.repository[0]!.decoration} ${r.scope_selectors.repository[0]!.pattern}`,
    tags: `${r.tag_selectors[0]!.decoration} ${r.tag_selectors[0]!.pattern}`,
  }));
}

/** The draft in Harbor's API format, as the Rules screen shows it. */
async function draftJson(p: Page): Promise<unknown> {
  const details = p.locator('details').filter({ hasText: "Rules as JSON (Harbor's API format)" });
  if (!(await details.getAttribute('open'))) await details.getByText("Rules as JSON (Harbor's API format)").click();
  return JSON.parse(await p.getByRole('textbox', { name: 'Rules JSON', exact: true }).inputValue());
}

async function plan(expectedSteps: number | 'nothing') {
  const target = page.getByRole('form', { name: 'Publish target', exact: true });
  await target.getByRole('button', { name: 'Plan publish', exact: true }).click();
  const planRegion = page.getByRole('region', { name: 'Plan', exact: true });
  if (expectedSteps === 'nothing') {
    await planRegion.getByText('Nothing to change: the server already has exactly the draft.').waitFor();
  } else {
    await eventually(() => planRegion.getByRole('list', { name: 'Plan steps', exact: true }).getByRole('listitem').count(), (n) => n === expectedSteps, `a plan of ${expectedSteps} steps`);
  }
  return planRegion;
}

describe('rules and publishing', () => {
  let draft: ComparableRule[] = [];

  it('edits the fetched rules: a comma list and a new rule', async (ctx) => {
    story.step(ctx);
    await app.go('Rules');
    await page.getByRole('region', { name: 'Draft and server rules', exact: true }).getByText(/^Recorded in the snapshot: 2 rules/).waitFor();
    await page.getByRole('button', { name: 'Edit #1', exact: true }).click();
    const editor = page.getByRole('form', { name: 'Rule editor', exact: true });
    await editor.getByRole('textbox', { name: 'Tag patterns', exact: true }).fill('v*.*.*, stable');
    await editor.getByRole('status', { name: 'Stored tag pattern', exact: true }).filter({ hasText: /^\{v\*\.\*\.\*,stable\}$/ }).waitFor();
    await editor.getByRole('button', { name: 'Save rule', exact: true }).click();
    await editor.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Add rule', exact: true }).click();
    await editor.getByRole('textbox', { name: 'Repository patterns', exact: true }).fill('team/**');
    await editor.getByRole('textbox', { name: 'Tag patterns', exact: true }).fill('main');
    await editor.getByRole('button', { name: 'Add to draft', exact: true }).click();
    await editor.waitFor({ state: 'detached' });
    await page.getByLabel('3 of 15 rules').waitFor();
    await page.getByRole('region', { name: 'Draft and server rules', exact: true }).getByText("differs from the live rules").waitFor();
    await waitForSimulation(page);

    draft = comparable(await draftJson(page));
    expect(draft).toEqual([
      { disabled: false, repository: 'repoMatches **', tags: 'matches {v*.*.*,stable}' },
      { disabled: false, repository: 'repoMatches nginx', tags: 'excludes rc' },
      { disabled: false, repository: 'repoMatches team/**', tags: 'matches main' },
    ]);
  });

  it('plans against the server, shows the effect, publishes after one confirmation and verifies', async (ctx) => {
    story.step(ctx);
    await app.go('Publish');
    await page.getByRole('region', { name: 'Publish history', exact: true }).getByText('Nothing published from this machine yet.').waitFor();
    const target = page.getByRole('form', { name: 'Publish target', exact: true });
    await chooseOption(target.getByRole('combobox', { name: 'Target connection', exact: true }), 'Shop Harbor — ');
    expect(await target.getByRole('combobox', { name: 'Target project', exact: true }).inputValue()).toBe('shop');
    const writesBefore = harbor.requests.filter((r) => isWrite(r.method)).length;
    const planRegion = await plan(2);
    const steps = await planRegion.getByRole('list', { name: 'Plan steps', exact: true }).getByRole('listitem').allInnerTexts();
    expect(steps[0]).toMatch(/^Create\b/);
    expect(steps[1]).toMatch(/^Edit\b.*\b1\b/);
    // Planning reads; it never writes.
    expect(harbor.requests.filter((r) => isWrite(r.method)).length).toBe(writesBefore);
    const effect = planRegion.getByRole('region', { name: 'Effect on the current snapshot', exact: true });
    await effect.getByText(/Immutable tags in shop: \d+ → \d+/).waitFor();
    expect(await effect.innerText()).toMatch(/▲ [1-9]\d* tags? becomes? immutable, e\.g\. /);
    await app.screenshot('publish-plan');

    await planRegion.getByRole('button', { name: 'Confirm and publish 2 changes to shop', exact: true }).click();
    const result = page.getByRole('region', { name: 'Publish result', exact: true });
    await result.getByRole('status').getByText("Done: 2 steps applied to shop, and the server's rules were read back and match the draft.").waitFor();
    expect(await result.getByRole('progressbar', { name: 'Publish progress', exact: true }).getAttribute('value')).toBe('2');
    expect(comparable(harbor.state.rulesOf('shop'))).toEqual(draft);
    expect(harbor.state.rulesOf('shop').map((r) => r.id)).toEqual([1, 2, 3]);
    await app.screenshot('publish-result');
  });

  it('a second publish has nothing to do and writes nothing', async (ctx) => {
    story.step(ctx);
    // After a verified publish the project is fetched again and opened; the draft follows the server's
    // rules (now with ids).
    await app.go('Rules');
    await eventually(() => page.getByLabel('Open snapshot').innerText(), (t) => t.startsWith('Shop Harbor '), 'the re-fetched snapshot to open');
    await page.getByRole('region', { name: 'Draft and server rules', exact: true }).getByText("equals the live rules").waitFor();
    const labels = await page.getByRole('table', { name: 'Rules', exact: true }).getByRole('rowheader').allInnerTexts();
    expect(labels.map((l) => /^#\d+/.exec(l)?.[0])).toEqual(['#1', '#2', '#3']);
    await app.go('Publish');
    const before = harbor.requests.length;
    const planRegion = await plan('nothing');
    expect(await planRegion.getByRole('button', { name: /^Confirm and publish/ }).count()).toBe(0);
    const since = harbor.requests.slice(before);
    expect(since.length).toBeGreaterThan(0);
    expect(since.filter((r) => isWrite(r.method)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(comparable(harbor.state.rulesOf('shop'))).toEqual(draft);
  });

  it('a publish that fails half way says precisely what was and was not applied', async (ctx) => {
    story.step(ctx);
    await app.go('Rules');
    await page.getByRole('button', { name: 'Delete #3', exact: true }).click();
    await page.getByRole('button', { name: 'Delete #2', exact: true }).click();
    await page.getByRole('button', { name: 'Add rule', exact: true }).click();
    const editor = page.getByRole('form', { name: 'Rule editor', exact: true });
    await editor.getByRole('textbox', { name: 'Tag patterns', exact: true }).fill('release-*');
    await editor.getByRole('button', { name: 'Add to draft', exact: true }).click();
    await editor.waitFor({ state: 'detached' });
    await page.getByLabel('2 of 15 rules').waitFor();
    const wanted = comparable(await draftJson(page));

    await app.go('Publish');
    const planRegion = await plan(3);
    const steps = await planRegion.getByRole('list', { name: 'Plan steps', exact: true }).getByRole('listitem').allInnerTexts();
    expect(steps.map((s) => s.split(' ')[0])).toEqual(['Create', 'Delete', 'Delete']);
    const fault = harbor.faults.add({ kind: 'status', status: 500, method: 'DELETE', times: Infinity });
    try {
      await planRegion.getByRole('button', { name: 'Confirm and publish 3 changes to shop', exact: true }).click();
      const result = page.getByRole('region', { name: 'Publish result', exact: true });
      const alert = result.getByRole('alert');
      await alert.getByText('The publish to shop is incomplete.').waitFor({ timeout: 30_000 });
      const text = await alert.innerText();
      expect(text).toContain('1 step done, 1 step failed, 1 step not attempted.');
      expect(text).toContain("The server's rules do not match the draft yet.");
      expect(text).toContain('Still different on the server:');
      expect(text).toContain('Nothing is rolled back automatically.');
      // Step by step (text content: the status badges are upper-cased by CSS only).
      const lines = (await result.getByRole('list').first().getByRole('listitem').allTextContents()).map((l) => l.replace(/\s+/g, ' ').trim());
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^done create a rule \(repositories matching \*\*, tags matching release-\*\)$/);
      expect(lines[1]).toMatch(/^failed delete rule #2\b.* — .*\(server\)$/);
      expect(lines[2]).toMatch(/^not attempted delete rule #3\b/);
      await page.getByRole('region', { name: 'Notifications', exact: true }).getByRole('alert').getByText(/The publish to shop did not complete: 1 step\(s\) failed/).waitFor();
      await app.screenshot('publish-partial');
    } finally {
      harbor.faults.clear();
    }
    expect(fault.hits).toBeGreaterThanOrEqual(1);
    // On the server: the new rule was created, nothing was deleted.
    const onServer = comparable(harbor.state.rulesOf('shop'));
    expect(onServer).toEqual([...draft, wanted[1]]);
  });

  it('planning again converges, and the history lists every publish', async (ctx) => {
    story.step(ctx);
    const wanted = comparable(await (async () => {
      await app.go('Rules');
      return draftJson(page);
    })());
    await app.go('Publish');
    const planRegion = await plan(2);
    await planRegion.getByRole('button', { name: 'Confirm and publish 2 changes to shop', exact: true }).click();
    await page.getByRole('region', { name: 'Publish result', exact: true }).getByRole('status').getByText(/^Done: 2 steps applied to shop/).waitFor();
    expect(comparable(harbor.state.rulesOf('shop'))).toEqual(wanted);

    const history = page.getByRole('table', { name: 'Past publishes', exact: true });
    await eventually(() => history.getByRole('row').count(), (n) => n === 4, 'three publishes in the history (plus the header row)');
    const rows = (await history.getByRole('row').allInnerTexts()).slice(1);
    // Newest first.
    expect(rows[0]).toMatch(/shop\s+admin-alice\s+applied · verified\s+2 steps/i);
    expect(rows[1]).toMatch(/shop\s+admin-alice\s+partial\s+3 steps/i);
    expect(rows[2]).toMatch(/shop\s+admin-alice\s+applied · verified\s+2 steps/i);
    for (const row of rows) expect(row).toContain(harbor.url.replace(/\/$/, ''));
    await app.screenshot('publish-history');
    expect(harbor.contractProblems).toEqual([]);
    expect(harbor.serverErrors).toEqual([]);
  });
});
