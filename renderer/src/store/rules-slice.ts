// Runs in the browser (no DOM needed).
/**
 * The rule draft of one (registry, project): Harbor's rule list with stable labels and undo/redo, the
 * open editor form (whose live preview is simulated while typing), the three states it is seen against
 * (rules recorded in the snapshot, live server rules, the draft), and the pattern tester's input.
 *
 * A draft never crosses to another registry or project: opening a snapshot of another scope loads that
 * scope's saved draft or its recorded rules. Rules travel between projects only through `carryRules`
 * / `useCarried`, which drop the ids (an id names a different rule on another server).
 */
import { DEFAULT_DIALECT } from '../../../shared/glob/dialect.js';
import { LATEST_RELEASE, harborProfile, parseHarborVersion } from '../../../shared/engine/harbor-profile.js';
import { formFromRule, ruleFromForm } from '../../../shared/rules/editor-form.js';
import type { RuleForm } from '../../../shared/rules/editor-form.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { presetById } from '../../../shared/presets/stackit.js';
import { rebaseDraft } from '../../../shared/publish/drift.js';
import { parseWireRules, storedBlobKey, toWireRules } from '../../../shared/rules/wire.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { fetchTimeRules } from '../sim/compute.js';
import { formatTime, plural, toErrorData } from '../view/format.js';
import { connectionRef } from './connections-slice.js';
import { registryAddress, sameScope, scopeOf, scopeText } from './draft-scope.js';
import { labelRules, newRuleLabel, serverRuleLabel } from './rule-labels.js';
import { draftRules, editorProblems, isDirty, rulesKey, sameForm } from './rules-state.js';
import type { DraftRule, LiveRules, RulesSlice, ServerRules, SliceContext } from './types.js';

export { draftRules, editorProblems, effectiveRules, isDirty, rulesKey } from './rules-state.js';

const HISTORY_LIMIT = 200;

/** Harbor's "Add rule" dialog starts with `**` in both fields. */
export const NEW_RULE_FORM: RuleForm = {
  id: null,
  disabled: false,
  repositoryDecoration: 'repoMatches',
  repositoryText: '**',
  tagDecoration: 'matches',
  tagText: '**',
};

function pickProject(index: SnapshotIndex): number {
  const withRules = index.projects.findIndex((p) => p.rules !== null && p.name !== '');
  return withRules >= 0 ? withRules : 0;
}

/**
 * The Harbor version a snapshot is judged as: the one it recorded (a plain registry's snapshot is judged
 * as the newest release would), or the admin's override, which also picks the glob library.
 */
export function harborSettingOf(index: SnapshotIndex, override: string | null): Pick<RulesSlice, 'dialect' | 'recordedHarborVersion' | 'harborVersionOverride'> {
  const registry = index.meta.registry;
  const recordedHarborVersion = registry.kind === 'harbor' ? registry.harborVersion : LATEST_RELEASE;
  const usable = override !== null && parseHarborVersion(override) !== null ? override : null;
  return {
    recordedHarborVersion,
    harborVersionOverride: usable,
    dialect: usable === null ? registry.dialect : harborProfile(usable).behaviour.dialect,
  };
}

/** The version the simulation judges as. */
export function judgedHarborVersion(rules: Pick<RulesSlice, 'recordedHarborVersion' | 'harborVersionOverride'>): string | null {
  return rules.harborVersionOverride ?? rules.recordedHarborVersion;
}

