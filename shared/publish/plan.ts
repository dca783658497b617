// Runs anywhere (pure).
/**
 * The plan of a publish: the calls that turn the rules on the server into the desired list, in an order
 * that never lets protection lapse (for rules that evaluate without error: see `phaseOf`).
 *
 * Pairing: desired rules pair with server rules by id, then (for rules without a usable id) by content,
 * so a list without ids converges instead of piling up copies. Harbor refuses a second rule with the
 * content of an existing one (409), so a desired rule whose content some server rule already holds is
 * paired with that rule, even when the draft meant to edit that rule into something else: the edited
 * content is then created as a new rule instead (see `resolveCollisions`).
 */
import { badInput } from '../errors.js';
import type { ImmutableRule, Selector } from '../rules/model.js';
import { SELECTOR_KIND, ruleLabel, selectorsText } from '../rules/model.js';
import { storedBlobKey } from '../rules/wire.js';

export type PlanStep =
  | { kind: 'create'; rule: ImmutableRule; desiredIndex: number; thenDisable: boolean }
  /** A temporary copy of rule `id`'s current content, holding its protection while it is edited. */
  | { kind: 'guard'; id: number; rule: ImmutableRule }
  | { kind: 'enable'; id: number; rule: ImmutableRule }
  /** `storedDisabled`: the flag the rule has on the server when the edit is sent (Harbor drops an edit sent with another). */
  | { kind: 'edit'; id: number; from: ImmutableRule; to: ImmutableRule; storedDisabled: boolean }
  | { kind: 'disable'; id: number; rule: ImmutableRule }
  | { kind: 'delete'; id: number; rule: ImmutableRule }
  /** Removes the guard of rule `id` once every edit is done; `guardId` when the guard already exists. */
  | { kind: 'unguard'; id: number; rule: ImmutableRule; guardId?: number };

/** How a step ended: `unknown` when the server could not be read to tell. */
export type StepStatus = 'done' | 'failed' | 'not-attempted' | 'unknown';

export interface RulePlan {
  steps: PlanStep[];
  /** What the server had when planned: apply refuses if it changed meanwhile. */
  remoteFingerprint: string;
  /** Server ids that already match their desired rule. */
  unchanged: number[];
  notes: string[];
}

/** A rule's content as the server stores it, whatever its enabled state. */
export function contentKey(rule: ImmutableRule): string {
  return storedBlobKey({ ...rule, disabled: false });
}

/** Order-independent identity of a server rule list. */
export function rulesFingerprint(rules: readonly ImmutableRule[]): string {
  const sorted = [...rules].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  return JSON.stringify(sorted.map((rule) => [rule.id, rule.disabled, contentKey(rule)]));
}

/**
 * The pattern of the second tag selector that marks a guard. Harbor matches with the first tag selector
 * only (spec §1), so a guard decides exactly as the rule it copies, while its stored content differs
 * (no 409) and says what it is to anyone who sees it in Harbor's UI.
 */
export const GUARD_MARK_PREFIX = 'taglock-guard-of-rule-';

export function guardOf(rule: ImmutableRule & { id: number }): ImmutableRule {
  const mark: Selector = { kind: SELECTOR_KIND, decoration: 'matches', pattern: `${GUARD_MARK_PREFIX}${rule.id}` };
  return { ...rule, id: null, disabled: false, tagSelectors: [...rule.tagSelectors, mark] };
}

interface Pair {
  desired: ImmutableRule;
  index: number;
  remote: ImmutableRule & { id: number };
}

/**
 * Phases, in order. Adding protection comes first (creates, guards, enables), removing it last (disables,
 * deletes). An edit of a disabled rule has no effect on protection, so a rule that is edited and enabled
 * is edited while still disabled, then enabled; one that is edited and disabled is disabled, then edited.
 * Edits of rules enabled before and after run in the middle; when there are several, each first gets a
 * guard, because one edit can drop what another only adds later (two rules swapping patterns).
 */
const PHASE: Record<PlanStep['kind'] | 'edit-disabled' | 'edit-after-disable', number> = {
  create: 0,
  guard: 1,
  'edit-disabled': 2,
  enable: 3,
  edit: 4,
  disable: 5,
  'edit-after-disable': 6,
  delete: 7,
  unguard: 8,
};

function phaseOf(step: PlanStep): number {
  if (step.kind !== 'edit') return PHASE[step.kind];
  if (step.from.disabled) return PHASE['edit-disabled'];
  return step.to.disabled ? PHASE['edit-after-disable'] : PHASE.edit;
}

