import { describe, expect, it } from 'vitest';
import { evaluationOrder } from '../../shared/engine/rule-set.js';
import { TaglockError } from '../../shared/errors.js';
import { HARBOR_UI_RULE_LIMIT } from '../../shared/rules/model.js';
import { toWireRules } from '../../shared/rules/wire.js';
import { demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { draftRules, editorProblems, effectiveRules, isDirty } from '../../renderer/src/store/rules-slice.js';
import { startedHarness } from './helpers.js';

describe('start-up', () => {
  it('opens the demo snapshot, takes its project rules as server rules and draft, and simulates', async () => {
    const { state, api } = await startedHarness();
    expect(state().ui.started).toBe(true);
    expect(state().ui.appInfo?.canKeepSecrets).toBe(true);
    expect(state().snapshots.list[0]!.demo).toBe(true);
    expect(state().snapshots.current?.id).toBe('demo');
    expect(state().rules.projectNames).toEqual(['shop']);
    expect(state().rules.server.source).toBe('snapshot');
    expect(toWireRules(state().rules.server.rules)).toEqual(toWireRules(draftRules(state().rules.draft)));
    expect(state().rules.draft).toHaveLength(2);
    expect(isDirty(state().rules)).toBe(false);
    const view = state().simulation.view!;
    expect(state().simulation.status).toBe('ready');
    expect(view.draft.totals.tags).toBe(state().snapshots.current!.index.counts.tags);
    expect(view.draft.totals.immutableTags).toBe(view.server.totals.immutableTags);
    expect(view.diff.newlyImmutableTags).toHaveLength(0);
    expect(api.calls.map((c) => c.method)).toContain('loadSnapshotIndex');
  });

  it('says why when the local service does not answer', async () => {
    const { FakeApi } = await import('./fake-api.js');
    const api = new FakeApi();
    api.failNext.set('appInfo', new TaglockError('network', 'no answer'));
    const { state } = await startedHarness(api);
    expect(state().ui.startError).toEqual({ code: 'network', message: 'no answer' });
    expect(state().snapshots.current?.id).toBe('demo');
  });
});

describe('rule editing', () => {
  it('simulates the open editor live, before the rule is saved', async () => {
    const { state, settle } = await startedHarness();
    const before = state().simulation.view!.draft.totals.immutableTags;
    state().rules.startAdd();
    state().rules.updateForm({ tagText: 'latest, main' });
    expect(effectiveRules(state().rules)).toHaveLength(3);
    await settle();
    const view = state().simulation.view!;
    expect(view.draft.totals.immutableTags).toBeGreaterThan(before);
    expect(view.diff.newlyImmutableTags.length).toBeGreaterThan(0);
    expect(state().rules.draft).toHaveLength(2);
    // Cancelling goes back to the committed draft.
    state().rules.cancelEdit();
    await settle();
    expect(state().simulation.view!.draft.totals.immutableTags).toBe(before);
  });

  it('stores the pattern Harbor stores, and commits with undo and redo', async () => {
    const { state } = await startedHarness();
    state().rules.startAdd();
    state().rules.updateForm({ repositoryText: 'backend/**', tagText: ' rc, test ' });
    expect(state().rules.commitEdit()).toBe(true);
    const added = state().rules.draft[2]!.rule;
    expect(added.id).toBeNull();
    expect(added.repositorySelectors[0]!.pattern).toBe('backend/**');
    expect(added.tagSelectors[0]!.pattern).toBe('{rc,test}');
    expect(state().rules.editor).toBeNull();
    expect(isDirty(state().rules)).toBe(true);
    state().rules.undo();
    expect(state().rules.draft).toHaveLength(2);
    expect(isDirty(state().rules)).toBe(false);
    state().rules.redo();
    expect(state().rules.draft).toHaveLength(3);
  });

  it('refuses what Harbor refuses: empty fields, "excluding **", an existing rule', async () => {
    const { state } = await startedHarness();
    state().rules.startAdd();
    state().rules.updateForm({ tagText: '{}' });
    expect(editorProblems(state().rules).map((p) => p.code)).toEqual(['empty-tag']);
    expect(state().rules.commitEdit()).toBe(false);
    // While a field is empty the live preview leaves the draft alone.
    expect(effectiveRules(state().rules)).toHaveLength(2);
    state().rules.updateForm({ tagText: 'x', repositoryDecoration: 'repoExcludes', repositoryText: '**' });
    expect(editorProblems(state().rules).map((p) => p.code)).toContain('invalid-rule');
    state().rules.updateForm({ repositoryDecoration: 'repoMatches', repositoryText: '**', tagText: 'v*.*.*' });
    expect(editorProblems(state().rules).map((p) => p.code)).toEqual(['existing-rule']);
    expect(state().rules.commitEdit()).toBe(false);
    expect(state().rules.draft).toHaveLength(2);
  });

  it('edits an existing rule in place, keeping its id', async () => {
    const { state } = await startedHarness();
    state().rules.startEdit(0);
    expect(state().rules.editor?.form.tagText).toBe('v*.*.*');
    // Saving an unchanged form changes nothing (no spurious history entry).
    expect(state().rules.commitEdit()).toBe(true);
    expect(state().rules.past).toHaveLength(0);
    state().rules.startEdit(0);
    state().rules.updateForm({ tagText: 'v*' });
    expect(state().rules.commitEdit()).toBe(true);
    expect(state().rules.draft[0]!.rule.id).toBe(1);
    expect(state().rules.draft[0]!.rule.tagSelectors[0]!.pattern).toBe('v*');
  });

  it('duplicates, toggles, moves and deletes, each undoable', async () => {
    const { state } = await startedHarness();
    const r = () => state().rules;
    r().duplicate(0);
    expect(r().draft).toHaveLength(3);
    expect(r().draft[1]!.rule.id).toBeNull();
    r().toggle(1);
    expect(r().draft[1]!.rule.disabled).toBe(true);
    r().move(1, 1);
    expect(r().draft[2]!.rule.disabled).toBe(true);
    expect(r().selected).toBe(2);
    // Harbor evaluates by id: the id'd rules first, drafts after in list order.
    expect(evaluationOrder(draftRules(r().draft))).toEqual([0, 1, 2]);
    r().move(2, -2);
    expect(evaluationOrder(draftRules(r().draft))).toEqual([1, 2, 0]);
    r().remove(0);
    expect(r().draft).toHaveLength(2);
    const keys = new Set(r().draft.map((d) => d.key));
    expect(keys.size).toBe(2);
    for (let i = 0; i < 5; i++) r().undo();
    expect(r().draft).toHaveLength(2);
    expect(isDirty(r())).toBe(false);
    expect(r().future).toHaveLength(5);
  });

  it('applies presets by replacing or appending', async () => {
    const { state } = await startedHarness();
    state().rules.applyPreset('protect-production', 'replace');
    expect(state().rules.draft).toHaveLength(1);
    expect(state().rules.draft[0]!.rule.tagSelectors[0]).toMatchObject({ decoration: 'excludes', pattern: '{rc,test,nightly}' });
    state().rules.applyPreset('release-tags', 'append');
    expect(state().rules.draft).toHaveLength(2);
    state().rules.undo();
    state().rules.undo();
    expect(isDirty(state().rules)).toBe(false);
    expect(state().ui.notices.some((n) => n.text.includes('Protect production'))).toBe(true);
  });

  it('keeps a draft of more than 15 rules (the server accepts them) and counts past the UI limit', async () => {
    const { state } = await startedHarness();
    for (let i = 0; i < HARBOR_UI_RULE_LIMIT; i++) {
      state().rules.startAdd();
      state().rules.updateForm({ tagText: `t${i}` });
      expect(state().rules.commitEdit()).toBe(true);
    }
    expect(state().rules.draft.length).toBe(HARBOR_UI_RULE_LIMIT + 2);
  });

  it("resets to the snapshot's rules", async () => {
    const { state } = await startedHarness();
    state().rules.remove(0);
    state().rules.resetTo('snapshot');
    expect(isDirty(state().rules)).toBe(false);
  });
});

describe('live rules', () => {
  it('pulls the live rules: replaces a clean draft, keeps an edited one', async () => {
    const { state, api, settle } = await startedHarness();
    const connection = await api.saveConnection({ name: 'h', url: 'https://demo.taglock.invalid', kind: 'harbor', username: 'alice', caFile: null, insecure: false, projects: ['shop'], secret: 'pw' });
    await state().connections.refresh();
    api.remoteRules.set('shop', [...toWireRules(draftRules(state().rules.draft)), { id: 9, disabled: false, priority: 0, action: 'immutable', template: 'immutable_template', tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'stable' }], scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] } }]);
    expect(await state().rules.pull(connection.id)).toBe(true);
    expect(state().rules.server.source).toBe('live');
    expect(state().rules.draft).toHaveLength(3);
    await settle();
    expect(state().simulation.view!.server.ruleSets[0]!.rules).toHaveLength(3);

    state().rules.remove(2);
    api.remoteRules.set('shop', []);
    expect(await state().rules.pull(connection.id)).toBe(true);
    expect(state().rules.server.rules).toHaveLength(0);
    expect(state().rules.draft).toHaveLength(2);
  });

  it('shows a pull failure with its code', async () => {
    const { state, api } = await startedHarness();
    const connection = await api.saveConnection({ name: 'h', url: 'https://demo.taglock.invalid', kind: 'harbor', username: 'robot$ci', caFile: null, insecure: false, projects: [] });
    expect(await state().rules.pull(connection.id)).toBe(false);
    expect(state().rules.pullError?.code).toBe('auth');
    // A secret typed for the session makes it work.
    expect(await state().rules.pull(connection.id, 'robot-secret')).toBe(true);
    expect(api.calls.filter((c) => c.method === 'pullRules').at(-1)!.args[0]).toMatchObject({ connectionId: connection.id, secret: 'robot-secret', project: 'shop' });
  });
});

