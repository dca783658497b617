// Runs anywhere (pure).
/**
 * Drift: the server's rules changed between a plan and its apply (someone else edited them). Three
 * readings of one project's rules meet here, paired by server id:
 *   base  the server's rules the plan was made on,
 *   draft the rules the plan would publish,
 *   live  the server's rules now.
 * `serverChanges` lists what the other writer did (base -> live), `rebaseDraft` re-applies the draft on
 * top of it (a three-way merge), and `overwriteReverts` names what publishing the draft unchanged would
 * undo, so an overwrite can say so before it happens.
 */
import type { ImmutableRule } from '../rules/model.js';
import { selectorsText } from '../rules/model.js';
import { contentKey } from './plan.js';

type ServerRule = ImmutableRule & { id: number };

export type ServerChange =
  | { kind: 'added'; rule: ServerRule }
  | { kind: 'deleted'; rule: ServerRule }
  | { kind: 'edited'; id: number; from: ImmutableRule; to: ImmutableRule }
  | { kind: 'enabled' | 'disabled'; id: number; rule: ImmutableRule };

const hasId = (rule: ImmutableRule): rule is ServerRule => rule.id !== null;

function byId(rules: readonly ImmutableRule[]): Map<number, ServerRule> {
  return new Map(rules.filter(hasId).map((rule) => [rule.id, rule]));
}

/** What changed on the server from `base` to `live`, by id ascending; an edit and a toggle of one rule are two changes. */
export function serverChanges(base: readonly ImmutableRule[], live: readonly ImmutableRule[]): ServerChange[] {
  const before = byId(base);
  const after = byId(live);
  const changes: ServerChange[] = [];
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b)) {
    const from = before.get(id);
    const to = after.get(id);
    if (from === undefined) changes.push({ kind: 'added', rule: to! });
    else if (to === undefined) changes.push({ kind: 'deleted', rule: from });
    else {
      if (contentKey(from) !== contentKey(to)) changes.push({ kind: 'edited', id, from, to });
      if (from.disabled !== to.disabled) changes.push({ kind: to.disabled ? 'disabled' : 'enabled', id, rule: to });
    }
  }
  return changes;
}

/** The selectors of a rule with the id and flag of another: its content taken over whole. */
function withContentOf(target: ImmutableRule, source: ImmutableRule): ImmutableRule {
  return { ...source, id: target.id, disabled: target.disabled };
}

/**
 * The draft re-applied on top of the live rules. Per server rule the draft kept from `base`:
 * - what the draft did not touch takes the live version (content and enabled flag judged apart, so a
 *   draft that only disabled a rule keeps the other writer's new pattern);
 * - what the draft changed keeps the draft's version;
 * - a rule the server deleted and the draft did not touch stays deleted.
 * Rules the draft deleted stay deleted, new draft rules (no id) stay, and rules added on the server are
 * kept, after the draft's rules in id order (Harbor evaluates by id, so their place in the list does
 * not change what they do). Draft rules are returned as the same objects where nothing changed.
 */
export function rebaseDraft(base: readonly ImmutableRule[], draft: readonly ImmutableRule[], live: readonly ImmutableRule[]): ImmutableRule[] {
  const before = byId(base);
  const after = byId(live);
  const out: ImmutableRule[] = [];
  for (const rule of draft) {
    const original = rule.id === null ? undefined : before.get(rule.id);
    if (original === undefined) {
      out.push(rule);
      continue;
    }
    const now = after.get(original.id);
    const contentTouched = contentKey(rule) !== contentKey(original);
    const flagTouched = rule.disabled !== original.disabled;
    if (now === undefined) {
      if (contentTouched || flagTouched) out.push(rule);
      continue;
    }
    let merged = contentTouched ? rule : withContentOf(rule, now);
    if (!flagTouched && merged.disabled !== now.disabled) merged = { ...merged, disabled: now.disabled };
    out.push(merged.disabled === rule.disabled && contentKey(merged) === contentKey(rule) ? rule : merged);
  }
  const added = [...after.values()].filter((rule) => !before.has(rule.id)).sort((a, b) => a.id - b.id);
  return [...out, ...added];
}

/**
 * The server changes that publishing `draft` over `live` as it stands would undo: an added rule the
 * draft does not hold is deleted, a deleted one the draft still holds is created again, an edit or a
 * toggle the draft does not share is set back (or dropped with the rule, when the draft deleted it).
 */
export function overwriteReverts(base: readonly ImmutableRule[], draft: readonly ImmutableRule[], live: readonly ImmutableRule[]): ServerChange[] {
  const drafted = byId(draft);
  const newContents = new Set(draft.filter((rule) => rule.id === null).map(contentKey));
  return serverChanges(base, live).filter((change) => {
    switch (change.kind) {
      case 'added':
        // A publish adopts a server rule whose content a new draft rule holds (see plan.ts, pairing).
        return !drafted.has(change.rule.id) && !newContents.has(contentKey(change.rule));
      case 'deleted':
        return drafted.has(change.rule.id);
      case 'edited': {
        const mine = drafted.get(change.id);
        return mine === undefined || contentKey(mine) !== contentKey(change.to);
      }
      case 'enabled':
      case 'disabled': {
        const mine = drafted.get(change.id);
        return mine === undefined || mine.disabled !== change.rule.disabled;
      }
    }
  });
}

export { selectorsText } from '../rules/model.js';

/** What the other writer did, in one line. */
export function describeServerChange(change: ServerChange): string {
  switch (change.kind) {
    case 'added':
      return `rule #${change.rule.id} was added (${selectorsText(change.rule)})`;
    case 'deleted':
      return `rule #${change.rule.id} was deleted (${selectorsText(change.rule)})`;
    case 'edited':
      return `rule #${change.id} was edited: (${selectorsText(change.from)}) -> (${selectorsText(change.to)})`;
    case 'enabled':
    case 'disabled':
      return `rule #${change.id} was ${change.kind} (${selectorsText(change.rule)})`;
  }
}

/** What an overwrite does to one of their changes, in one line. */
export function describeRevert(change: ServerChange, draft: readonly ImmutableRule[]): string {
  const mine = change.kind === 'added' ? undefined : draft.find((rule) => rule.id === (change.kind === 'deleted' ? change.rule.id : change.id));
  switch (change.kind) {
    case 'added':
      return `deletes rule #${change.rule.id}, which was added (${selectorsText(change.rule)})`;
    case 'deleted':
      return `creates rule #${change.rule.id} again under a new id, which was deleted (${selectorsText(change.rule)})`;
    case 'edited':
      return mine === undefined
        ? `deletes rule #${change.id}, which was edited to (${selectorsText(change.to)})`
        : `sets rule #${change.id} back from (${selectorsText(change.to)}) to (${selectorsText(mine)})`;
    case 'enabled':
    case 'disabled':
      return mine === undefined
        ? `deletes rule #${change.id}, which was ${change.kind}`
        : `${change.kind === 'enabled' ? 'disables' : 'enables'} rule #${change.id} again, which was ${change.kind}`;
  }
}
