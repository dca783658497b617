// Runs in the browser (pure, no DOM).
/**
 * Reading the rules slice: the draft as rules, whether it has unpublished changes, how the three states
 * (live server rules, rules recorded in the snapshot, the draft) relate, and the rules to simulate.
 */
import type { RuleForm } from '../../../shared/rules/editor-form.js';
import { formProblems, ruleFromForm } from '../../../shared/rules/editor-form.js';
import type { ServerChange } from '../../../shared/publish/drift.js';
import { serverChanges } from '../../../shared/publish/drift.js';
import { rulesFingerprint } from '../../../shared/publish/plan.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { toWireRules } from '../../../shared/rules/wire.js';
import { newRuleLabel } from './rule-labels.js';
import type { DraftRule, RuleEditor, RulesSlice } from './types.js';

/** Canonical text of a rule list: two lists with the same text are the same to the server. */
export function rulesKey(rules: readonly ImmutableRule[]): string {
  return JSON.stringify(toWireRules(rules));
}

export function draftRules(draft: readonly DraftRule[]): ImmutableRule[] {
  return draft.map((d) => d.rule);
}

/** The draft differs from what it is compared with (the live rules when known, else the snapshot's): unpublished changes. */
export function isDirty(rules: Pick<RulesSlice, 'draft' | 'server'>): boolean {
  return rulesKey(draftRules(rules.draft)) !== rulesKey(rules.server.rules);
}

/**
 * How the live rules differ from those recorded in the snapshot (rule by rule), or null when they do
 * not, or either is unknown. Order does not count: Harbor evaluates by id.
 */
export function liveChangesSinceSnapshot(rules: Pick<RulesSlice, 'live' | 'recorded'>): ServerChange[] | null {
  if (rules.live === null || rules.recorded === null) return null;
  if (rulesFingerprint(rules.live.rules) === rulesFingerprint(rules.recorded)) return null;
  return serverChanges(rules.recorded, rules.live.rules);
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

/** The stable label of the rule at a position of the effective rules (a rule being added gets the next letter). */
export function labelAt(rules: Pick<RulesSlice, 'draft' | 'nextLabel'>, index: number): string {
  return rules.draft[index]?.label ?? newRuleLabel(rules.nextLabel + Math.max(0, index - rules.draft.length));
}

/** Whether two forms describe the same rule. */
export function sameForm(a: RuleForm, b: RuleForm): boolean {
  return (
    a.disabled === b.disabled &&
    a.repositoryDecoration === b.repositoryDecoration &&
    a.repositoryText === b.repositoryText &&
    a.tagDecoration === b.tagDecoration &&
    a.tagText === b.tagText
  );
}