describe('snapshots with several projects', () => {
  it('edits one project at a time and keeps each project draft while switching', async () => {
    const { FakeApi } = await import('./fake-api.js');
    const api = new FakeApi();
    const snapshot = demoSnapshot();
    const second = { ...snapshot.projects[0]!, name: 'ops', id: 2, rules: [] };
    snapshot.projects.push(second);
    api.snapshots.set('two', { summary: { ...api.snapshots.get('demo')!.summary, id: 'two', name: 'Two', demo: false, projects: ['shop', 'ops'] }, snapshot });
    const { state, settle } = await startedHarness(api);
    await state().snapshots.open('two');
    await settle();
    expect(state().rules.projectNames).toEqual(['shop', 'ops']);
    expect(state().rules.projectIndex).toBe(0);
    state().rules.remove(0);
    state().rules.setProject(1);
    expect(state().rules.draft).toHaveLength(0);
    expect(state().rules.server.rules).toHaveLength(0);
    await settle();
    const view = state().simulation.view!;
    expect(view.projectIndex).toBe(1);
    // The other project keeps its fetch-time rules in both simulations.
    expect(view.draft.projectTotals[0]!.immutableTags).toBe(view.server.projectTotals[0]!.immutableTags);
    state().rules.setProject(0);
    expect(state().rules.draft).toHaveLength(1);
  });

  it('keeps an edited draft when another snapshot of the same registry and project is opened', async () => {
    const { state, api, settle } = await startedHarness();
    const connection = await api.saveConnection({ name: 'demo', url: 'https://demo.taglock.invalid/', kind: 'harbor', username: null, caFile: null, insecure: false, projects: [] });
    const job = await api.fetchSnapshot({ connectionId: connection.id, projects: [] });
    state().rules.applyPreset('all-tags', 'replace');
    const summary = api.finishFetch(job.jobId);
    await state().snapshots.refresh();
    await state().snapshots.open(summary.id);
    await settle();
    expect(state().rules.draft.map((d) => d.label)).toEqual(['new A']);
  });
});
