// The app's workspace: drafts bound to their registry and project, stable labels, the three states,
// autosave across restarts, drift, and the refresh of Harbor's verdicts after a publish. The store runs
// over the in-memory TaglockApi (test/renderer/fake-api.ts), simulating on the calling thread.
import { describe, expect, it } from 'vitest';
import type { WireRule } from '../../shared/rules/wire.js';
import { liveChangesSinceSnapshot } from '../../renderer/src/store/rules-state.js';
import { draftRules, isDirty } from '../../renderer/src/store/rules-slice.js';
import { demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { FakeApi } from './fake-api.js';
import { startedHarness, until } from './helpers.js';
import type { Harness } from './helpers.js';

const PROD = 'https://prod.example';
const connectionInput = (url: string) => ({ name: 'Prod', url, kind: 'harbor' as const, username: 'alice', caFile: null, insecure: false, projects: ['shop'], secret: 'pw' });

function wire(id: number | undefined, tag: string, repository = '**'): WireRule {
  return {
    ...(id === undefined ? {} : { id }),
    disabled: false,
    priority: 0,
    action: 'immutable',
    template: 'immutable_template',
    tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: tag }],
    scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: repository }] },
  };
}

/** Production's `shop`: other rules under the ids the demo also uses. */
const PROD_RULES = [wire(1, 'release-*'), wire(2, 'stable', 'base/*'), wire(3, 'lts')];

/** Fetches `shop` from a connection to `url` and opens it. */
async function openFetched(h: Harness, connectionId: string, fetchedAt?: string) {
  await h.state().snapshots.startFetch({ connectionId, projects: ['shop'], openWhenDone: true });
  const summary = h.api.finishFetch(h.state().snapshots.fetch!.jobId!, 'Prod shop', fetchedAt);
  await until(() => h.state().snapshots.current?.id === summary.id);
  await h.settle();
  return summary;
}

async function prodHarness(api = new FakeApi()) {
  api.remoteRules.set('shop', structuredClone(PROD_RULES));
  api.projectIds.set('shop', 42);
  const h = await startedHarness(api);
  const connection = (await h.state().connections.save(connectionInput(PROD)))!;
  return { ...h, connection };
}

const tags = (h: Harness) => draftRules(h.state().rules.draft).map((r) => `${r.id ?? 'new'}:${r.tagSelectors[0]!.pattern}`);

