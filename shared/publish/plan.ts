// Runs anywhere (pure).
/**
 * The plan of a publish: the calls that turn the rules on the server into the desired list, in an order
 * that never lets protection lapse. Desired rules pair with server rules by id, then (for rules without
 * a usable id) by content, so a list without ids converges instead of piling up copies.
 *
 * Order: create (Harbor creates enabled) -> enable -> edit -> disable -> delete. Replacements exist
 * before what they replace goes; a rule meant to be disabled is created, then disabled.
 */
import { badInput } from '../errors.js';
import type { ImmutableRule } from '../rules/model.js';
import { ruleLabel } from '../rules/model.js';
import { storedBlobKey } from '../rules/wire.js';

export type PlanStep =
  | { kind: 'create'; rule: ImmutableRule; desiredIndex: number; thenDisable: boolean }
  | { kind: 'enable'; id: number; rule: ImmutableRule }
  | { kind: 'edit'; id: number; from: ImmutableRule; to: ImmutableRule }
  | { kind: 'disable'; id: number; rule: ImmutableRule }
  | { kind: 'delete'; id: number; rule: ImmutableRule };

export interface RulePlan {
  steps: PlanStep[];
  /** What the server had when planned: apply refuses if it changed meanwhile. */
  remoteFingerprint: string;
  /** Server ids that already match their desired rule. */
  unchanged: number[];
  notes: string[];
}

const STEP_ORDER: Record<PlanStep['kind'], number> = { create: 0, enable: 1, edit: 2, disable: 3, delete: 4 };

/** A rule's content as the server stores it, whatever its enabled state. */
export function contentKey(rule: ImmutableRule): string {
  return storedBlobKey({ ...rule, disabled: false });
}

/** Order-independent identity of a server rule list. */
export function rulesFingerprint(rules: readonly ImmutableRule[]): string {
  const sorted = [...rules].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  return JSON.stringify(sorted.map((rule) => [rule.id, rule.disabled, contentKey(rule)]));
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
  const remoteById = new Map(remote.filter((r) => r.id !== null).map((r) => [r.id!, r]));
  const claimed = new Set<number>();
  const pairs: { desired: ImmutableRule; index: number; remote: ImmutableRule }[] = [];
  const unmatched: { rule: ImmutableRule; index: number }[] = [];

  desired.forEach((rule, index) => {
    const byId = rule.id !== null ? remoteById.get(rule.id) : undefined;
    if (byId && !claimed.has(byId.id!)) {
      claimed.add(byId.id!);
      pairs.push({ desired: rule, index, remote: byId });
    } else {
      if (rule.id !== null) notes.push(`rule ${rule.id} is not on the server (deleted meanwhile?): it will be created anew with a new id.`);
      unmatched.push({ rule, index });
    }
  });
  for (const { rule, index } of [...unmatched]) {
    const twin = remote.find((r) => r.id !== null && !claimed.has(r.id) && contentKey(r) === contentKey(rule));
    if (twin) {
      claimed.add(twin.id!);
      pairs.push({ desired: rule, index, remote: twin });
      unmatched.splice(unmatched.findIndex((u) => u.index === index), 1);
    }
  }

  const steps: PlanStep[] = [];
  const unchanged: number[] = [];
  for (const { rule, index } of unmatched) steps.push({ kind: 'create', rule: { ...rule, id: null }, desiredIndex: index, thenDisable: rule.disabled });
  for (const pair of pairs) {
    const id = pair.remote.id!;
    const contentChanged = contentKey(pair.desired) !== contentKey(pair.remote);
    if (contentChanged) steps.push({ kind: 'edit', id, from: pair.remote, to: { ...pair.desired, id } });
    if (pair.desired.disabled !== pair.remote.disabled) steps.push({ kind: pair.desired.disabled ? 'disable' : 'enable', id, rule: { ...pair.desired, id } });
    if (!contentChanged && pair.desired.disabled === pair.remote.disabled) unchanged.push(id);
  }
  for (const rule of remote) if (rule.id !== null && !claimed.has(rule.id)) steps.push({ kind: 'delete', id: rule.id, rule });
  steps.sort((a, b) => STEP_ORDER[a.kind] - STEP_ORDER[b.kind]);
  return { steps, remoteFingerprint: rulesFingerprint(remote), unchanged, notes };
}

/** One line per step, for people. */
export function describeStep(step: PlanStep): string {
  const show = (rule: ImmutableRule) => {
    const repository = rule.repositorySelectors[0];
    const tag = rule.tagSelectors[0];
    return `repositories ${repository?.decoration ?? '?'} ${JSON.stringify(repository?.pattern ?? '')}, tags ${tag?.decoration ?? '?'} ${JSON.stringify(tag?.pattern ?? '')}`;
  };
  switch (step.kind) {
    case 'create':
      return `create rule (${show(step.rule)})${step.thenDisable ? ', then disable it (Harbor creates rules enabled)' : ''}`;
    case 'enable':
      return `enable rule ${step.id} (${show(step.rule)})`;
    case 'edit':
      return `edit rule ${step.id}: (${show(step.from)}) -> (${show(step.to)})`;
    case 'disable':
      return `disable rule ${step.id} (${show(step.rule)})`;
    case 'delete':
      return `delete rule ${step.id} (${show(step.rule)})`;
  }
}
