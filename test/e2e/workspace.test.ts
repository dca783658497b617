// End to end, in real Chromium at 1280x720 against the real browser host and two Harbor-faithful
// servers: the workspace stays safe from draft to publish. Each case that once went wrong is played
// as a user would and shown fixed: a demo draft never reaches a real `shop`; a plan for another
// registry is refused with a one-click fetch; labels stay put through moves; after a publish Harbor
// agrees on every tag again; a colleague's change stops the publish and both ways on revert nothing
// unannounced; a reload restores the draft; a URL change asks for the secret again.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, startShop } from '../support/harbor-fixture.js';
import { wireRule } from '../support/snapshots.js';
import { pushImage, skipWithoutDockerRegistry, startDockerRegistry } from '../support/docker-registry/index.js';
import type { App } from './harness.js';
import { addConnection, chooseOption, eventually, openApp, storyline, waitForSimulation } from './harness.js';
import { oneAppForFile } from './one-app.js';

type Shop = Awaited<ReturnType<typeof startShop>>;

let browser: Browser | undefined;
let app: App;
let page: Page;
let harbor: Shop;
/** Where the connection moves in the last case: another server, so another origin. */
let otherHarbor: Shop;
const story = storyline();
const ALL: [string, string] = ['repoMatches', '**'];

oneAppForFile(
  {
    viewport: { width: 1280, height: 720 },
    simulated: true,
    alongside: async () => {
      [harbor, otherHarbor] = await Promise.all([startShop(), startShop()]);
    },
  },
  (ui) => {
    ({ browser, app, page } = ui);
  },
);

afterAll(async () => {
  await harbor?.close();
  await otherHarbor?.close();
});

/** The registry address as the app names it: no trailing slash. */
const address = (url: string) => url.replace(/\/+$/, '');
const writes = (server: Shop) => server.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD').length;
const ruleReads = (server: Shop) => server.requests.filter((r) => r.path.includes('immutabletagrules')).length;
const rulesTable = () => page.getByRole('table', { name: 'Rules', exact: true });
const draftStates = () => page.getByRole('region', { name: 'Draft and server rules', exact: true });
const notifications = () => page.getByRole('region', { name: 'Notifications', exact: true });
const planRegion = () => page.getByRole('region', { name: 'Plan', exact: true });