describe('a draft belongs to one registry and project', () => {
  it('does not carry the demo draft to a real shop, and gives it back when the demo is opened again', async () => {
    const h = await prodHarness();
    h.state().rules.remove(1); // the demo draft now deletes its rule 2
    h.state().rules.applyPreset('release-tags', 'append');
    const demoDraft = tags(h);
    await openFetched(h, h.connection.id);
    expect(h.state().rules.scope).toEqual({ registry: PROD, project: 'shop', projectId: 42 });
    expect(tags(h)).toEqual(['1:release-*', '2:stable', '3:lts']);
    expect(isDirty(h.state().rules)).toBe(false);
    expect(h.state().ui.notices.some((n) => /kept|restored/i.test(n.text))).toBe(false);
    await h.state().snapshots.open('demo');
    expect(tags(h)).toEqual(demoDraft);
    expect(h.state().ui.notices.at(-1)!.text).toContain('Restored your unpublished draft of project shop on https://demo.taglock.invalid');
  });

  it('judges another registry as the version it recorded, and the same registry as the admin chose', async () => {
    const h = await prodHarness();
    h.state().rules.setHarborVersion('2.10.2');
    expect(h.state().rules.dialect).toBe('v1.1.1');
    const first = await openFetched(h, h.connection.id);
    expect(h.state().rules.harborVersionOverride).toBeNull();
    expect(h.state().rules.dialect).toBe(h.state().snapshots.current!.index.meta.registry.dialect);
    // Judged as 2.10.2 on that registry: a new fetch of it keeps the choice.
    h.state().rules.setHarborVersion('2.10.2');
    await openFetched(h, h.connection.id, '2026-11-20T10:00:00Z');
    expect(h.state().snapshots.current!.id).not.toBe(first.id);
    expect(h.state().rules.harborVersionOverride).toBe('2.10.2');
    expect(h.state().rules.dialect).toBe('v1.1.1');
  });

  it('copies rules to another project only on request, and without their ids', async () => {
    const h = await prodHarness();
    h.state().rules.carryRules();
    await openFetched(h, h.connection.id);
    expect(tags(h)).toEqual(['1:release-*', '2:stable', '3:lts']);
    h.state().rules.useCarried();
    expect(tags(h)).toEqual(['new:v*.*.*', 'new:{latest,main,dev,nightly}']);
    expect(h.state().rules.draft.map((d) => d.label)).toEqual(['new A', 'new B']);
    // Planned against production, the copies are created; production's own rules 1-3 are deleted by
    // name, never edited into the demo's rules.
    h.state().publish.choose({ connectionId: h.connection.id });
    expect(await h.state().publish.makePlan()).toBe(true);
    expect(h.state().publish.plan!.steps.map((s) => `${s.kind}${s.id === null ? '' : ` #${s.id}`}`)).toEqual(['create', 'create', 'delete #1', 'delete #2', 'delete #3']);
  });

  it('refuses to plan for another registry, and fetches the target with one call', async () => {
    const h = await prodHarness();
    h.state().publish.choose({ connectionId: h.connection.id });
    expect(await h.state().publish.makePlan()).toBe(false);
    expect(h.state().publish.planError!.message).toBe(
      'Not planned: the target is project shop on https://prod.example, but the draft and the open snapshot are of project shop on https://demo.taglock.invalid',
    );
    expect(h.api.calls.some((c) => c.method === 'planPublish')).toBe(false);
    expect(await h.state().publish.fetchTarget()).toBe(true);
    const summary = h.api.finishFetch(h.state().snapshots.fetch!.jobId!);
    await until(() => h.state().snapshots.current?.id === summary.id);
    expect(await h.state().publish.makePlan()).toBe(true);
    expect(h.state().publish.effect!.project).toBe('shop');
  });

  it('refuses a project that was deleted and created again under the same name', async () => {
    const h = await prodHarness();
    await openFetched(h, h.connection.id);
    h.api.projectIds.set('shop', 43);
    h.state().publish.choose({ connectionId: h.connection.id });
    expect(await h.state().publish.makePlan()).toBe(false);
    expect(h.state().publish.planError!.message).toContain('project shop has id 43 on the server, but the snapshot recorded id 42');
  });
});

describe('stable labels', () => {
  it('names server rules by id and new rules by letter, through moves, edits, duplicates and deletes', async () => {
    const h = await startedHarness();
    const add = (tag: string) => {
      h.state().rules.startAdd();
      h.state().rules.updateForm({ tagText: tag });
      expect(h.state().rules.commitEdit()).toBe(true);
    };
    add('rc');
    add('beta');
    const labels = () => h.state().rules.draft.map((d) => `${d.label}=${d.rule.tagSelectors[0]!.pattern}`);
    expect(labels()).toEqual(['#1=v*.*.*', '#2={latest,main,dev,nightly}', 'new A=rc', 'new B=beta']);
    h.state().rules.move(3, -2);
    h.state().rules.remove(0);
    expect(labels()).toEqual(['new B=beta', '#2={latest,main,dev,nightly}', 'new A=rc']);
    h.state().rules.startEdit(2);
    h.state().rules.updateForm({ tagText: 'rc-*' });
    h.state().rules.commitEdit();
    h.state().rules.duplicate(0);
    expect(labels()).toEqual(['new B=beta', 'new C=beta', '#2={latest,main,dev,nightly}', 'new A=rc-*']);
    h.state().rules.undo();
    h.state().rules.redo();
    expect(labels()).toEqual(['new B=beta', 'new C=beta', '#2={latest,main,dev,nightly}', 'new A=rc-*']);
  });

  it('explains that moving a rule with an id does not change when Harbor evaluates it', async () => {
    const h = await startedHarness();
    h.state().rules.move(0, 1);
    expect(h.state().ui.notices.at(-1)!.text).toContain('#1 moved in the list only: Harbor evaluates rules by id');
  });
});

describe('the three states', () => {
  it('says when the live rules differ from the snapshot, and starts from them on request', async () => {
    const h = await prodHarness();
    await openFetched(h, h.connection.id, '2026-11-02T08:00:00.000Z');
    h.api.remoteRules.set('shop', [wire(1, 'release-*'), wire(3, 'lts'), wire(4, 'hotfix-*')]);
    h.state().rules.remove(0);
    expect(await h.state().rules.pull(h.connection.id)).toBe(true);
    const changes = liveChangesSinceSnapshot(h.state().rules)!;
    expect(changes.map((c) => `${c.kind} ${'id' in c ? c.id : c.rule.id}`)).toEqual(['deleted 2', 'added 4']);
    // The edited draft stays; the comparison base is the live rules now.
    expect(tags(h)).toEqual(['2:stable', '3:lts']);
    expect(h.state().rules.server.source).toBe('live');
    h.state().rules.resetTo('live');
    expect(tags(h)).toEqual(['1:release-*', '3:lts', '4:hotfix-*']);
    h.state().rules.resetTo('snapshot');
    expect(tags(h)).toEqual(['1:release-*', '2:stable', '3:lts']);
  });

  it('reads the live rules when a snapshot opens, and an untouched draft follows them', async () => {
    const h = await prodHarness();
    const summary = await openFetched(h, h.connection.id, '2026-11-02T08:00:00.000Z');
    await until(() => h.state().rules.live !== null);
    expect(h.state().rules.live!.rules).toHaveLength(3);
    // A colleague deletes #2 and adds #4; the snapshot still records the old rules.
    h.api.remoteRules.set('shop', [wire(1, 'release-*'), wire(3, 'lts'), wire(4, 'hotfix-*')]);
    await h.state().snapshots.open('demo');
    await h.state().snapshots.open(summary.id);
    await until(() => h.state().rules.live?.rules[2]?.id === 4);
    expect(tags(h)).toEqual(['1:release-*', '3:lts', '4:hotfix-*']);
    expect(h.state().ui.notices.at(-1)!.text).toBe('The rules of shop changed on the server since this snapshot: the draft now starts from the live rules (see Rules).');
    expect(h.api.calls.filter((c) => c.method === 'pullRules').every((c) => !('secret' in (c.args[0] as object)))).toBe(true);
  });

  it('keeps edits made against the old snapshot on request, on top of the live rules', async () => {
    const h = await prodHarness();
    await openFetched(h, h.connection.id, '2026-11-02T08:00:00.000Z');
    await until(() => h.state().rules.live !== null);
    h.state().rules.startEdit(2);
    h.state().rules.updateForm({ tagText: 'lts-*' });
    h.state().rules.commitEdit();
    h.api.remoteRules.set('shop', [wire(1, 'release-*'), wire(3, 'lts'), wire(4, 'hotfix-*')]);
    expect(await h.state().rules.pull(h.connection.id)).toBe(true);
    expect(tags(h)).toEqual(['1:release-*', '2:stable', '3:lts-*']);
    h.state().rules.rebaseOnLive();
    // Their delete of #2 and their #4 stay; the edit of #3 stays.
    expect(tags(h)).toEqual(['1:release-*', '3:lts-*', '4:hotfix-*']);
  });

  it('does not read the live rules unasked when the connection needs a secret typed', async () => {
    const h = await startedHarness();
    const { secret: _secret, ...noSecret } = connectionInput(PROD);
    await h.state().connections.save(noSecret);
    // A snapshot of that registry, imported from a file.
    const snapshot = demoSnapshot();
    snapshot.registry = { ...snapshot.registry, url: PROD };
    const summary = (await h.state().snapshots.importFile('prod.json', JSON.stringify(snapshot)))!;
    await h.state().snapshots.open(summary.id);
    await h.settle();
    expect(h.state().rules.scope!.registry).toBe(PROD);
    expect(h.api.calls.some((c) => c.method === 'pullRules')).toBe(false);
    expect(h.state().rules.live).toBeNull();
  });

  it('refuses to read live rules from another registry into this draft', async () => {
    const h = await prodHarness();
    expect(await h.state().rules.pull(h.connection.id)).toBe(false);
    expect(h.state().rules.pullError!.message).toContain('Prod is https://prod.example, but this draft is of project shop on https://demo.taglock.invalid');
    expect(h.state().rules.live).toBeNull();
  });
});

describe('drafts survive a restart', () => {
  it('reopens the last snapshot, not the demo, with the unpublished draft and its labels', async () => {
    const api = new FakeApi();
    const first = await prodHarness(api);
    await openFetched(first, first.connection.id);
    first.state().rules.startAdd();
    first.state().rules.updateForm({ tagText: 'rc' });
    first.state().rules.commitEdit();
    const before = first.state().rules.draft.map((d) => d.label);
    first.store.dispose();

    await until(() => first.state().rules.autosave.state === 'saved');
    const second = await startedHarness(api);
    expect(second.state().snapshots.current!.id).not.toBe('demo');
    expect(second.state().rules.draft.map((d) => d.label)).toEqual(before);
    expect(second.state().rules.restoredFrom).not.toBeNull();
    // A new rule after the restart gets the next letter, not a reused one.
    second.state().rules.duplicate(0);
    expect(second.state().rules.draft[1]!.label).toBe('new B');
  });

  it('forgets the saved draft once it has no unpublished changes', async () => {
    const first = await startedHarness();
    first.state().rules.remove(0);
    await until(() => first.api.workspace.drafts.length === 1);
    first.state().rules.undo();
    await until(() => first.api.workspace.drafts.length === 0);
    first.store.dispose();
    const second = await startedHarness(first.api);
    expect(second.state().rules.restoredFrom).toBeNull();
  });

  it('writes the newest workspace last, never two writes at once', async () => {
    const h = await startedHarness();
    const writes = () => h.api.calls.filter((c) => c.method === 'saveWorkspace').length;
    const before = writes();
    for (let i = 0; i < 5; i++) h.state().rules.toggle(0);
    await until(() => h.state().rules.autosave.state === 'saved');
    // The first toggle writes at once; the four behind it wait for it and go in one more write.
    expect(writes() - before).toBe(2);
    expect(h.api.workspace.drafts[0]!.rules[0]!.disabled).toBe(true);
  });
});

describe('drift', () => {
  async function refused() {
    const h = await prodHarness();
    await openFetched(h, h.connection.id);
    h.state().publish.choose({ connectionId: h.connection.id });
    h.state().rules.remove(2); // delete #3
    h.state().rules.startAdd();
    h.state().rules.updateForm({ tagText: 'rc' });
    h.state().rules.commitEdit();
    expect(await h.state().publish.makePlan()).toBe(true);
    // Meanwhile a colleague edits #2 and adds #4.
    h.api.remoteRules.set('shop', [wire(1, 'release-*'), wire(2, 'stable-*', 'base/*'), wire(3, 'lts'), wire(4, 'hotfix-*')]);
    expect(await h.state().publish.apply()).toBe(false);
    await until(() => (h.state().publish.drift?.live ?? null) !== null);
    return h;
  }

  it('refuses with what changed on the server, and the stale plan cannot be confirmed', async () => {
    const h = await refused();
    const drift = h.state().publish.drift!;
    expect(drift.error.code).toBe('drift');
    expect(drift.changes.map((c) => `${c.kind} ${'id' in c ? c.id : c.rule.id}`)).toEqual(['edited 2', 'added 4']);
    expect(h.state().publish.progress).toBeNull();
    const applies = h.api.calls.filter((c) => c.method === 'applyPublish').length;
    expect(await h.state().publish.apply()).toBe(false);
    expect(h.api.calls.filter((c) => c.method === 'applyPublish')).toHaveLength(applies);
  });

  it('re-plans on top of their change: only the draft\'s own changes are published', async () => {
    const h = await refused();
    expect(await h.state().publish.rebaseOnDrift()).toBe(true);
    expect(tags(h)).toEqual(['1:release-*', '2:stable-*', 'new:rc', '4:hotfix-*']);
    expect(h.state().publish.plan!.steps.map((s) => `${s.kind}${s.id === null ? '' : ` #${s.id}`}`)).toEqual(['create', 'delete #3']);
    expect(await h.state().publish.apply()).toBe(true);
    expect(h.api.remoteRules.get('shop')!.map((r) => r.tag_selectors[0]!.pattern)).toEqual(['release-*', 'stable-*', 'rc', 'hotfix-*']);
  });

  it('overwrites only after a plan that names what it reverts', async () => {
    const h = await refused();
    expect(await h.state().publish.planOverwrite()).toBe(true);
    expect(h.state().publish.overwrites!.map((c) => `${c.kind} ${'id' in c ? c.id : c.rule.id}`)).toEqual(['edited 2', 'added 4']);
    expect(h.state().publish.drift).toBeNull();
    expect(await h.state().publish.apply()).toBe(true);
    expect(h.api.calls.filter((c) => c.method === 'applyPublish').every((c) => (c.args[0] as { force: boolean }).force === false)).toBe(true);
    expect(h.api.remoteRules.get('shop')!.map((r) => r.tag_selectors[0]!.pattern)).toEqual(['release-*', 'stable', 'rc']);
  });
});

describe('after a verified publish', () => {
  it("marks the snapshot's Harbor verdicts as older than the publish and fetches the project again", async () => {
    const h = await prodHarness();
    const old = await openFetched(h, h.connection.id);
    h.state().publish.choose({ connectionId: h.connection.id });
    h.state().rules.remove(0);
    await h.state().publish.makePlan();
    expect(await h.state().publish.apply()).toBe(true);
    expect(h.state().snapshots.verdictsOutdated).toMatchObject({ snapshotId: old.id, project: 'shop' });
    expect(h.state().snapshots.fetch).toMatchObject({ projects: ['shop'], openWhenDone: true });
    const fresh = h.api.finishFetch(h.state().snapshots.fetch!.jobId!, 'after', '2026-11-02T11:00:00.000Z');
    await until(() => h.state().snapshots.current?.id === fresh.id);
    expect(h.state().snapshots.verdictsOutdated).toBeNull();
    expect(tags(h)).toEqual(['2:stable', '3:lts']);
    expect(isDirty(h.state().rules)).toBe(false);
  });
});

describe('results keyed to their inputs', () => {
  it('every simulation names the snapshot and revision it was computed from', async () => {
    const h = await prodHarness();
    expect(h.state().simulation.view).toMatchObject({ snapshotId: 'demo', revision: h.state().rules.revision });
    const summary = await openFetched(h, h.connection.id);
    expect(h.state().simulation.view).toMatchObject({ snapshotId: summary.id, revision: h.state().rules.revision });
  });
});

describe('a connection whose address changes', () => {
  it('says that its secret was dropped', async () => {
    const h = await startedHarness();
    const saved = (await h.state().connections.save(connectionInput(PROD)))!;
    expect(saved.hasSecret).toBe(true);
    const { secret: _secret, ...rest } = connectionInput('https://prod.example:8443');
    const moved = (await h.state().connections.save({ ...rest, id: saved.id }))!;
    expect(moved.hasSecret).toBe(false);
    expect(h.state().ui.notices.at(-1)!.text).toBe(
      'The secret of Prod was dropped because its address changed (https://prod.example → https://prod.example:8443): enter it again to connect.',
    );
  });
});
