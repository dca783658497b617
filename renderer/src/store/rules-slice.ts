// Runs in the browser (no DOM needed).
/**
 * The rule draft of one project: Harbor's rule list with undo/redo, the open editor form (whose live
 * preview is simulated while typing), the "server" rules it is compared with (the project's rules at
 * fetch time, or a live pull), and the pattern tester's input.
 */
import { DEFAULT_DIALECT } from '../../../shared/glob/dialect.js';
import type { RuleForm } from '../../../shared/rules/editor-form.js';
import { formFromRule, formProblems, ruleFromForm } from '../../../shared/rules/editor-form.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { presetById } from '../../../shared/rules/presets.js';
import { parseWireRules, toWireRules } from '../../../shared/rules/wire.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { fetchTimeRules } from '../sim/compute.js';
import { toErrorData } from '../view/format.js';
import { connectionRef } from './connections-slice.js';
import type { DraftRule, RuleEditor, RulesSlice, ServerRules, SliceContext } from './types.js';

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

/** Canonical text of a rule list: two lists with the same text are the same to the server. */
export function rulesKey(rules: readonly ImmutableRule[]): string {
  return JSON.stringify(toWireRules(rules));
}

export function draftRules(draft: readonly DraftRule[]): ImmutableRule[] {
  return draft.map((d) => d.rule);
}

/** The draft differs from the server rules. */
export function isDirty(rules: Pick<RulesSlice, 'draft' | 'server'>): boolean {
  return rulesKey(draftRules(rules.draft)) !== rulesKey(rules.server.rules);
}

/** Problems Harbor's UI would raise for the open editor (the edited rule itself excluded). */
export function editorProblems(rules: Pick<RulesSlice, 'draft' | 'editor'>) {
  if (rules.editor === null) return [];
  const others = rules.draft.filter((_, i) => i !== rules.editor!.index).map((d) => d.rule);
  return formProblems(rules.editor.form, others);
}

let effectiveCache: { draft: readonly DraftRule[]; editor: RuleEditor | null; rules: ImmutableRule[] } | null = null;

/**
 * The rules to simulate: the draft with the open editor's form applied live (a new rule appended, an
 * edited one replaced), as long as both fields hold something. Memoised on (draft, editor).
 */
export function effectiveRules(rules: Pick<RulesSlice, 'draft' | 'editor'>): ImmutableRule[] {
  if (effectiveCache && effectiveCache.draft === rules.draft && effectiveCache.editor === rules.editor) return effectiveCache.rules;
  const base = draftRules(rules.draft);
  let out = base;
  const editor = rules.editor;
  if (editor !== null) {
    const empty = formProblems(editor.form, []).some((p) => p.code === 'empty-repository' || p.code === 'empty-tag');
    if (!empty) {
      const rule = ruleFromForm(editor.form);
      out = editor.index === null ? [...base, rule] : base.map((r, i) => (i === editor.index ? rule : r));
    }
  }
  effectiveCache = { draft: rules.draft, editor, rules: out };
  return out;
}

/** Whether two forms describe the same rule. */
function sameForm(a: RuleForm, b: RuleForm): boolean {
  return (
    a.disabled === b.disabled &&
    a.repositoryDecoration === b.repositoryDecoration &&
    a.repositoryText === b.repositoryText &&
    a.tagDecoration === b.tagDecoration &&
    a.tagText === b.tagText
  );
}

function pickProject(index: SnapshotIndex): number {
  const withRules = index.projects.findIndex((p) => p.rules !== null && p.name !== '');
  return withRules >= 0 ? withRules : 0;
}