export function createRulesSlice(ctx: SliceContext): RulesSlice {
  let nextKey = 1;
  let serverSeq = 0;
  const serverOf = (rules: ImmutableRule[], source: ServerRules['source'], connectionId: string | null = null, at: string | null = null): ServerRules => ({
    rules,
    source,
    connectionId,
    at,
    key: `server-${++serverSeq}`,
  });
  const baseOf = (live: LiveRules | null, recorded: ImmutableRule[] | null): ServerRules =>
    live !== null ? serverOf(live.rules, 'live', live.connectionId, live.at) : serverOf(recorded ?? [], recorded === null ? 'none' : 'snapshot');

  /** Draft entries for rules: labels kept by id or by object identity with the current draft, new letters otherwise. */
  const wrap = (rules: readonly ImmutableRule[], keepFrom: readonly DraftRule[] = []): { draft: DraftRule[]; nextLabel: number } => {
    let next = ctx.get()?.rules.nextLabel ?? 0;
    const draft = rules.map((rule) => {
      const same = keepFrom.find((d) => d.rule === rule) ?? (rule.id !== null ? keepFrom.find((d) => d.rule.id === rule.id) : undefined);
      const label = same?.label ?? (rule.id !== null ? serverRuleLabel(rule.id) : newRuleLabel(next++));
      return { key: nextKey++, label, rule };
    });
    return { draft, nextLabel: next };
  };

  /** Replace the draft, recording the old one for undo. */
  const commit = (draft: DraftRule[], extra: Partial<RulesSlice> = {}) => {
    ctx.patch('rules', (r) => ({
      draft,
      past: [...r.past, r.draft].slice(-HISTORY_LIMIT),
      future: [],
      revision: r.revision + 1,
      ...extra,
    }));
  };

  /** Structural edits close an open editor (its index would point elsewhere). */
  const structural = (fn: (draft: DraftRule[]) => DraftRule[] | null, extra: (draft: DraftRule[]) => Partial<RulesSlice> = () => ({})) => {
    const r = ctx.get().rules;
    const next = fn(r.draft);
    if (next === null) return;
    commit(next, { editor: null, ...extra(next) });
  };

  /** Opens the draft of one project of the snapshot: its saved draft when there is one, else its recorded rules. */
  const enterScope = (index: SnapshotIndex, projectIndex: number) => {
    const scope = scopeOf(index, projectIndex);
    const known = index.projects[projectIndex]?.rules != null;
    const recorded = known ? fetchTimeRules(index.projects[projectIndex]) : null;
    const saved = ctx.drafts.draftOf(scope);
    let draft: DraftRule[];
    let nextLabel: number;
    let restoredFrom: string | null = null;
    const savedRules = saved ? safeParse(saved.rules) : null;
    if (saved && savedRules !== null && rulesKey(savedRules) !== rulesKey(recorded ?? [])) {
      draft = savedRules.map((rule, i) => ({ key: nextKey++, label: saved.labels[i]!, rule }));
      nextLabel = saved.nextLabel;
      restoredFrom = saved.savedAt;
    } else {
      if (saved) ctx.drafts.remove(scope);
      const labelled = labelRules(recorded ?? [], 0);
      draft = (recorded ?? []).map((rule, i) => ({ key: nextKey++, label: labelled.labels[i]!, rule }));
      nextLabel = labelled.next;
    }
    ctx.patch('rules', (s) => ({
      projectIndex,
      projectNames: index.projects.map((p) => p.name),
      ...harborSettingOf(index, ctx.get().rules.harborVersionOverride),
      scope,
      recorded,
      live: null,
      server: baseOf(null, recorded),
      draft,
      nextLabel,
      restoredFrom,
      past: [],
      future: [],
      editor: null,
      selected: null,
      revision: s.revision + 1,
      pullError: null,
    }));
    if (restoredFrom !== null) ctx.get().ui.notify('info', `Restored your unpublished draft of ${scopeText(scope)} (saved ${formatTime(restoredFrom)}).`);
  };

  return {
    projectIndex: 0,
    projectNames: [],
    dialect: DEFAULT_DIALECT,
    recordedHarborVersion: LATEST_RELEASE,
    harborVersionOverride: null,
    scope: null,
    recorded: null,
    live: null,
    server: serverOf([], 'none'),
    draft: [],
    nextLabel: 0,
    restoredFrom: null,
    autosave: { state: 'idle' },
    carried: null,
    past: [],
    future: [],
    editor: null,
    selected: null,
    tester: '',
    revision: 0,
    pulling: false,
    pullError: null,

    setHarborVersion(version) {
      const index = ctx.get().snapshots.current?.index;
      const override = version === null || version.trim() === '' ? null : version.trim();
      ctx.patch('rules', (s) => ({ ...(index ? harborSettingOf(index, override) : { harborVersionOverride: override }), revision: s.revision + 1 }));
    },

    loadFromSnapshot(index) {
      const r = ctx.get().rules;
      const sameProject = r.scope === null ? -1 : index.projects.findIndex((_, p) => sameScope(scopeOf(index, p), r.scope));
      if (sameProject < 0) {
        // A version to judge as is the admin's word on one registry: another registry's snapshot is judged
        // as the version it recorded (else a demo judged as 2.10 opened a 2.15 registry's tags as 2.10).
        if (r.scope !== null && r.scope.registry !== scopeOf(index, 0).registry) ctx.patch('rules', { harborVersionOverride: null });
        enterScope(index, pickProject(index));
        return;
      }
      // Another snapshot of the same registry and project (a re-fetch): the draft and its history stay;
      // the recorded rules are the new snapshot's, and a live reading older than it is dropped.
      const recorded = index.projects[sameProject]!.rules != null ? fetchTimeRules(index.projects[sameProject]) : null;
      const live = r.live !== null && Date.parse(r.live.at) > Date.parse(index.meta.fetchedAt) ? r.live : null;
      ctx.patch('rules', (s) => ({
        projectIndex: sameProject,
        projectNames: index.projects.map((p) => p.name),
        ...harborSettingOf(index, ctx.get().rules.harborVersionOverride),
        recorded,
        live,
        server: baseOf(live, recorded),
        editor: null,
        selected: null,
        revision: s.revision + 1,
        pullError: null,
      }));
    },

    setProject(projectIndex) {
      const r = ctx.get().rules;
      const index = ctx.get().snapshots.current?.index;
      if (!index || projectIndex === r.projectIndex || projectIndex < 0 || projectIndex >= index.projects.length) return;
      enterScope(index, projectIndex);
    },

    startAdd() {
      ctx.patch('rules', (r) => ({ editor: { index: null, form: { ...NEW_RULE_FORM } }, revision: r.revision + 1 }));
    },
    startEdit(index) {
      const rule = ctx.get().rules.draft[index];
      if (!rule) return;
      ctx.patch('rules', (r) => ({ editor: { index, form: formFromRule(rule.rule) }, selected: index, revision: r.revision + 1 }));
    },
    updateForm(patch) {
      ctx.patch('rules', (r) => (r.editor ? { editor: { ...r.editor, form: { ...r.editor.form, ...patch } }, revision: r.revision + 1 } : {}));
    },
    cancelEdit() {
      ctx.patch('rules', (r) => (r.editor ? { editor: null, revision: r.revision + 1 } : {}));
    },
    commitEdit() {
      const r = ctx.get().rules;
      const editor = r.editor;
      if (editor === null) return false;
      if (editorProblems(r).length > 0) return false;
      if (editor.index === null) {
        const rule = ruleFromForm({ ...editor.form, id: null });
        commit([...r.draft, { key: nextKey++, label: newRuleLabel(r.nextLabel), rule }], { editor: null, selected: r.draft.length, nextLabel: r.nextLabel + 1 });
        return true;
      }
      const existing = r.draft[editor.index]!;
      if (sameForm(formFromRule(existing.rule), editor.form)) {
        ctx.patch('rules', (s) => ({ editor: null, revision: s.revision + 1 }));
        return true;
      }
      const rule = ruleFromForm({ ...editor.form, id: existing.rule.id });
      commit(r.draft.map((d, i) => (i === editor.index ? { ...d, rule } : d)), { editor: null });
      return true;
    },
    duplicate(index) {
      const label = newRuleLabel(ctx.get().rules.nextLabel);
      structural(
        (draft) => {
          const source = draft[index];
          if (!source) return null;
          const copy: DraftRule = { key: nextKey++, label, rule: { ...source.rule, id: null } };
          return [...draft.slice(0, index + 1), copy, ...draft.slice(index + 1)];
        },
        () => ({ selected: index + 1, nextLabel: ctx.get().rules.nextLabel + 1 }),
      );
    },
    toggle(index) {
      structural((draft) => (draft[index] ? draft.map((d, i) => (i === index ? { ...d, rule: { ...d.rule, disabled: !d.rule.disabled } } : d)) : null));
    },
    remove(index) {
      structural(
        (draft) => (draft[index] ? draft.filter((_, i) => i !== index) : null),
        (next) => ({ selected: next.length === 0 ? null : Math.min(index, next.length - 1) }),
      );
    },
    move(index, delta) {
      const to = index + delta;
      const before = ctx.get().rules.draft;
      structural(
        (draft) => {
          if (!draft[index] || to < 0 || to >= draft.length) return null;
          const next = [...draft];
          const [item] = next.splice(index, 1);
          next.splice(to, 0, item!);
          return next;
        },
        () => ({ selected: to }),
      );
      const moved = ctx.get().rules.draft[to];
      if (ctx.get().rules.draft !== before && moved && moved.rule.id !== null) {
        ctx.get().ui.notify('info', `${moved.label} moved in the list only: Harbor evaluates rules by id, so ${moved.label} is still evaluated in its place by id. New rules are created (and evaluated) in list order, after the existing ones.`);
      }
    },
    applyPreset(id, mode) {
      const preset = presetById(id);
      if (preset) ctx.get().rules.applyPresetRules(preset.title, preset.rules(), mode);
    },
    applyPresetRules(title, rules, mode) {
      // Harbor refuses (409) a rule identical to one it has: adding a preset twice adds nothing the second time.
      const present = new Set(ctx.get().rules.draft.map((d) => storedBlobKey(d.rule)));
      const fresh = mode === 'replace' ? rules : rules.filter((rule) => !present.has(storedBlobKey(rule)));
      if (fresh.length === 0) {
        ctx.get().ui.notify('info', `Preset "${title}" is already in the draft: nothing was added.`);
        return;
      }
      const added = wrap(fresh);
      structural((draft) => (mode === 'replace' ? added.draft : [...draft, ...added.draft]), () => ({ nextLabel: added.nextLabel }));
      const skipped = rules.length - fresh.length;
      ctx.get().ui.notify(
        'info',
        `Preset "${title}" ${mode === 'replace' ? 'replaced the draft' : 'was added to the draft'}${skipped > 0 ? ` (${plural(skipped, 'rule')} of it already there)` : ''}. Undo brings the previous rules back.`,
      );
    },
    replaceDraft(rules) {
      const wrapped = wrap(rules, ctx.get().rules.draft);
      structural(() => wrapped.draft, () => ({ selected: null, nextLabel: wrapped.nextLabel }));
    },
    resetTo(which) {
      const r = ctx.get().rules;
      const rules = which === 'live' ? r.live?.rules : r.recorded;
      if (!rules) return;
      const wrapped = wrap(rules, r.draft);
      structural(() => wrapped.draft, () => ({ selected: null, nextLabel: wrapped.nextLabel }));
    },
    setLive(rules, connectionId) {
      const live: LiveRules = { rules, connectionId, at: new Date(ctx.options.now()).toISOString() };
      ctx.patch('rules', (s) => ({ live, server: baseOf(live, s.recorded), revision: s.revision + 1 }));
    },
    carryRules() {
      const r = ctx.get().rules;
      if (r.scope === null || r.draft.length === 0) return;
      const rules = draftRules(r.draft).map((rule) => ({ ...rule, id: null, projectId: undefined }));
      ctx.patch('rules', { carried: { from: r.scope, rules } });
      ctx.get().ui.notify(
        'info',
        `Copied ${plural(rules.length, 'rule')} of ${scopeText(r.scope)} without their ids. Open a snapshot of the other project and choose "Use the copied rules" in Rules.`,
      );
    },
    useCarried() {
      const r = ctx.get().rules;
      if (r.carried === null) return;
      const wrapped = wrap(r.carried.rules);
      structural(() => wrapped.draft, () => ({ selected: null, nextLabel: wrapped.nextLabel, carried: null }));
    },
    dropCarried() {
      ctx.patch('rules', { carried: null });
    },
    undo() {
      const r = ctx.get().rules;
      const previous = r.past.at(-1);
      if (!previous) return;
      ctx.patch('rules', (s) => ({ draft: previous, past: s.past.slice(0, -1), future: [s.draft, ...s.future], editor: null, revision: s.revision + 1 }));
    },
    redo() {
      const r = ctx.get().rules;
      const next = r.future[0];
      if (!next) return;
      ctx.patch('rules', (s) => ({ draft: next, past: [...s.past, s.draft], future: s.future.slice(1), editor: null, revision: s.revision + 1 }));
    },
    select(index) {
      ctx.patch('rules', { selected: index });
    },
    setTester(text) {
      ctx.patch('rules', { tester: text });
    },
    async pull(connectionId, secret, mode = 'auto') {
      const r = ctx.get().rules;
      const scope = r.scope;
      if (scope === null || scope.project === '') {
        ctx.patch('rules', { pullError: { code: 'bad-input', message: 'This snapshot has no Harbor project to pull rules for.' } });
        return false;
      }
      const connection = ctx.get().connections.list.find((c) => c.id === connectionId);
      if (connection && registryAddress(connection.url) !== scope.registry) {
        ctx.patch('rules', {
          pullError: { code: 'bad-input', message: `${connection.name} is ${registryAddress(connection.url)}, but this draft is of ${scopeText(scope)}: its live rules are another server's` },
        });
        return false;
      }
      const quiet = mode === 'quiet';
      if (!quiet) ctx.patch('rules', { pulling: true, pullError: null });
      try {
        const rules = parseWireRules(await ctx.api.pullRules({ ...connectionRef(connectionId, secret), project: scope.project }));
        if (!sameScope(ctx.get().rules.scope, scope)) {
          if (!quiet) ctx.patch('rules', { pulling: false });
          return false;
        }
        const dirty = mode !== 'replace' && isDirty(ctx.get().rules);
        const changed = rulesKey(rules) !== rulesKey(ctx.get().rules.server.rules);
        ctx.get().rules.setLive(rules, connectionId);
        if (dirty) {
          if (!quiet) {
            ctx.patch('rules', { pulling: false });
            ctx.get().ui.notify('info', `Live rules of ${scope.project} loaded (${rules.length}). Your edited draft was kept; "Reset to the live rules" starts from them.`);
          }
        } else {
          // An untouched draft follows the server: it must not quietly carry the old rules back.
          const wrapped = wrap(rules, ctx.get().rules.draft);
          commit(wrapped.draft, { editor: null, selected: null, nextLabel: wrapped.nextLabel, ...(quiet ? {} : { pulling: false }) });
          if (!quiet) ctx.get().ui.notify('success', `Live rules of ${scope.project} loaded (${rules.length}).`);
          else if (changed) ctx.get().ui.notify('info', `The rules of ${scope.project} changed on the server since this snapshot: the draft now starts from the live rules (see Rules).`);
        }
        if (secret) void ctx.get().connections.refresh();
        return true;
      } catch (error) {
        if (!quiet) ctx.patch('rules', { pulling: false, pullError: toErrorData(error) });
        return false;
      }
    },
    async checkLive() {
      const { rules, connections, snapshots } = ctx.get();
      const scope = rules.scope;
      if (scope === null || scope.project === '' || snapshots.current?.index.meta.registry.kind !== 'harbor') return;
      // Only a connection that can answer without asking for a secret: this runs unasked.
      const connection = connections.list.find((c) => registryAddress(c.url) === scope.registry && c.kind !== 'oci' && (c.username === null || c.hasSecret));
      if (connection) await ctx.get().rules.pull(connection.id, undefined, 'quiet');
    },
    rebaseOnLive() {
      const r = ctx.get().rules;
      if (r.live === null || r.recorded === null) return;
      const wrapped = wrap(rebaseDraft(r.recorded, draftRules(r.draft), r.live.rules), r.draft);
      structural(() => wrapped.draft, () => ({ selected: null, nextLabel: wrapped.nextLabel }));
    },
  };
}

function safeParse(rules: unknown): ImmutableRule[] | null {
  try {
    return parseWireRules(rules);
  } catch {
    return null;
  }
}

/** The draft as saved for a restart. */
export function savedDraftOf(rules: Pick<RulesSlice, 'draft' | 'nextLabel'>) {
  return { rules: toWireRules(draftRules(rules.draft)), labels: rules.draft.map((d) => d.label), nextLabel: rules.nextLabel };
}
