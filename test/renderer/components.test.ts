import { createElement } from 'react';
import type { ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/components/App.js';
import { ConnectionsScreen } from '../../renderer/src/components/ConnectionsScreen.js';
import { LockMapScreen } from '../../renderer/src/components/LockMapScreen.js';
import { PublishScreen } from '../../renderer/src/components/PublishScreen.js';
import { RulesScreen } from '../../renderer/src/components/RulesScreen.js';
import { SimulationScreen } from '../../renderer/src/components/SimulationScreen.js';
import { SnapshotsScreen } from '../../renderer/src/components/SnapshotsScreen.js';
import { StoreProvider } from '../../renderer/src/components/store-context.js';
import { Stat, statParts } from '../../renderer/src/components/common.js';
import { createAppStore } from '../../renderer/src/store/app-store.js';
import type { AppStore } from '../../renderer/src/store/app-store.js';
import { MainThreadRunner } from '../../renderer/src/sim/runner.js';
import { coverageText, presetsView, projectTags } from '../../renderer/src/view/preset-view.js';
import { FakeApi } from './fake-api.js';
import { startedHarness, until } from './helpers.js';
import { presetsKey } from '../../renderer/src/store/simulation-slice.js';
import type { HeldPresets } from '../../renderer/src/store/types.js';

/**
 * Server rendering reads a store's initial state (useSyncExternalStore's server snapshot), so render
 * through a view of the store whose initial state is its current one.
 */
function render(store: AppStore, element: ReactElement): string {
  const current: AppStore = { ...store, getInitialState: () => store.getState() };
  return renderToString(createElement(StoreProvider, { store: current, children: element }));
}

/** Text content without tags, entities decoded enough for assertions. */
function text(html: string): string {
  return html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');
}

function emptyStore(): AppStore {
  const api = new FakeApi();
  return createAppStore(api, api.onEvent, { runnerFactory: (index) => new MainThreadRunner(index) });
}

describe('the frame', () => {
  it('has a labelled main navigation with every screen, the current one marked', async () => {
    const { store } = await startedHarness();
    const html = render(store, createElement(App));
    expect(html).toContain('aria-label="Main"');
    // Each with its shortcut key (1 to 7), shown beside the name but not part of it.
    ['Connections', 'Snapshots', 'Rules', 'Simulation', 'Lock map', 'Cleanup', 'Publish'].forEach((label, i) => {
      expect(html).toMatch(new RegExp(`aria-keyshortcuts="${i + 1}"[^>]*>${label}<kbd class="nav-key" aria-hidden="true">${i + 1}</kbd></button>`));
    });
    expect(html).toMatch(/aria-current="page"[^>]*>Rules</);
    expect(html).toMatch(/<select id="[^"]+"><option value="system" selected="">As the system<\/option><option value="light">Light<\/option><option value="dark">Dark<\/option><\/select>/);
    expect(html).toContain('aria-keyshortcuts="?"');
    expect(text(html)).toContain('Demo');
    expect(html).toContain('aria-label="Simulation status"');
    // Plain words in the header; where it ran is said only when it was the page itself.
    expect(text(html)).toMatch(/Up to date · simulated in \d+ ms on this page/);
    expect(html).toContain('data-runs-in="main"');
    expect(text(html)).not.toMatch(/main thread/);
  });
});

describe('empty states', () => {
  it('explains what to do when nothing is there yet', () => {
    const store = emptyStore();
    expect(text(render(store, createElement(RulesScreen)))).toContain('No snapshot is open');
    expect(text(render(store, createElement(SimulationScreen)))).toContain('No snapshot is open');
    expect(text(render(store, createElement(LockMapScreen)))).toContain('No snapshot is open');
    const publish = text(render(store, createElement(PublishScreen)));
    expect(publish).toContain('No connection to publish to');
    expect(publish).toContain('Nothing published from this machine yet');
    store.setState({ connections: { ...store.getState().connections, loaded: true } });
    expect(text(render(store, createElement(ConnectionsScreen)))).toContain('No connections yet');
    const snapshots = text(render(store, createElement(SnapshotsScreen)));
    expect(snapshots).toContain('No connection yet');
    expect(snapshots).toContain('Snapshot file (.json)');
    store.dispose();
  });

  it('shows an empty draft and the tag table empty state', async () => {
    const { store, state, settle } = await startedHarness();
    state().rules.replaceDraft([]);
    await settle();
    expect(text(render(store, createElement(RulesScreen)))).toContain('No rules in the draft');
    state().simulation.setFilter({ query: 'zzz-no-match' });
    expect(text(render(store, createElement(SimulationScreen)))).toContain('No tag matches');
  });
});

describe('connections', () => {
  it('labels every control of a connection card and warns loudly about insecure TLS', async () => {
    const { store, state } = await startedHarness();
    await state().connections.save({ name: 'Lab', url: 'https://lab.example', kind: 'auto', username: 'robot$ci', caFile: null, insecure: true, projects: ['shop'] });
    const html = render(store, createElement(ConnectionsScreen));
    expect(html).toContain('aria-label="Test Lab"');
    expect(html).toContain('aria-label="Edit Lab"');
    // The address may wrap after its "/" and ".", not inside "example".
    expect(html).toContain('<code class="url">https://<wbr/>lab.<wbr/>example</code>');
    expect(text(html)).toContain('Insecure TLS: certificates not verified');
    // No secret kept: the card asks for one for this session.
    expect(text(html)).toContain('Secret for Lab (this session only)');
    expect(html).toContain('type="password"');
    expect(html).not.toContain('robot-secret');
  });

  it('shows a test result: version, dialect, identity and permissions per project', async () => {
    const { store, state } = await startedHarness();
    const saved = (await state().connections.save({ name: 'Prod', url: 'https://p.example', kind: 'harbor', username: 'alice', caFile: null, insecure: false, projects: ['shop'], secret: 'pw' }))!;
    await state().connections.test(saved.id);
    const html = text(render(store, createElement(ConnectionsScreen)));
    expect(html).toContain('Harbor v2.11.0');
    expect(html).toContain('doublestar v1.3.4');
    expect(html).toContain('user alice');
    expect(html).toMatch(/shop yes yes yes no yes yes/);
  });
});

describe('rules', () => {
  it('shows the list with its n/15 counter, per-rule controls, findings and the evaluation-order note', async () => {
    const { store } = await startedHarness();
    const html = render(store, createElement(RulesScreen));
    const words = text(html);
    expect(html).toContain('aria-label="2 of 15 rules"');
    for (const name of ['Edit #1', 'Duplicate #2', 'Move #1 down', 'Delete #2', 'Enabled: #1']) expect(html).toContain(`aria-label="${name}"`);
    expect(words).toContain('Harbor evaluates rules by id');
    expect(html).toContain('aria-label="Findings for #2"');
    // The three states, apart.
    expect(words).toContain('Draft of project shop on https://demo.taglock.invalid');
    expect(words).toContain('Recorded in the snapshot: 2 rules');
    expect(words).toContain('Live on the server: not read yet');
    expect(words).toContain("Reset to the snapshot's rules");
    expect(words).toContain('locks-moving-tags');
    expect(words).not.toContain('ci-moving-tags');
    expect(html).toContain('aria-label="Use preset All tags immutable"');
    expect(words).toContain('Repository and tag to test (repository:tag)');
  });

  it('measures every preset on the open project, suggests presets for its tags, and applies a suggestion', async () => {
    const { store, state } = await startedHarness();
    // Asked of the runner while the Rules screen is open, once per project and dialect.
    state().ui.go('rules');
    await until(() => state().simulation.presets !== null);
    const held = state().simulation.presets!;
    expect(held.key).toBe(presetsKey(state().snapshots.current!.id, 0, 'v1.3.4'));
    const html = render(store, createElement(RulesScreen));
    expect(text(html)).not.toContain('Measuring the presets');
    const words = text(html);
    expect(words).toMatch(/Tags here: \d+% /);
    expect(words).not.toContain('….');
    // One coverage line per preset: the three STACKIT ones and each suggestion.
    const lines = words.match(/Locks \d+% of the tags here \([\d,]+ of [\d,]+\)/g) ?? [];
    expect(html).toContain('aria-label="Suggested presets"');
    const suggested = html.match(/aria-label="Use preset ([^"]+)"/g)!.length;
    expect(lines).toHaveLength(suggested);
    expect(suggested).toBeGreaterThan(3);
    // "All tags immutable" locks every tag of the project.
    expect(words).toMatch(/No tag of any repository can be overwritten[^.]*\.[^]*?Locks 100% of the tags here/);
    const view = presetsView(projectTags(state().snapshots.current!.index, state().rules.projectIndex), state().rules.dialect);
    const suggestion = view.presets.find((p) => p.suggested)!;
    expect(words).toContain(suggestion.title);
    expect(words).toContain(coverageText(suggestion.coverage));
    state().rules.applyPresetRules(suggestion.title, suggestion.rules, 'replace');
    expect(state().rules.draft.map((d) => d.rule.tagSelectors[0]!.pattern)).toEqual([suggestion.rules[0]!.tagSelectors[0]!.pattern]);
  });

  it('lists the presets without numbers while they are measured, and says why when they cannot be', async () => {
    const { store, state } = await startedHarness();
    const key = presetsKey(state().snapshots.current!.id, 0, 'v1.3.4');
    const withPresets = (presets: HeldPresets | null) => store.setState({ simulation: { ...state().simulation, presets } });
    withPresets(null);
    let words = text(render(store, createElement(RulesScreen)));
    expect(words).toContain('Measuring the presets on the tags of project shop…');
    expect(words).toContain('All tags immutable');
    expect(words).not.toMatch(/Locks \d+%/);
    // Numbers for another project are not shown as this one's.
    withPresets({ key: presetsKey(state().snapshots.current!.id, 1, 'v1.3.4'), view: presetsView(projectTags(state().snapshots.current!.index, 0), 'v1.3.4'), error: null });
    words = text(render(store, createElement(RulesScreen)));
    expect(words).toContain('Measuring the presets');
    expect(words).not.toMatch(/Locks \d+%/);
    withPresets({ key, view: null, error: 'the worker ran out of memory' });
    words = text(render(store, createElement(RulesScreen)));
    expect(words).toContain('The presets could not be measured on these tags: the worker ran out of memory');
    expect(words).not.toContain('Measuring the presets');
  });

  it('previews the stored pattern and what Harbor refuses while typing', async () => {
    const { store, state } = await startedHarness();
    state().rules.startAdd();
    state().rules.updateForm({ tagText: 'rc, test ', repositoryDecoration: 'repoExcludes', repositoryText: '**' });
    const html = render(store, createElement(RulesScreen));
    expect(html).toContain('aria-label="Rule editor"');
    expect(html).toMatch(/aria-label="Stored tag pattern"[^>]*>\{rc,test\}</);
    expect(text(html)).toContain('Harbor refuses "excluding **"');
    expect(html).toMatch(/<button type="submit" class="primary" disabled="">Add to draft<\/button>/);
  });

  it('runs the pattern tester with a per-rule trace', async () => {
    const { store, state } = await startedHarness();
    state().rules.setTester('base/node:latest');
    const words = text(render(store, createElement(RulesScreen)));
    expect(words).toContain('base/node:latest is MUTABLE');
    expect(words).toContain('Repository selected, tag not selected');
    state().rules.setTester('shop/backend/api:v1.2.3');
    const again = text(render(store, createElement(RulesScreen)));
    expect(again).toContain('IMMUTABLE — decided by #1');
    expect(again).toContain('without the project');
  });
});

