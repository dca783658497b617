// Runs anywhere (pure).
/**
 * What changed on the server between two readings of a project's rules (the plan's base and now), rule
 * by rule and paired by id: what an overwrite would revert, and what a re-plan must respect.
 */
import type { ImmutableRule } from '../rules/model.js';
import { contentKey } from './plan.js';

export type ServerChange =
  | { kind: 'added'; rule: ImmutableRule & { id: number } }
  | { kind: 'deleted'; rule: ImmutableRule & { id: number } }
  | { kind: 'edited'; id: number; from: ImmutableRule; to: ImmutableRule }
  | { kind: 'enabled' | 'disabled'; id: number; rule: ImmutableRule };

const withId = (rules: readonly ImmutableRule[]) => rules.filter((r): r is ImmutableRule & { id: number } => r.id !== null);

/** Changes by id ascending; an edit and a toggle of one rule are two changes. */
export function serverChanges(base: readonly ImmutableRule[], live: readonly ImmutableRule[]): ServerChange[] {
  const before = new Map(withId(base).map((r) => [r.id, r]));
  const after = new Map(withId(live).map((r) => [r.id, r]));
  const changes: ServerChange[] = [];
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b)) {
    const from = before.get(id);
    const to = after.get(id);
    if (!from) changes.push({ kind: 'added', rule: to! });
    else if (!to) changes.push({ kind: 'deleted', rule: from });
    else {
      if (contentKey(from) !== contentKey(to)) changes.push({ kind: 'edited', id, from, to });
      if (from.disabled !== to.disabled) changes.push({ kind: to.disabled ? 'disabled' : 'enabled', id, rule: to });
    }
  }
  return changes;
}

function show(rule: ImmutableRule): string {
  const repository = rule.repositorySelectors[0];
  const tag = rule.tagSelectors[0];
  return `repositories ${repository?.decoration ?? '?'} ${JSON.stringify(repository?.pattern ?? '')}, tags ${tag?.decoration ?? '?'} ${JSON.stringify(tag?.pattern ?? '')}`;
}

export function describeServerChange(change: ServerChange): string {
  switch (change.kind) {
    case 'added':
      return `rule #${change.rule.id} was added (${show(change.rule)})`;
    case 'deleted':
      return `rule #${change.rule.id} was deleted (${show(change.rule)})`;
    case 'edited':
      return `rule #${change.id} was edited: (${show(change.from)}) -> (${show(change.to)})`;
    case 'enabled':
    case 'disabled':
      return `rule #${change.id} was ${change.kind} (${show(change.rule)})`;
  }
}