/** The labels of the rule list, top to bottom (badges such as "warning" left out). */
async function labels(): Promise<string[]> {
  const texts = await rulesTable().getByRole('rowheader').allInnerTexts();
  return texts.map((t) => /^(#\d+|new [A-Z]+)/.exec(t.trim())?.[1] ?? t);
}

/** The server's rules as `id:tag-pattern[:off]`. */
function onServer(server: Shop = harbor): string[] {
  return (server.state.rulesOf('shop') as unknown as { id: number; disabled: boolean; tag_selectors: { pattern: string }[] }[]).map(
    (r) => `${r.id}:${r.tag_selectors[0]!.pattern}${r.disabled ? ':off' : ''}`,
  );
}

async function addRule(repository: string, tags: string) {
  await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  const editor = page.getByRole('form', { name: 'Rule editor', exact: true });
  await editor.getByRole('textbox', { name: 'Repository patterns', exact: true }).fill(repository);
  await editor.getByRole('textbox', { name: 'Tag patterns', exact: true }).fill(tags);
  await editor.getByRole('button', { name: 'Add to draft', exact: true }).click();
  await editor.waitFor({ state: 'detached' });
}

async function editTags(label: string, tags: string) {
  await page.getByRole('button', { name: `Edit ${label}`, exact: true }).click();
  const editor = page.getByRole('form', { name: 'Rule editor', exact: true });
  await editor.getByRole('textbox', { name: 'Tag patterns', exact: true }).fill(tags);
  await editor.getByRole('button', { name: 'Save rule', exact: true }).click();
  await editor.waitFor({ state: 'detached' });
}

async function plan(): Promise<Locator> {
  await app.go('Publish');
  await page.getByRole('form', { name: 'Publish target', exact: true }).getByRole('button', { name: 'Plan publish', exact: true }).click();
  await planRegion().getByText(/^The server has \d+ rules? now\./).waitFor();
  return planRegion();
}

const stepTexts = async () => (await planRegion().getByRole('list', { name: 'Plan steps', exact: true }).getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

/** Waits until a publish's re-fetch has produced a snapshot and it is open (n snapshots listed besides the demo). */
async function waitForRefetch(fetched: number) {
  await app.go('Snapshots');
  const rows = page.getByRole('table', { name: 'Snapshots', exact: true }).getByRole('row');
  await eventually(() => rows.count(), (n) => n === fetched + 2, `${fetched} fetched snapshots listed`, 30_000);
  await eventually(() => page.getByRole('status', { name: "Harbor's verdicts predate the publish" }).count(), (n) => n === 0, 'the re-fetched snapshot to open', 30_000);
  await waitForSimulation(page);
}

describe('drafts belong to their registry and project', () => {
  it('refuses to plan the demo draft against a real shop, and fetches that shop with one click', async (ctx) => {
    story.step(ctx);
    await editTags('#2', 'web-*');
    await draftStates().getByText("differs from the snapshot's rules").waitFor();

    await app.go('Connections');
    await addConnection(page, { name: 'Shop Harbor', url: harbor.url, kind: 'Harbor', username: ADMIN.username, secret: ADMIN.password, projects: 'shop' });

    await app.go('Publish');
    const target = page.getByRole('form', { name: 'Publish target', exact: true });
    await chooseOption(target.getByRole('combobox', { name: 'Target connection', exact: true }), 'Shop Harbor — ');
    expect(await target.getByRole('combobox', { name: 'Target project', exact: true }).inputValue()).toBe('shop');
    const refused = target.getByRole('alert', { name: 'Target refused' });
    await refused.waitFor();
    expect((await refused.innerText()).replace(/\s+/g, ' ')).toContain(
      `the target is project shop on ${address(harbor.url)}, but the draft and the open snapshot are of project shop on https://demo.taglock.invalid`,
    );
    expect(await target.getByRole('button', { name: 'Plan publish', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('region', { name: 'Effect on the current snapshot', exact: true }).count()).toBe(0);
    await app.screenshot('workspace-target-refused');
    expect(ruleReads(harbor)).toBe(0);

    await refused.getByRole('button', { name: 'Fetch shop from Shop Harbor and open it', exact: true }).click();
    await eventually(() => page.getByLabel('Open snapshot').innerText(), (t) => t.startsWith('Shop Harbor '), 'the fetched shop to open', 30_000);
    await waitForSimulation(page);
    await app.go('Rules');
    await draftStates().getByText(`project shop on ${address(harbor.url)}`).waitFor();
    // Harbor's own rules, untouched by the demo's edit of its rule 2.
    expect(await labels()).toEqual(['#1', '#2']);
    const rows = (await rulesTable().innerText()).replace(/\s+/g, ' ');
    expect(rows).toContain('repositories matching nginx tags excluding rc');
    expect(rows).not.toContain('web-*');
    // Opening it read the live rules in the background (the connection's secret is held for the session).
    await draftStates().getByText('equals the live rules').waitFor();
    expect(await notifications().getByText(/were kept/).count()).toBe(0);

    const writesBefore = writes(harbor);
    await plan();
    await planRegion().getByText('Nothing to change: the server already has exactly the draft.').waitFor();
    expect(writes(harbor)).toBe(writesBefore);
  });
});

describe('stable labels', () => {
  it('names new rules by letter and server rules by id, through moves and deletes; lint and the plan use the names', async (ctx) => {
    story.step(ctx);
    await app.go('Rules');
    await addRule('team/**', 'build-*');
    await addRule('**', 'latest');
    expect(await labels()).toEqual(['#1', '#2', 'new A', 'new B']);
    await page.getByRole('list', { name: 'Findings for new B', exact: true }).getByText('locks-moving-tags', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Move new B up', exact: true }).click();
    await page.getByRole('button', { name: 'Move new B up', exact: true }).click();
    expect(await labels()).toEqual(['#1', 'new B', '#2', 'new A']);
    await page.getByRole('button', { name: 'Move #1 down', exact: true }).click();
    await notifications().getByText('#1 moved in the list only: Harbor evaluates rules by id', { exact: false }).waitFor();
    expect(await labels()).toEqual(['new B', '#1', '#2', 'new A']);
    await page.getByRole('button', { name: 'Delete new B', exact: true }).click();
    expect(await labels()).toEqual(['#1', '#2', 'new A']);
    await app.screenshot('workspace-labels');

    await plan();
    expect(await stepTexts()).toEqual(['Create new A: a rule (repositories matching team/**, tags matching build-*)']);
  });
});

describe('after a publish', () => {
  it('fetches the project again, so Harbor agrees with the simulation on every tag', async (ctx) => {
    story.step(ctx);
    // Slow the re-fetch down, to see the old verdicts marked as such meanwhile.
    const slow = harbor.faults.add({ kind: 'slow', delayMs: 2500, method: 'GET', pathPattern: /\/artifacts$/, times: 1 });
    await planRegion().getByRole('button', { name: 'Confirm and publish 1 change to shop', exact: true }).click();
    await page.getByRole('region', { name: 'Publish result', exact: true }).getByRole('status').getByText(/^Done: 1 step applied to shop/).waitFor();
    expect(onServer()).toEqual(['1:v*.*.*', '2:rc', '3:build-*']);
    await notifications().getByText(/Fetching shop again so Harbor's own verdicts show the publish/).waitFor();
    await app.go('Simulation');
    await page.getByRole('status', { name: "Harbor's verdicts predate the publish" }).getByText(/^Harbor's own verdicts in this snapshot predate your publish to shop/).waitFor();
    await page.getByRole('region', { name: 'Totals', exact: true }).getByText(/were recorded before your publish, so they are not compared/).waitFor();
    await app.screenshot('workspace-verdicts-outdated');
    await waitForRefetch(2);
    expect(slow.hits).toBe(1);
    await app.go('Simulation');
    const totals = page.getByRole('region', { name: 'Totals', exact: true });
    await totals.getByText('agree with the simulation of the live server rules on 20 of 20 tags').waitFor();
    expect(await totals.getByRole('button', { name: /that differ/ }).count()).toBe(0);
    await app.go('Rules');
    expect(await labels()).toEqual(['#1', '#2', '#3']);
    await draftStates().getByText('equals the live rules').waitFor();
    await app.screenshot('workspace-after-publish');
  });
});

describe('drift', () => {
  it("stops the publish, shows the colleague's change rule by rule, and a re-plan keeps it", async (ctx) => {
    story.step(ctx);
    await editTags('#3', 'build-1*');
    await plan();
    expect(await stepTexts()).toHaveLength(1);
    // A colleague edits #1 and adds a rule meanwhile.
    harbor.state.editRule(1, wireRule(1, ALL, ['matches', 'v*']));
    harbor.state.addRule('shop', wireRule(undefined, ['repoMatches', 'nginx'], ['matches', '1.25']));
    const writesBefore = writes(harbor);
    await planRegion().getByRole('button', { name: 'Confirm and publish 1 change to shop', exact: true }).click();
    const refused = planRegion().getByRole('region', { name: 'Publish refused: the server changed', exact: true });
    await refused.getByText(/^Not published: the rules of shop changed on the server since this plan/).waitFor();
    const changes = refused.getByRole('list', { name: 'Changes on the server since the plan', exact: true }).getByRole('listitem');
    await eventually(() => changes.allInnerTexts(), (t) => t.length === 2, 'the two changes listed');
    expect(await changes.allInnerTexts()).toEqual([
      'rule #1 was edited: (repositories matching **, tags matching v*.*.*) → (repositories matching **, tags matching v*)',
      'rule #4 was added (repositories matching nginx, tags matching 1.25)',
    ]);
    expect(await page.getByRole('button', { name: /^Confirm/ }).count()).toBe(0);
    // It takes the place of the button just clicked, in view at 1280x720.
    const box = (await refused.getByRole('button', { name: 'Re-plan on top of their change', exact: true }).boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    expect(await page.getByRole('region', { name: 'Publish result', exact: true }).count()).toBe(0);
    expect(writes(harbor)).toBe(writesBefore);
    await app.screenshot('workspace-drift', { keepScroll: true });

    await refused.getByRole('button', { name: 'Re-plan on top of their change', exact: true }).click();
    await planRegion().getByRole('button', { name: 'Confirm and publish 1 change to shop', exact: true }).waitFor();
    expect(await stepTexts()).toEqual(['Edit rule #3: (repositories matching team/**, tags matching build-*) → (repositories matching team/**, tags matching build-1*)']);
    await planRegion().getByRole('button', { name: 'Confirm and publish 1 change to shop', exact: true }).click();
    await page.getByRole('region', { name: 'Publish result', exact: true }).getByRole('status').getByText(/^Done: 1 step applied to shop/).waitFor();
    // Their edit of #1 and their #4 are still there.
    expect(onServer()).toEqual(['1:v*', '2:rc', '3:build-1*', '4:1.25']);
    await waitForRefetch(3);
  });

  it('overwrites only through a confirmation that names what it reverts', async (ctx) => {
    story.step(ctx);
    await app.go('Rules');
    expect(await labels()).toEqual(['#1', '#2', '#3', '#4']);
    await editTags('#2', 'rc*');
    await plan();
    harbor.state.setRuleDisabled(1, true);
    await planRegion().getByRole('button', { name: 'Confirm and publish 1 change to shop', exact: true }).click();
    const refused = planRegion().getByRole('region', { name: 'Publish refused: the server changed', exact: true });
    await refused.getByText('rule #1 was disabled (repositories matching **, tags matching v*)').waitFor();
    expect(onServer()).toEqual(['1:v*:off', '2:rc', '3:build-1*', '4:1.25']);

    await refused.getByRole('button', { name: 'Overwrite their change…', exact: true }).click();
    const reverts = planRegion().getByRole('region', { name: 'What the overwrite reverts', exact: true });
    await reverts.getByText('enables rule #1 again, which was disabled').waitFor();
    const confirm = planRegion().getByRole('button', { name: 'Confirm: overwrite, revert 1 change made on the server, and publish to shop', exact: true });
    expect(await stepTexts()).toHaveLength(2);
    await app.screenshot('workspace-overwrite', { keepScroll: true });
    await confirm.click();
    await page.getByRole('region', { name: 'Publish result', exact: true }).getByRole('status').getByText(/^Done: 2 steps applied to shop/).waitFor();
    expect(onServer()).toEqual(['1:v*', '2:rc*', '3:build-1*', '4:1.25']);
    await waitForRefetch(4);
  });
});

describe('drafts survive a reload and a restart', () => {
  it('asks before leaving with unpublished changes, then reopens the last snapshot with the draft', async (ctx) => {
    story.step(ctx);
    await app.go('Rules');
    await addRule('**', 'nightly');
    const before = await labels();
    expect(before).toHaveLength(5);
    expect(before[4]).toMatch(/^new [A-Z]+$/);
    // Saved in the data folder before the page goes.
    await draftStates().getByText('unpublished changes, saved on this computer', { exact: false }).waitFor();
    const snapshotLine = await page.getByLabel('Open snapshot').innerText();
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    expect(dialogs).toEqual(['beforeunload']);
    // Leaving the page cuts its event stream; nothing else may have gone wrong.
    expect(app.takeProblems().filter((p) => !/^request failed: GET \S+\/api\/events\?token=\S+ \(net::ERR_ABORTED\)$/.test(p))).toEqual([]);
    await waitForSimulation(page);
    expect(await page.getByLabel('Open snapshot').innerText()).toBe(snapshotLine);
    expect(await labels()).toEqual(before);
    await draftStates().getByText(/restored from the autosave of/).waitFor();
    await notifications().getByText(`Restored your unpublished draft of project shop on ${address(harbor.url)}`, { exact: false }).waitFor();
    await app.screenshot('workspace-restored');

    // A restart: a new host run on the same data folder (another port, so another page origin).
    const restarted = await openApp(browser!, { dataDir: app.dataDir, viewport: { width: 1280, height: 720 } });
    try {
      await waitForSimulation(restarted.page);
      expect(await restarted.page.getByLabel('Open snapshot').innerText()).toBe(snapshotLine);
      const rows = await restarted.page.getByRole('table', { name: 'Rules', exact: true }).getByRole('rowheader').allInnerTexts();
      expect(rows.map((t) => /^(#\d+|new [A-Z]+)/.exec(t.trim())?.[1])).toEqual(before);
      await restarted.page.getByRole('region', { name: 'Draft and server rules', exact: true }).getByText(/restored from the autosave of/).waitFor();
      expect(restarted.takeProblems()).toEqual([]);
    } finally {
      await restarted.close();
    }
  });
});

describe('connections', () => {
  it('asks for the secret again when the URL moves to another server, and sends the old one nowhere', async (ctx) => {
    story.step(ctx);
    await app.go('Connections');
    await page.getByRole('button', { name: 'Edit Shop Harbor', exact: true }).click();
    const form = page.getByRole('form', { name: 'Edit connection Shop Harbor', exact: true });
    await form.getByRole('textbox', { name: 'Registry URL', exact: true }).fill(otherHarbor.url);
    await form.getByRole('button', { name: 'Save connection', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    await notifications()
      .getByText(`The secret of Shop Harbor was dropped because its address changed (${new URL(harbor.url).origin} → ${new URL(otherHarbor.url).origin}): enter it again to connect.`)
      .waitFor();
    const card = page.getByRole('listitem', { name: 'Shop Harbor', exact: true });
    expect(await card.innerText()).toContain('not kept: asked when needed');
    const test = page.getByRole('button', { name: 'Test Shop Harbor', exact: true });
    expect(await test.isDisabled()).toBe(true);
    expect(otherHarbor.requests).toHaveLength(0);
    await app.screenshot('workspace-secret-dropped');
    await card.getByLabel('Secret for Shop Harbor (this session only)').fill(ADMIN.password);
    await test.click();
    const result = page.getByRole('region', { name: 'Test result for Shop Harbor', exact: true });
    await result.getByText('Signed in as').waitFor();
    expect(await result.innerText()).toMatch(/Signed in as\s+user admin-alice/);
    await app.screenshot('workspace-secret-asked-again');
    expect(otherHarbor.requests.length).toBeGreaterThan(0);
    expect(harbor.contractProblems).toEqual([]);
    expect(otherHarbor.contractProblems).toEqual([]);
  });
});

describe("a plain registry's snapshot", () => {
  it('is never the base of a plan for a Harbor project of the same name', async (ctx) => {
    story.step(ctx);
    skipWithoutDockerRegistry(ctx);
    const registry = await startDockerRegistry({ auth: 'none' });
    try {
      await pushImage(registry.url, 'shop/web', { tags: ['v1.0.0', 'latest'] });
      await app.go('Connections');
      await addConnection(page, { name: 'Plain', url: registry.url, kind: 'Plain OCI' });

      await app.go('Snapshots');
      const fetchForm = page.getByRole('form', { name: 'Fetch from a registry', exact: true });
      await chooseOption(fetchForm.getByRole('combobox', { name: 'Connection to fetch from', exact: true }), 'Plain — ');
      await fetchForm.getByRole('textbox', { name: 'Snapshot name', exact: true }).fill('Plain shop');
      await fetchForm.getByRole('button', { name: 'Fetch snapshot', exact: true }).click();
      // Opened when fetched.
      await fetchForm.getByRole('status').filter({ hasText: 'Fetched Plain shop:' }).waitFor();
      await eventually(() => page.getByLabel('Open snapshot').innerText(), (t) => t.startsWith('Plain shop'), 'the plain snapshot to open');

      await app.go('Publish');
      const target = page.getByRole('form', { name: 'Publish target', exact: true });
      await chooseOption(target.getByRole('combobox', { name: 'Target connection', exact: true }), 'Shop Harbor — ');
      const refused = target.getByRole('alert', { name: 'Target refused' });
      await refused.waitFor();
      expect((await refused.innerText()).replace(/\s+/g, ' ')).toContain(
        `the target is project shop on ${address(otherHarbor.url)}, but the draft and the open snapshot are of project shop on ${address(registry.url)}`,
      );
      expect(await target.getByRole('button', { name: 'Plan publish', exact: true }).isDisabled()).toBe(true);
      expect(ruleReads(otherHarbor)).toBe(0);
    } finally {
      await registry.close();
    }
  });
});