describe('a figure in a tile', () => {
  it('keeps each part on one line and breaks only between them: after a dot, before "of", before a change badge', () => {
    expect(statParts('494,719 of 1,028,814')).toEqual(['494,719', 'of 1,028,814']);
    expect(statParts('564,421 · 107 TiB')).toEqual(['564,421 ·', '107 TiB']);
    expect(statParts('3 of 4 · 5 GiB')).toEqual(['3', 'of 4 ·', '5 GiB']);
    expect(statParts('38,243')).toEqual(['38,243']);
    const html = renderToString(createElement(Stat, { label: 'Immutable tags', value: '494,719 of 1,028,814' }));
    expect(html.replace(/<!-- -->/g, '')).toContain('<span class="stat-value"><span class="stat-part">494,719</span> <span class="stat-part">of 1,028,814</span></span>');
    // A change badge may go to a line of its own too: a space stands before it (a large one ran out of its tile).
    const withDelta = renderToString(createElement(Stat, { label: 'Immutable tags', value: '1,028,814 of 1,028,814', delta: 534_095 })).replace(/<!-- -->/g, '');
    expect(withDelta).toMatch(/<span class="stat-part">of 1,028,814<\/span><\/span> <span class="delta delta-up">/);
  });
});

describe('simulation and lock map', () => {
  it('shows totals, the difference, the virtualised tag grid and the why panel', async () => {
    const { store, state, settle } = await startedHarness();
    state().rules.applyPreset('all-tags', 'append');
    await settle();
    state().simulation.setFilter({ verdict: 'newly-immutable' });
    const first = state().simulation.view!.diff.newlyImmutableTags[0]!;
    state().simulation.selectTag(first);
    const html = render(store, createElement(SimulationScreen));
    const words = text(html);
    expect(words).toContain('Immutable tags');
    expect(words).toContain('Locked digests');
    expect(words).toContain('Tags stopped by an error');
    expect(words).toMatch(/\d[\d,]* tags become immutable/);
    expect(html).toContain('role="grid" aria-label="Tags"');
    const rendered = (html.match(/role="row"/g) ?? []).length;
    const total = state().simulation.view!.diff.newlyImmutableTags.length;
    expect(total).toBeGreaterThan(100);
    expect(rendered).toBeLessThan(60);
    expect(html).toMatch(new RegExp(`aria-rowcount="${total + 1}"`));
    expect(words).toContain('Selected: this rule makes it immutable');
    expect(html).toContain('aria-label="Totals per repository"');
  });

  it('never draws a simulation of another snapshot under the open one', async () => {
    const { store, state } = await startedHarness();
    const view = state().simulation.view!;
    expect(render(store, createElement(LockMapScreen))).toContain('aria-label="Digest lock map"');
    // A result that arrived for the previously open snapshot, as the lock map once drew.
    store.setState({ simulation: { ...state().simulation, view: { ...view, snapshotId: 'previous' } } });
    for (const screen of [LockMapScreen, SimulationScreen]) {
      const html = render(store, createElement(screen));
      expect(text(html)).toContain('Simulating…');
      expect(html).not.toContain('aria-label="Digest lock map"');
      expect(html).not.toContain('aria-label="Totals"');
    }
  });

  it('renders the lock map canvas with its legend and the selected digest', async () => {
    const { store, state } = await startedHarness();
    const index = state().snapshots.current!.index;
    state().simulation.selectDigest(index.tagArtifact[index.tagNames.indexOf('latest')]!);
    const html = render(store, createElement(LockMapScreen));
    expect(html).toContain('aria-label="Digest lock map"');
    expect(html).toContain('aria-label="Digest states"');
    const words = text(html);
    expect(words).toContain('Locked (every tag immutable)');
    expect(words).toContain('What Harbor will do');
    expect(words).toContain('Garbage collection');
  });
});

