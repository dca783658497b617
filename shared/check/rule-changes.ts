// Runs anywhere (pure).
/**
 * What a change does to a rule list, rule by rule: rules pair by id where both sides have one, then by
 * content (a configuration usually has no ids), and what is left is added or removed.
 */
import type { ImmutableRule } from '../rules/model.js';
import { storedBlobKey } from '../rules/wire.js';

/** `afterIndex`: the rule's position in the proposed list (to name it as its source does). */
export type RuleChange =
  | { kind: 'added'; after: ImmutableRule; afterIndex: number }
  | { kind: 'removed'; before: ImmutableRule }
  /** Same rule (by id), other content or other enabled state. */
  | { kind: 'changed'; before: ImmutableRule; after: ImmutableRule; afterIndex: number };

function contentKey(rule: ImmutableRule): string {
  return `${rule.disabled}|${storedBlobKey({ ...rule, disabled: false })}`;
}

export function ruleChanges(base: readonly ImmutableRule[], proposed: readonly ImmutableRule[]): RuleChange[] {
  const changes: RuleChange[] = [];
  const unmatchedBase = new Set(base);
  const unmatchedProposed: { rule: ImmutableRule; index: number }[] = [];
  proposed.forEach((rule, index) => {
    const twin = rule.id === null ? undefined : base.find((b) => b.id === rule.id && unmatchedBase.has(b));
    if (twin) {
      unmatchedBase.delete(twin);
      if (contentKey(twin) !== contentKey(rule)) changes.push({ kind: 'changed', before: twin, after: rule, afterIndex: index });
    } else {
      unmatchedProposed.push({ rule, index });
    }
  });
  for (const { rule, index } of unmatchedProposed) {
    const same = [...unmatchedBase].find((b) => contentKey(b) === contentKey(rule));
    if (same) unmatchedBase.delete(same);
    else changes.push({ kind: 'added', after: rule, afterIndex: index });
  }
  for (const rule of base) if (unmatchedBase.has(rule)) changes.push({ kind: 'removed', before: rule });
  return changes;
}
