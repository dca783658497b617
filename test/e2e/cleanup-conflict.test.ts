// End to end, in real Chromium at 1280x720 against the real browser host and the Harbor-faithful test
// server: the shop project is fetched with its tag-retention policy, the Cleanup screen's figures are
// forecastRetention's on the fetched snapshot file, and the conflict between the two policies shows
// twice — the Rules screen's retention-blocked-by-immutability finding under the rule that keeps the
// artifact, and the Cleanup screen's kept-by-immutability figure — and both go when the rule is narrowed.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../shared/engine/rule-set.js';
import { harborProfile } from '../../shared/engine/harbor-profile.js';
import { simulate } from '../../shared/engine/simulate.js';
import { lintRules } from '../../shared/lint/lint.js';
import { compileRetentionPolicy } from '../../shared/retention/compile.js';
import type { RetentionForecast } from '../../shared/retention/forecast.js';
import { forecastRetention } from '../../shared/retention/forecast.js';
import type { RetentionPolicy } from '../../shared/retention/policy.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import type { WireRule } from '../../shared/rules/wire.js';
import type { Snapshot } from '../../shared/snapshot/schema.js';
import type { SnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import { formatBytes, formatCount } from '../../renderer/src/view/format.js';
import { ADMIN, startShop } from '../support/harbor-fixture.js';
import type { App } from './harness.js';
import { addConnection, chooseOption, eventually, storyline, useRulesJson, waitForSimulation } from './harness.js';
import { oneAppForFile } from './one-app.js';

const BLOCKED = 'retention-blocked-by-immutability';

let app: App;
let page: Page;
let harbor: Awaited<ReturnType<typeof startShop>>;
const story = storyline();

/** The fetched snapshot, as the app exported it. */
let snapshot: Snapshot;
let index: SnapshotIndex;
/** When the page was opened: the Cleanup screen's "run at" is its "now" (the shop's policy counts no days). */
let opened = 0;

oneAppForFile(
  {
    viewport: { width: 1280, height: 720 },
    simulated: true,
    alongside: async () => {
      harbor = await startShop();
    },
    beforeOpen: () => {
      opened = Date.now();
    },
  },
  (ui) => {
    ({ app, page } = ui);
  },
);

afterAll(async () => {
  await harbor?.close();
});

const profile = () => harborProfile(snapshot.registry.harborVersion);
const shopRules = () => snapshot.projects[0]!.rules as WireRule[];

function forecast(rules: WireRule[]): RetentionForecast {
  const { dialect } = snapshot.registry;
  return forecastRetention({
    index,
    project: 0,
    policy: compileRetentionPolicy(snapshot.projects[0]!.retention as RetentionPolicy, dialect),
    immutability: compileRuleSet(parseWireRules(rules), dialect, profile()),
    runAt: opened,
  });
}

/** What lint says of these rules on the fetched snapshot, across both policies. */
function blockedFindings(rules: WireRule[]) {
  const parsed = parseWireRules(rules);
  const result = simulate(index, [compileRuleSet(parsed, snapshot.registry.dialect, profile())]);
  return lintRules(parsed, { dialect: snapshot.registry.dialect, profile: profile(), simulation: { result, project: 0 }, retentionRunAt: opened }).filter((f) => f.code === BLOCKED);
}

const runPanel = () => page.getByRole('region', { name: 'Next retention run', exact: true });
const stat = (label: string) => runPanel().getByRole('group', { name: label, exact: true }).locator('.stat-value');
const both = (count: number, bytes: number) => `${formatCount(count)} · ${formatBytes(bytes)}`;
const findingsOf = (label: string) => page.getByRole('list', { name: `Findings for ${label}`, exact: true });

describe('retention against immutability, fetched from Harbor', () => {
  it('fetches the shop project with its retention policy and opens it', async (ctx) => {
    story.step(ctx);
    await app.go('Connections');
    await addConnection(page, { name: 'Shop Harbor', url: harbor.url, kind: 'Harbor', username: ADMIN.username, secret: ADMIN.password, projects: 'shop' });

    await app.go('Snapshots');
    const fetchForm = page.getByRole('form', { name: 'Fetch from a registry', exact: true });
    await chooseOption(fetchForm.getByRole('combobox', { name: 'Connection to fetch from', exact: true }), 'Shop Harbor — ');
    await fetchForm.getByRole('textbox', { name: 'Snapshot name', exact: true }).fill('Shop retention');
    await fetchForm.getByRole('button', { name: 'Fetch snapshot', exact: true }).click();
    await fetchForm.getByRole('status').filter({ hasText: 'Fetched Shop retention:' }).getByText('it is open now').waitFor();
    await waitForSimulation(page);

    const table = page.getByRole('table', { name: 'Snapshots', exact: true });
    const [download] = await Promise.all([page.waitForEvent('download'), table.getByRole('button', { name: 'Export Shop retention', exact: true }).click()]);
    snapshot = JSON.parse(await readFile(await download.path(), 'utf8')) as Snapshot;
    index = buildSnapshotIndex(snapshot);
    expect(snapshot.projects[0]!.retention?.rules?.[0]?.template).toBe('latestPushedK');
  });

  it("shows on the Cleanup screen forecastRetention's figures for the fetched file, immutability keeping some", async (ctx) => {
    story.step(ctx);
    await app.go('Cleanup');
    await stat('Deleted').waitFor();
    const expected = forecast(shopRules());
    expect(expected.totals.immutable).toBeGreaterThan(0);
    await eventually(() => stat('Kept by immutability').innerText(), (text) => text === both(expected.totals.immutable, expected.totals.bytesImmutable), 'the kept-by-immutability figure');
    expect(await stat('Deleted').innerText()).toBe(both(expected.totals.deleted, expected.totals.bytesDeleted));
    expect(await stat('Retained by a rule').innerText()).toBe(both(expected.totals.retained, expected.totals.bytesRetained));
  });

  it('shows the conflict under the rule that keeps what retention would delete', async (ctx) => {
    story.step(ctx);
    await app.go('Rules');
    const [expected, ...others] = blockedFindings(shopRules());
    expect(others).toEqual([]);
    expect(expected!.ruleIndex).toBe(0);
    expect(expected!.message).toContain('team/app:v1.0.0');
    const finding = findingsOf('#1').getByRole('listitem').filter({ hasText: BLOCKED });
    await finding.waitFor();
    expect(await finding.locator('.finding-message').innerText()).toBe(expected!.message);
    await app.screenshot('cleanup-conflict-rules');
  });

  it('narrowing the rule ends the conflict on both screens', async (ctx) => {
    story.step(ctx);
    // Releases 2.x only: team/app's v1.0.0 is no longer immutable, so retention deletes it.
    const narrowed = shopRules().map((rule, i) => (i === 0 ? { ...rule, tag_selectors: [{ ...rule.tag_selectors[0]!, pattern: 'v2.*.*' }] } : rule));
    expect(blockedFindings(narrowed)).toEqual([]);
    await useRulesJson(page, narrowed);
    await waitForSimulation(page);
    await findingsOf('#1').getByText(BLOCKED, { exact: true }).waitFor({ state: 'detached' });
    expect(await page.getByText(BLOCKED, { exact: true }).count()).toBe(0);

    await app.go('Cleanup');
    const expected = forecast(narrowed);
    expect(expected.totals.immutable).toBe(0);
    await eventually(() => stat('Kept by immutability').innerText(), (text) => text === both(0, 0), 'nothing kept by immutability');
    expect(await stat('Deleted').innerText()).toBe(both(expected.totals.deleted, expected.totals.bytesDeleted));
  });
});