describe('publish', () => {
  it('shows the plan, its effect and ONE confirm button; then the result', async () => {
    const { store, state } = await startedHarness();
    const saved = (await state().connections.save({ name: 'Prod', url: 'https://demo.taglock.invalid', kind: 'harbor', username: 'alice', caFile: null, insecure: true, projects: ['shop'], secret: 'pw' }))!;
    state().publish.choose({ connectionId: saved.id, project: 'shop' });
    state().rules.applyPreset('release-tags', 'replace');
    await state().publish.makePlan();
    let html = render(store, createElement(PublishScreen));
    expect(html).toContain('aria-label="Plan steps"');
    expect(html).toContain('aria-label="Effect on the current snapshot"');
    expect(text(html)).toContain('Effect on the tags of shop (snapshot Demo');
    expect((html.match(/Confirm and publish/g) ?? []).length).toBe(1);
    expect(text(html)).toContain('Confirm and publish 1 change to shop');
    expect(text(html)).toContain('Insecure TLS');
    await state().publish.apply();
    html = render(store, createElement(PublishScreen));
    expect(html).toContain('aria-label="Publish result"');
    expect(text(html)).toContain("the server's rules were read back and match the draft");
    expect(html).not.toContain('Confirm and publish');
  });
});

describe('publish safety', () => {
  it('refuses a target of another registry, with a one-click fetch of it', async () => {
    const { store, state } = await startedHarness();
    const saved = (await state().connections.save({ name: 'Prod', url: 'https://prod.example', kind: 'harbor', username: 'alice', caFile: null, insecure: false, projects: ['shop'], secret: 'pw' }))!;
    state().publish.choose({ connectionId: saved.id });
    const html = render(store, createElement(PublishScreen));
    const words = text(html);
    expect(words).toContain('Not planned here: the target is project shop on https://prod.example, but the draft and the open snapshot are of project shop on https://demo.taglock.invalid');
    expect(words).toContain('Fetch shop from Prod and open it');
    expect(words).toContain('Fetch it and take these rules along (without ids)');
    expect(html).toMatch(/<button type="submit" class="primary" disabled="">Plan publish<\/button>/);
  });

  it('after a refused publish: what changed on the server, both choices, and no confirm button', async () => {
    const { store, state, api } = await startedHarness();
    const saved = (await state().connections.save({ name: 'Prod', url: 'https://demo.taglock.invalid', kind: 'harbor', username: 'alice', caFile: null, insecure: false, projects: ['shop'], secret: 'pw' }))!;
    state().publish.choose({ connectionId: saved.id });
    state().rules.applyPreset('protect-production', 'append');
    expect(await state().publish.makePlan()).toBe(true);
    api.remoteRules.set('shop', [...api.remoteRules.get('shop')!, { ...api.remoteRules.get('shop')![0]!, id: 7, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'hotfix-*' }] }]);
    expect(await state().publish.apply()).toBe(false);
    await until(() => (state().publish.drift?.live ?? null) !== null);
    const html = render(store, createElement(PublishScreen));
    const words = text(html);
    expect(words).toContain('Not published: the rules of shop changed on the server since this plan');
    expect(words).toContain('rule #7 was added (repositories matching **, tags matching hotfix-*)');
    expect(words).toContain('Re-plan on top of their change');
    expect(words).toContain('Overwrite their change…');
    expect(html).not.toContain('Confirm and publish');
    expect(words).not.toMatch(/pending/i);
  });
});
