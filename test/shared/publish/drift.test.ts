import { describe, expect, it } from 'vitest';
import { describeRevert, describeServerChange, overwriteReverts, rebaseDraft, serverChanges } from '../../../shared/publish/drift.js';
import { planRules } from '../../../shared/publish/plan.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { wireRule } from '../../support/snapshots.js';

const ALL: [string, string] = ['repoMatches', '**'];
const rule = (...args: Parameters<typeof wireRule>) => parseWireRules([wireRule(...args)])[0]!;
/** `id:tag-pattern[:off]` per rule, for short assertions. */
const show = (rules: readonly ImmutableRule[]) => rules.map((r) => `${r.id ?? 'new'}:${r.tagSelectors[0]!.pattern}${r.disabled ? ':off' : ''}`);

const base = [rule(1, ALL, ['matches', 'v*']), rule(2, ALL, ['matches', 'stable']), rule(3, ALL, ['matches', 'old-*']), rule(4, ALL, ['matches', 'lts'])];

describe('serverChanges', () => {
  it('lists additions, deletions, edits and toggles by id, an edit and a toggle of one rule apart', () => {
    const live = [rule(1, ALL, ['matches', 'v*']), rule(2, ALL, ['matches', 'stable-*'], true), rule(4, ALL, ['matches', 'lts']), rule(9, ALL, ['matches', 'hotfix-*'])];
    const changes = serverChanges(base, live);
    expect(changes.map((c) => `${c.kind} ${'id' in c ? c.id : c.rule.id}`)).toEqual(['edited 2', 'disabled 2', 'deleted 3', 'added 9']);
    expect(changes.map(describeServerChange)).toEqual([
      'rule #2 was edited: (repositories repoMatches "**", tags matches "stable") -> (repositories repoMatches "**", tags matches "stable-*")',
      'rule #2 was disabled (repositories repoMatches "**", tags matches "stable-*")',
      'rule #3 was deleted (repositories repoMatches "**", tags matches "old-*")',
      'rule #9 was added (repositories repoMatches "**", tags matches "hotfix-*")',
    ]);
  });

  it('is empty when only the order of the list differs (Harbor orders by id)', () => {
    expect(serverChanges(base, [...base].reverse())).toEqual([]);
  });
});

describe('rebaseDraft', () => {
  // The draft edits #1, deletes #2, keeps #3 and #4 untouched and adds a rule.
  const draft = [rule(1, ALL, ['matches', 'v*.*.*']), base[2]!, base[3]!, rule(undefined, ALL, ['matches', 'release-*'])];

  it('keeps the server version of untouched rules, the draft version of changed ones, and rules the server added', () => {
    const live = [rule(1, ALL, ['matches', 'v1*']), base[1]!, rule(3, ALL, ['matches', 'older-*']), rule(7, ALL, ['matches', 'hotfix-*'])];
    // #4 was deleted on the server and the draft did not touch it: it stays deleted.
    expect(show(rebaseDraft(base, draft, live))).toEqual(['1:v*.*.*', '3:older-*', 'new:release-*', '7:hotfix-*']);
  });

  it('keeps a rule the draft changed even when the server deleted it, and leaves rules the draft deleted deleted', () => {
    const live = [rule(2, ALL, ['matches', 'stable-*']), base[2]!, base[3]!];
    // #1 changed by the draft, gone on the server: kept (the plan then creates it anew). #2 was edited
    // on the server, but the draft deleted it: it stays deleted.
    expect(show(rebaseDraft(base, draft, live))).toEqual(['1:v*.*.*', '3:old-*', '4:lts', 'new:release-*']);
  });

  it('merges the content and the enabled flag apart', () => {
    const onlyDisabled = [rule(1, ALL, ['matches', 'v*'], true), ...base.slice(1)];
    const live = [rule(1, ALL, ['matches', 'v2*']), ...base.slice(1, 3), rule(4, ALL, ['matches', 'lts'], true)];
    // The draft disabled #1, the server edited its pattern: both survive. The server disabled #4: taken.
    expect(show(rebaseDraft(base, onlyDisabled, live))).toEqual(['1:v2*:off', '2:stable', '3:old-*', '4:lts:off']);
  });

  it('returns the draft unchanged (the same objects) when the server did not change', () => {
    const rebased = rebaseDraft(base, draft, base);
    expect(rebased).toEqual(draft);
    rebased.forEach((r, i) => expect(r).toBe(draft[i]));
  });

  it('plans only the draft\'s own changes on top of the live rules, so nothing of theirs is reverted', () => {
    const live = [rule(1, ALL, ['matches', 'v*']), rule(2, ALL, ['matches', 'stable']), rule(3, ALL, ['matches', 'older-*']), base[3]!, rule(7, ALL, ['matches', 'hotfix-*'])];
    const rebased = rebaseDraft(base, draft, live);
    expect(overwriteReverts(live, rebased, live)).toEqual([]);
    const kinds = planRules(rebased, live).steps.map((s) => `${s.kind}${'id' in s ? ` ${s.id}` : ''}`);
    // What the draft meant: edit #1, delete #2, add release-*. Nothing about #3 or #7.
    expect(kinds.sort()).toEqual(['create', 'delete 2', 'edit 1']);
  });
});

describe('overwriteReverts', () => {
  it('names every server change the unchanged draft would undo, and only those', () => {
    const draft = [rule(1, ALL, ['matches', 'v*.*.*']), base[1]!, base[2]!, rule(undefined, ALL, ['matches', 'hotfix-*'])];
    const live = [
      rule(1, ALL, ['matches', 'v*.*.*']), // the same edit as the draft: nothing to revert
      rule(2, ALL, ['matches', 'stable-*']), // edited: the draft sets it back
      // #3 deleted: the draft still holds it, so it is created again
      rule(4, ALL, ['matches', 'lts'], true), // disabled, but the draft deleted #4: it goes
      rule(8, ALL, ['matches', 'nightly']), // added: deleted by the overwrite
      rule(9, ALL, ['matches', 'hotfix-*']), // added with the content of a new draft rule: adopted, kept
    ];
    const reverts = overwriteReverts(base, draft, live);
    expect(reverts.map((c) => `${c.kind} ${'id' in c ? c.id : c.rule.id}`)).toEqual(['edited 2', 'deleted 3', 'disabled 4', 'added 8']);
    expect(reverts.map((c) => describeRevert(c, draft))).toEqual([
      'sets rule #2 back from (repositories repoMatches "**", tags matches "stable-*") to (repositories repoMatches "**", tags matches "stable")',
      'creates rule #3 again under a new id, which was deleted (repositories repoMatches "**", tags matches "old-*")',
      'deletes rule #4, which was disabled',
      'deletes rule #8, which was added (repositories repoMatches "**", tags matches "nightly")',
    ]);
  });
});
