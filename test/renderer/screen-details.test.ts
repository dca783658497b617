// Runs in Node (tests). The screens' details an admin runs into, rendered to HTML from the store over the fake API: the tag
// table's controls, the per-repository chart, the fetch form (the only connection chosen, the server's
// projects offered, opened when fetched, a cancel that is not an error), presets that are already in
// the draft, plain wording for plan steps and for rules nobody could read, errors with the right hint.
import { createElement } from 'react';
import type { ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { ConnectionsScreen } from '../../renderer/src/components/ConnectionsScreen.js';
import { LockMapScreen } from '../../renderer/src/components/LockMapScreen.js';
import { PublishScreen } from '../../renderer/src/components/PublishScreen.js';
import { RulesScreen } from '../../renderer/src/components/RulesScreen.js';
import { SimulationScreen } from '../../renderer/src/components/SimulationScreen.js';
import { SnapshotsScreen } from '../../renderer/src/components/SnapshotsScreen.js';
import { StoreProvider } from '../../renderer/src/components/store-context.js';
import type { AppStore } from '../../renderer/src/store/app-store.js';
import { errorHint } from '../../renderer/src/view/format.js';
import { NO_ACCESS_MESSAGE } from '../../renderer/src/api/post-json.js';
import { plainRuleWords, stepText } from '../../renderer/src/view/rules-view.js';
import { startedHarness, until } from './helpers.js';

function render(store: AppStore, element: ReactElement): string {
  const current: AppStore = { ...store, getInitialState: () => store.getState() };
  return renderToString(createElement(StoreProvider, { store: current, children: element }));
}

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

const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('the tag table', () => {
  it('has sortable headers that say their order, a rule filter, a glob hint and save buttons', async () => {
    const { store, state, settle } = await startedHarness();
    state().rules.applyPreset('all-tags', 'append');
    await settle();
    state().simulation.setSort({ key: 'tag', descending: true });
    state().simulation.setFilter({ query: 'v1.*', rule: 0 });
    const html = render(store, createElement(SimulationScreen));
    expect(html).toMatch(/role="columnheader"[^>]*aria-sort="descending"[^>]*><button[^>]*>Tag/);
    expect(occurrences(html, 'aria-sort="none"')).toBe(5);
    const words = text(html);
    expect(words).toContain('sorted by tag, descending');
    expect(words).toContain('A glob, matched as the rules match (v1.3.4)');
    expect(words).toContain('Rule filter');
    expect(html.replace(/<!-- -->/g, '')).toMatch(/<option value="0" selected="">#1: repositories matching \*\*, tags matching v\*\.\*\.\*<\/option>/);
    expect(html).toMatch(/aria-label="Save the [\d,]+ tags shown as CSV"/);
    expect(html).toContain('aria-label="Save the changes as CSV"');
    // The optional columns the admin can choose.
    for (const column of ['Decided by', 'Harbor said', 'Change', 'Pushed', 'Size', 'Digest']) expect(words).toContain(column);
    state().simulation.setTagColumns(['digest', 'size']);
    const narrow = render(store, createElement(SimulationScreen));
    expect(occurrences(narrow, 'role="columnheader"')).toBe(5);
  });

  it("shows every tag of a repository picked from the per-repository view, letting go of another repository's tag", async () => {
    const { store, state, settle } = await startedHarness();
    await settle();
    const index = state().simulation.view!.draft.index;
    const repositoryOf = (tag: number) => index.artifactRepository[index.tagArtifact[tag]!]!;
    const picked = repositoryOf(index.tagNames.indexOf('latest'));
    const elsewhere = index.tagNames.findIndex((_, tag) => repositoryOf(tag) !== picked);
    const inPicked = index.tagNames.findIndex((_, tag) => repositoryOf(tag) === picked);
    // Filters that would hide the picked repository's tags, and a tag of another repository explained.
    state().simulation.setFilter({ query: 'no-such-tag', verdict: 'newly-immutable', rule: 0 });
    state().simulation.selectTag(elsewhere);
    expect(text(render(store, createElement(SimulationScreen)))).not.toContain('Select a tag in the table');
    state().simulation.showRepository(picked);
    expect(state().simulation.filter).toEqual({ query: '', verdict: 'all', repository: picked, project: null, rule: null });
    expect(state().simulation.selectedTag).toBeNull();
    const html = render(store, createElement(SimulationScreen));
    expect(text(html)).toContain('Select a tag in the table');
    const tagsShown = index.tagNames.filter((_, tag) => repositoryOf(tag) === picked).length;
    expect(html).toContain(`aria-rowcount="${tagsShown + 1}"`);
    // A tag of the picked repository stays selected.
    state().simulation.selectTag(inPicked);
    state().simulation.showRepository(picked);
    expect(state().simulation.selectedTag).toBe(inPicked);
  });

  it('draws before and after per repository, most changed first, as a chart (or a table)', async () => {
    const { store, state, settle } = await startedHarness();
    state().rules.applyPreset('all-tags', 'append');
    await settle();
    const html = render(store, createElement(SimulationScreen));
    expect(html).toContain('aria-label="Before and after the draft, per repository"');
    const rows = html.match(/role="listitem" aria-label="[^"]+"/g) ?? [];
    // Only the rows in view are drawn; each says where it stands among all repositories.
    const repositories = state().simulation.view!.draft.index.repositoryNames.length;
    expect(repositories).toBeGreaterThan(15);
    expect(rows.length).toBe(15);
    expect(occurrences(html, `aria-setsize="${repositories}"`)).toBe(15);
    expect(text(html)).toContain(`${repositories} repositories: the list scrolls.`);
    // Every repository's tags become immutable: the first row says how many of its tags change.
    expect(rows[0]).toMatch(/tags [\d,]+ → ([\d,]+) of \1 immutable \(\+[\d,]+\)/);
    // One drawing per repository and measure: the server rules' bar above the draft's.
    expect(occurrences(html, 'role="img"')).toBe(2 * 15);
    expect(occurrences(html, 'data-bar="before"')).toBe(2 * 15);
    expect(html).toMatch(/<title>Server rules: [\d,]+ immutable, [\d,]+ mutable\nDraft: [\d,]+ immutable, [\d,]+ newly immutable(, [\d,]+ mutable)?<\/title>/);
    expect(html).toMatch(/style="fill:url\(#chart[\w-]+-newly\)"/);
  });
});

describe('the simulation of a plain registry', () => {
  it("says what the figures mean there and shows no Harbor verdicts, retention or live rules", async () => {
    const { store, state, api } = await startedHarness();
    const plain = demoSnapshot();
    plain.registry = { ...plain.registry, kind: 'oci', url: 'https://plain.example' } as typeof plain.registry;
    plain.projects = plain.projects.map((p) => ({ ...p, rules: null, repositories: p.repositories.map((r) => ({ ...r, artifacts: r.artifacts.map((a) => ({ ...a, tags: a.tags.map((t) => ({ ...t, immutable: null })) })) })) }));
    const summary = await api.importSnapshot({ fileName: 'plain.json', text: JSON.stringify(plain) });
    await state().snapshots.refresh();
    expect(await state().snapshots.open(summary.id)).toBe(true);
    await state().simulation.runNow();
    state().simulation.setTagColumns(['server', 'rule']);
    state().simulation.selectTag(0);
    const simulation = text(render(store, createElement(SimulationScreen)));
    expect(simulation).toContain('This snapshot is of a plain registry');
    expect(simulation).not.toContain('Harbor said');
    expect(simulation).not.toContain('With the server rules');
    expect(simulation).not.toContain('Tag retention ');
    const rules = text(render(store, createElement(RulesScreen)));
    expect(rules).toContain('A plain registry has no immutability rules');
    expect(rules).not.toContain('Live on the server');
    expect(rules).not.toContain('Pull live rules');
  });

  it('explains rules a Harbor account could not read, instead of calling the registry plain', async () => {
    const { store, state, api } = await startedHarness();
    const unreadable = demoSnapshot();
    unreadable.projects = unreadable.projects.map((p) => ({ ...p, rules: null }));
    const summary = await api.importSnapshot({ fileName: 'no-rules.json', text: JSON.stringify(unreadable) });
    await state().snapshots.refresh();
    await state().snapshots.open(summary.id);
    const words = text(render(store, createElement(RulesScreen)));
    expect(words).toContain("Recorded in the snapshot: unknown: the account that fetched it may not read this project's rules");
    expect(words).not.toContain('plain registries');
  });
});

describe('the fetch form', () => {
  it("chooses the only connection, offers the server's projects, and opens the snapshot when fetched", async () => {
    const { store, state, api } = await startedHarness();
    api.remoteRules.set('payments', []);
    const saved = (await state().connections.save({ name: 'Prod', url: 'https://demo.taglock.invalid', kind: 'harbor', username: 'alice', caFile: null, insecure: false, projects: ['shop'], secret: 'pw' }))!;
    await state().connections.listProjects(saved.id);
    const html = render(store, createElement(SnapshotsScreen));
    expect(html).toMatch(/<option value="conn-\d+" selected="">Prod — https:\/\/demo\.taglock\.invalid<\/option>/);
    expect(html).toMatch(/<input type="checkbox" checked=""[^>]*\/> <!-- -->shop<\/label>/);
    expect(html).toMatch(/<input type="checkbox"(?! checked)[^>]*\/> <!-- -->payments<\/label>/);
    expect(text(html)).toContain('The server shows this account 2 projects');
    expect(html).toMatch(/<input type="checkbox" checked=""[^>]*\/> Open it when fetched/);

    await state().snapshots.startFetch({ connectionId: saved.id, projects: ['shop'], name: 'Prod shop', openWhenDone: true });
    const fetched = api.finishFetch(state().snapshots.fetch!.jobId!, 'Prod shop');
    await until(() => state().snapshots.current?.id === fetched.id);
    const after = text(render(store, createElement(SnapshotsScreen)));
    expect(after).toMatch(/Fetched Prod shop ?: 3,563 tags/);
    expect(after).toContain('it is open now');
    expect(after).toContain('Edit rules on Prod shop');
  });

  it('says a cancelled fetch saved nothing, without an error', async () => {
    const { store, state } = await startedHarness();
    const saved = (await state().connections.save({ name: 'Prod', url: 'https://demo.taglock.invalid', kind: 'harbor', username: 'alice', caFile: null, insecure: false, projects: ['shop'], secret: 'pw' }))!;
    await state().snapshots.startFetch({ connectionId: saved.id, projects: ['shop'] });
    await state().snapshots.cancelFetch();
    await until(() => state().snapshots.fetch === null);
    const html = render(store, createElement(SnapshotsScreen));
    expect(text(html)).toContain('The fetch was cancelled: nothing was saved.');
    expect(html).not.toContain('role="alert"');
  });
});

describe('presets and plain words', () => {
  it('adds a preset once: the second time it says it is already in the draft', async () => {
    const { store, state } = await startedHarness();
    state().rules.applyPreset('all-tags', 'append');
    const before = state().rules.draft.length;
    state().rules.applyPreset('all-tags', 'append');
    expect(state().rules.draft.length).toBe(before);
    expect(state().ui.notices.at(-1)!.text).toBe('Preset "All tags immutable" is already in the draft: nothing was added.');
    const html = render(store, createElement(RulesScreen));
    expect(html).toMatch(/aria-label="Add preset All tags immutable" disabled="">Add to draft<\/button><span class="muted small">Already in the draft/);
  });

  it('offers the rules JSON to copy and to save as a file', async () => {
    const { store } = await startedHarness();
    const html = render(store, createElement(RulesScreen));
    expect(html).toContain('aria-label="Copy the rules JSON"');
    expect(html).toContain('aria-label="Save the rules JSON as a file"');
  });

  it('words plan steps and server changes as the rest of the UI does', async () => {
    expect(stepText('create', 'create a rule (repositories repoMatches "**", tags matches "v*")')).toBe('a rule (repositories matching **, tags matching v*)');
    expect(stepText('edit', 'edit rule #4: (repositories repoMatches "a", tags excludes "") -> (repositories repoExcludes "b", tags matches "c")')).toBe(
      'rule #4: (repositories matching a, tags excluding (empty: everything)) → (repositories excluding b, tags matching c)',
    );
    expect(plainRuleWords('rule #7 was added (repositories repoMatches "**", tags matches "hotfix-*")')).toBe('rule #7 was added (repositories matching **, tags matching hotfix-*)');

    const { store, state } = await startedHarness();
    const saved = (await state().connections.save({ name: 'Prod', url: 'https://demo.taglock.invalid', kind: 'harbor', username: 'alice', caFile: null, insecure: false, projects: ['shop'], secret: 'pw' }))!;
    state().publish.choose({ connectionId: saved.id, project: 'shop' });
    state().rules.applyPreset('all-tags', 'append');
    await state().publish.makePlan();
    const words = text(render(store, createElement(PublishScreen)));
    expect(words).toMatch(/Create new A: a rule \(repositories matching \*\*, tags matching \*\*\)/);
    expect(words).not.toMatch(/Create create|repoMatches/);
  });
});

describe('errors', () => {
  it("gives a tab without its session no registry-credentials hint, and says a rejected password once", async () => {
    expect(errorHint({ code: 'auth', message: NO_ACCESS_MESSAGE })).toBeNull();
    expect(errorHint({ code: 'auth', message: 'missing or wrong session token: open the link Taglock printed when it started' })).toBeNull();
    expect(errorHint({ code: 'auth', message: 'unauthorized' })).toMatch(/Check the user name/);

    const { store, state } = await startedHarness();
    const saved = (await state().connections.save({ name: 'Prod', url: 'https://p.example', kind: 'harbor', username: 'alice', caFile: null, insecure: false, projects: ['shop'], secret: 'wrong' }))!;
    const rejected = 'Harbor did not accept the credentials and treats this connection as anonymous: check the user name (robots include their prefix, e.g. robot$name) and the secret.';
    store.setState((s) => ({
      connections: {
        ...s.connections,
        tests: {
          [saved.id]: {
            status: 'done',
            error: null,
            result: { kind: 'harbor', harborVersion: null, dialect: 'v1.3.4', identity: 'anonymous', credentialsRejected: true, projects: [], warnings: [rejected, 'Harbor did not tell its version.'] },
          },
        },
      },
    }));
    const words = text(render(store, createElement(ConnectionsScreen)));
    expect(occurrences(words, 'check the user name')).toBe(1);
    expect(words).toContain('The credentials were rejected.');
    expect(words).toContain('Harbor did not tell its version.');
  });
});

describe('the lock map', () => {
  it('names its change marks by their shape, offers find and saving the digests', async () => {
    const { store, state, settle } = await startedHarness();
    state().rules.applyPreset('all-tags', 'append');
    await settle();
    const words = text(render(store, createElement(LockMapScreen)));
    expect(words).toMatch(/newly locked \(ringed, with a dot\): [\d,]+/);
    expect(words).toContain('freed (dashed ring): 0');
    expect(words).toContain('Point at a cell to see what it is');
    expect(render(store, createElement(LockMapScreen))).toContain('aria-label="Save the digests shown as CSV"');
  });
});

describe('the themes', () => {
  it('holds the same dark palette for the system\'s dark and a chosen dark', async () => {
    const { readFile } = await import('node:fs/promises');
    const css = await readFile(new URL('../../renderer/src/styles.css', import.meta.url), 'utf8');
    const palette = (block: string) =>
      Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]!.trim()]));
    const followed = /@media \(prefers-color-scheme: dark\) \{\s*:root:not\(\[data-theme='light'\]\) \{([^}]+)\}/.exec(css);
    const chosen = /:root\[data-theme='dark'\] \{([^}]+)\}/.exec(css);
    expect(followed).not.toBeNull();
    expect(chosen).not.toBeNull();
    const dark = palette(followed![1]!);
    expect(Object.keys(dark).length).toBeGreaterThan(20);
    expect(palette(chosen![1]!)).toEqual(dark);
    // Every colour the light theme sets, the dark one sets too.
    const light = palette(/:root \{([^}]+)\}/.exec(css)![1]!);
    for (const name of Object.keys(light).filter((n) => n.startsWith('--') && /^#/.test(light[n]!))) expect(dark).toHaveProperty(name);
  });
});