export function createRulesSlice(ctx: SliceContext): RulesSlice {
  let nextKey = 1;
  let serverSeq = 0;
  /** Drafts of other projects of the same snapshot, kept while switching between them. */
  let stash = new Map<string, DraftRule[]>();
  const wrap = (rules: readonly ImmutableRule[]): DraftRule[] => rules.map((rule) => ({ key: nextKey++, rule }));
  const serverOf = (rules: ImmutableRule[], source: ServerRules['source'], connectionId: string | null = null, at: string | null = null): ServerRules => ({
    rules,
    source,
    connectionId,
    at,
    key: `server-${++serverSeq}`,
  });

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

  const projectRules = (index: SnapshotIndex, p: number) => fetchTimeRules(index.projects[p]);

  return {
    projectIndex: 0,
    projectNames: [],
    dialect: DEFAULT_DIALECT,
    server: serverOf([], 'none'),
    draft: [],
    past: [],
    future: [],
    editor: null,
    selected: null,
    tester: '',
    revision: 0,
    pulling: false,
    pullError: null,

    loadFromSnapshot(index) {
      const r = ctx.get().rules;
      const names = index.projects.map((p) => p.name);
      const currentName = r.projectNames[r.projectIndex];
      const keep = r.projectNames.length > 0 && isDirty(r) && currentName !== undefined && names.includes(currentName);
      const projectIndex = keep ? names.indexOf(currentName!) : pickProject(index);
      const serverRules = projectRules(index, projectIndex);
      const known = index.projects[projectIndex]?.rules != null;
      stash = new Map();
      ctx.patch('rules', (s) => ({
        projectIndex,
        projectNames: names,
        dialect: index.meta.registry.dialect,
        server: serverOf(serverRules, known ? 'snapshot' : 'none'),
        draft: keep ? s.draft : wrap(serverRules),
        past: keep ? s.past : [],
        future: keep ? s.future : [],
        editor: null,
        selected: null,
        revision: s.revision + 1,
        pullError: null,
      }));
      if (keep) ctx.get().ui.notify('info', `Your draft rules for project ${currentName} were kept and are now simulated on this snapshot.`);
    },

    setProject(projectIndex) {
      const r = ctx.get().rules;
      const index = ctx.get().snapshots.current?.index;
      if (!index || projectIndex === r.projectIndex || projectIndex < 0 || projectIndex >= index.projects.length) return;
      stash.set(r.projectNames[r.projectIndex] ?? '', r.draft);
      const serverRules = projectRules(index, projectIndex);
      const restored = stash.get(index.projects[projectIndex]!.name);
      ctx.patch('rules', (s) => ({
        projectIndex,
        server: serverOf(serverRules, index.projects[projectIndex]!.rules != null ? 'snapshot' : 'none'),
        draft: restored ?? wrap(serverRules),
        past: [],
        future: [],
        editor: null,
        selected: null,
        revision: s.revision + 1,
        pullError: null,
      }));
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
        commit([...r.draft, { key: nextKey++, rule }], { editor: null, selected: r.draft.length });
        return true;
      }
      const existing = r.draft[editor.index]!;
      if (sameForm(formFromRule(existing.rule), editor.form)) {
        ctx.patch('rules', (s) => ({ editor: null, revision: s.revision + 1 }));
        return true;
      }
      const rule = ruleFromForm({ ...editor.form, id: existing.rule.id });
      commit(r.draft.map((d, i) => (i === editor.index ? { key: d.key, rule } : d)), { editor: null });
      return true;
    },
    duplicate(index) {
      structural(
        (draft) => {
          const source = draft[index];
          if (!source) return null;
          const copy: DraftRule = { key: nextKey++, rule: { ...source.rule, id: null } };
          return [...draft.slice(0, index + 1), copy, ...draft.slice(index + 1)];
        },
        () => ({ selected: index + 1 }),
      );
    },
    toggle(index) {
      structural((draft) =>
        draft[index] ? draft.map((d, i) => (i === index ? { key: d.key, rule: { ...d.rule, disabled: !d.rule.disabled } } : d)) : null,
      );
    },
    remove(index) {
      structural(
        (draft) => (draft[index] ? draft.filter((_, i) => i !== index) : null),
        (next) => ({ selected: next.length === 0 ? null : Math.min(index, next.length - 1) }),
      );
    },
    move(index, delta) {
      const to = index + delta;
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
    },
    applyPreset(id, mode) {
      const preset = presetById(id);
      if (!preset) return;
      structural((draft) => (mode === 'replace' ? wrap(preset.rules()) : [...draft, ...wrap(preset.rules())]));
      ctx.get().ui.notify('info', `Preset "${preset.title}" ${mode === 'replace' ? 'replaced the draft' : 'was added to the draft'}. Undo brings the previous rules back.`);
    },
    replaceDraft(rules) {
      structural(() => wrap(rules), () => ({ selected: null }));
    },
    resetToServer() {
      const server = ctx.get().rules.server.rules;
      structural(() => wrap(server), () => ({ selected: null }));
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
      const project = r.projectNames[r.projectIndex];
      if (project === undefined || project === '') {
        ctx.patch('rules', { pullError: { code: 'bad-input', message: 'This snapshot has no Harbor project to pull rules for.' } });
        return false;
      }
      ctx.patch('rules', { pulling: true, pullError: null });
      try {
        const wire = await ctx.api.pullRules({ ...connectionRef(connectionId, secret), project });
        const rules = parseWireRules(wire);
        const current = ctx.get().rules;
        if (current.projectNames[current.projectIndex] !== project) {
          ctx.patch('rules', { pulling: false });
          return false;
        }
        const dirty = mode === 'auto' && isDirty(current);
        const server = serverOf(rules, 'live', connectionId, new Date(ctx.options.now()).toISOString());
        if (dirty) {
          ctx.patch('rules', (s) => ({ server, pulling: false, revision: s.revision + 1 }));
          ctx.get().ui.notify('info', `Live rules of ${project} loaded (${rules.length}). Your edited draft was kept; "Reset to server rules" starts from the live ones.`);
        } else {
          commit(wrap(rules), { server, pulling: false, editor: null, selected: null });
          ctx.get().ui.notify('success', `Live rules of ${project} loaded (${rules.length}).`);
        }
        if (secret) void ctx.get().connections.refresh();
        return true;
      } catch (error) {
        ctx.patch('rules', { pulling: false, pullError: toErrorData(error) });
        return false;
      }
    },
  };
}
