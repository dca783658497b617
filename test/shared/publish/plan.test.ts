import { describe, expect, it } from 'vitest';
import { describeStep, planRules, rulesFingerprint } from '../../../shared/publish/plan.js';
import { planEffect } from '../../../shared/publish/plan-effect.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

const ALL: [string, string] = ['repoMatches', '**'];
const rules = (...wire: Parameters<typeof wireRule>[]) => parseWireRules(wire.map((w) => wireRule(...w)));

describe('publish plan', () => {
  const remote = rules([1, ALL, ['matches', 'v*']], [2, ['repoMatches', 'base/*'], ['matches', '**']], [3, ALL, ['matches', 'old-*']]);

  it('has nothing to do when the server already has the desired rules', () => {
    const plan = planRules(remote, remote);
    expect(plan.steps).toEqual([]);
    expect(plan.unchanged).toEqual([1, 2, 3]);
  });

  it('orders creates before edits, toggles and deletes so protection never lapses', () => {
    const desired = rules(
      [1, ALL, ['matches', 'v*.*.*']], // edited
      [2, ['repoMatches', 'base/*'], ['matches', '**'], true], // disabled
      [undefined, ALL, ['matches', 'release-*']], // new
      [undefined, ALL, ['matches', 'rc'], true], // new, disabled
    );
    const plan = planRules(desired, remote);
    expect(plan.steps.map((s) => `${s.kind}${'id' in s ? ` ${s.id}` : ''}`)).toEqual(['create', 'create', 'edit 1', 'disable 2', 'delete 3']);
    expect(plan.steps.filter((s) => s.kind === 'create').map((s) => s.kind === 'create' && s.thenDisable)).toEqual([false, true]);
    expect(describeStep(plan.steps[1]!)).toContain('then disable it');
  });

  it('pairs rules without ids by content, so a list without ids converges instead of duplicating', () => {
    const withoutIds = remote.map((r) => ({ ...r, id: null }));
    expect(planRules(withoutIds, remote).steps).toEqual([]);
  });

  it('recreates a desired rule whose id vanished from the server, and says so', () => {
    const plan = planRules(rules([9, ALL, ['matches', 'x']]), remote);
    expect(plan.steps.map((s) => s.kind)).toEqual(['create', 'delete', 'delete', 'delete']);
    expect(plan.notes[0]).toContain('rule #9 is not on the server');
  });

  it('refuses a desired list with byte-identical rules (the server would answer 409)', () => {
    expect(() => planRules(rules([undefined, ALL, ['matches', 'v*']], [undefined, ALL, ['matches', 'v*']]), [])).toThrow(/409/);
  });

  it('fingerprints the server state regardless of listing order', () => {
    expect(rulesFingerprint([...remote].reverse())).toBe(rulesFingerprint(remote));
    expect(rulesFingerprint(remote.slice(1))).not.toBe(rulesFingerprint(remote));
  });

  it('shows the effect on a snapshot: tags and digests newly locked or freed', () => {
    const index = buildSnapshotIndex(snapshotOf({ app: [artifact(['v1', 'latest']), artifact(['old-1'])] }));
    const effect = planEffect(index, 'library', remote, rules([1, ALL, ['matches', 'latest']]), 'v1.3.4')!;
    expect(effect.before).toEqual({ immutableTags: 2, lockedDigests: 2 });
    expect(effect.after).toEqual({ immutableTags: 1, lockedDigests: 1 });
    expect(Array.from(effect.diff.freedTags, (t) => index.tagNames[t])).toEqual(['v1', 'old-1']);
    expect(Array.from(effect.diff.newlyImmutableTags, (t) => index.tagNames[t])).toEqual(['latest']);
    expect(planEffect(index, 'other', remote, remote, 'v1.3.4')).toBeNull();
  });
});