export function planRules(desired: readonly ImmutableRule[], remote: readonly ImmutableRule[]): RulePlan {
  const seen = new Map<string, number>();
  desired.forEach((rule, index) => {
    const key = contentKey(rule);
    const other = seen.get(key);
    if (other !== undefined) {
      throw badInput(`${ruleLabel(rule, index)} is identical to ${ruleLabel(desired[other]!, other)}: Harbor refuses the second copy (409). Remove one.`);
    }
    seen.set(key, index);
  });

  const notes: string[] = [];
  const { pairs, unmatched } = pairRules(desired, remote, notes);

  const steps: PlanStep[] = [];
  const unchanged: number[] = [];
  for (const { rule, index } of unmatched) steps.push({ kind: 'create', rule: { ...rule, id: null }, desiredIndex: index, thenDisable: rule.disabled });
  for (const pair of pairs) {
    const id = pair.remote.id;
    const to = { ...pair.desired, id };
    const contentChanged = contentKey(pair.desired) !== contentKey(pair.remote);
    const flagChanged = pair.desired.disabled !== pair.remote.disabled;
    if (contentChanged) {
      // Sent while the rule is disabled whenever either side disables it (see PHASE).
      const storedDisabled = pair.remote.disabled || pair.desired.disabled;
      steps.push({ kind: 'edit', id, from: pair.remote, to, storedDisabled });
    }
    if (flagChanged) steps.push({ kind: pair.desired.disabled ? 'disable' : 'enable', id, rule: to });
    if (!contentChanged && !flagChanged) unchanged.push(id);
  }
  const claimed = new Set(pairs.map((p) => p.remote.id));
  const liveEdits = steps.filter((s): s is Extract<PlanStep, { kind: 'edit' }> => s.kind === 'edit' && phaseOf(s) === PHASE.edit);
  if (liveEdits.length > 1) {
    for (const edit of liveEdits) {
      if (edit.from.tagSelectors.length === 0) continue; // a rule without a tag selector protects nothing
      const guard = guardOf({ ...edit.from, id: edit.id });
      // A guard left by an apply that was stopped is used again (creating it twice would be a 409).
      const leftover = remote.find((r) => r.id !== null && !claimed.has(r.id) && contentKey(r) === contentKey(guard));
      if (leftover?.id != null) {
        claimed.add(leftover.id);
        if (leftover.disabled) steps.push({ kind: 'enable', id: leftover.id, rule: { ...guard, id: leftover.id } });
        steps.push({ kind: 'unguard', id: edit.id, rule: guard, guardId: leftover.id });
      } else {
        steps.push({ kind: 'guard', id: edit.id, rule: guard }, { kind: 'unguard', id: edit.id, rule: guard });
      }
    }
  }
  for (const rule of remote) if (rule.id !== null && !claimed.has(rule.id)) steps.push({ kind: 'delete', id: rule.id, rule });
  steps.sort((a, b) => phaseOf(a) - phaseOf(b));
  return { steps, remoteFingerprint: rulesFingerprint(remote), unchanged, notes };
}

function pairRules(desired: readonly ImmutableRule[], remote: readonly ImmutableRule[], notes: string[]): { pairs: Pair[]; unmatched: { rule: ImmutableRule; index: number }[] } {
  const remoteById = new Map(remote.filter((r): r is ImmutableRule & { id: number } => r.id !== null).map((r) => [r.id, r]));
  const pairs: Pair[] = [];
  let unmatched: { rule: ImmutableRule; index: number }[] = [];
  desired.forEach((rule, index) => {
    const byId = rule.id !== null ? remoteById.get(rule.id) : undefined;
    if (byId) {
      pairs.push({ desired: rule, index, remote: byId });
    } else {
      if (rule.id !== null) notes.push(`rule #${rule.id} is not on the server (deleted meanwhile?): it will be created anew with a new id.`);
      unmatched.push({ rule, index });
    }
  });
  unmatched = pairByContent(unmatched, remote, pairs);
  return { pairs, unmatched: resolveCollisions(unmatched, remote, pairs, notes) };
}

/** Unmatched desired rules take an unclaimed server rule of identical content. Returns those left. */
function pairByContent(unmatched: { rule: ImmutableRule; index: number }[], remote: readonly ImmutableRule[], pairs: Pair[]) {
  const left: { rule: ImmutableRule; index: number }[] = [];
  for (const item of unmatched) {
    const claimed = new Set(pairs.map((p) => p.remote.id));
    const twin = remote.find((r): r is ImmutableRule & { id: number } => r.id !== null && !claimed.has(r.id) && contentKey(r) === contentKey(item.rule));
    if (twin) pairs.push({ desired: item.rule, index: item.index, remote: twin });
    else left.push(item);
  }
  return left;
}

/**
 * A rule to create whose content a server rule still holds (because the draft edits that rule into
 * something else) would be refused with 409, and adopting the existing rule instead would then edit
 * the protection away. Pair the new rule with the holder instead (its content stays) and create the
 * edited content as a new rule. Each swap turns a content-changing pair into an identical one, so this
 * ends.
 */
function resolveCollisions(unmatched: { rule: ImmutableRule; index: number }[], remote: readonly ImmutableRule[], pairs: Pair[], notes: string[]) {
  let left = unmatched;
  for (;;) {
    let swapped = false;
    for (const item of left) {
      const holder = pairs.find((p) => contentKey(p.remote) === contentKey(item.rule) && contentKey(p.desired) !== contentKey(p.remote));
      if (!holder) continue;
      notes.push(
        `rule #${holder.remote.id} keeps its current content, which the draft also holds as a new rule; the draft's edit of #${holder.remote.id} ` +
          `is created as a new rule instead (Harbor refuses two rules with the same content), so it is evaluated after the existing rules.`,
      );
      pairs.splice(pairs.indexOf(holder), 1, { desired: item.rule, index: item.index, remote: holder.remote });
      left = pairByContent([...left.filter((u) => u !== item), { rule: { ...holder.desired, id: null }, index: holder.index }], remote, pairs);
      swapped = true;
      break;
    }
    if (!swapped) return left.sort((a, b) => a.index - b.index);
  }
}

/** One line per step, for people. Server rules are named by id (`#4`). */
export function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case 'create':
      return `create a rule (${selectorsText(step.rule)})${step.thenDisable ? ', then disable it (Harbor creates rules enabled)' : ''}`;
    case 'guard':
      return `add a temporary copy of rule #${step.id} that keeps its protection while it is edited`;
    case 'enable':
      return `enable rule #${step.id} (${selectorsText(step.rule)})`;
    case 'edit':
      return `edit rule #${step.id}: (${selectorsText(step.from)}) -> (${selectorsText(step.to)})`;
    case 'disable':
      return `disable rule #${step.id} (${selectorsText(step.rule)})`;
    case 'delete':
      return `delete rule #${step.id} (${selectorsText(step.rule)})`;
    case 'unguard':
      return `remove the temporary copy of rule #${step.id}`;
  }
}
