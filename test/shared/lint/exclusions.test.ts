// What exclusions really do: comma lists without braces, exclusions that exclude nothing, and exclusions
// another rule overrides (rules are OR'ed). Each finding's claim is checked against the engine too.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/engine/decide.js';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { hasCommaOutsideBraces } from '../../../shared/lint/comma-list.js';
import { lintRules } from '../../../shared/lint/lint.js';
import type { WireRule } from '../../../shared/rules/wire.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

const ALL: [string, string] = ['repoMatches', '**'];

function lintOn(wire: WireRule[], snapshot: Snapshot) {
  const rules = parseWireRules(wire);
  const result = simulate(buildSnapshotIndex(snapshot), [compileRuleSet(rules, 'v1.3.4')]);
  return lintRules(rules, { dialect: 'v1.3.4', simulation: { result, project: 0 } });
}

describe('comma-list', () => {
  it('finds commas outside braces, classes and escapes only', () => {
    expect(hasCommaOutsideBraces('rc,test,latest')).toBe(true);
    expect(hasCommaOutsideBraces('v1.*,latest')).toBe(true);
    expect(hasCommaOutsideBraces('{rc,test}')).toBe(false);
    expect(hasCommaOutsideBraces('[,]x')).toBe(false);
    expect(hasCommaOutsideBraces('a\\,b')).toBe(false);
    expect(hasCommaOutsideBraces('{a,b},c')).toBe(true);
  });

  it('an exclusion with a comma list locks the very tags it lists: an error, with the braced fix', () => {
    const wire = [wireRule(1, ALL, ['excludes', 'rc, test,nightly'])];
    const [finding] = lintRules(parseWireRules(wire), { dialect: 'v1.3.4' }).filter((f) => f.code === 'comma-list');
    expect(finding).toMatchObject({ severity: 'error', rule: 'rule 1' });
    expect(finding!.message).toContain('Write "{rc,test,nightly}"');
    // The claim, from the engine: "rc" is locked although the rule lists it.
    expect(decide(compileRuleSet(parseWireRules(wire), 'v1.3.4'), 'app', ['rc']).immutable).toBe(true);
  });

  it('a matching comma list never matches: a warning', () => {
    const wire = [wireRule(1, ['repoMatches', 'app,web'], ['matches', 'v*'])];
    const [finding] = lintRules(parseWireRules(wire), { dialect: 'v1.3.4' }).filter((f) => f.code === 'comma-list');
    expect(finding).toMatchObject({ severity: 'warning' });
    expect(finding!.message).toContain('no repository name can contain a comma');
    expect(decide(compileRuleSet(parseWireRules(wire), 'v1.3.4'), 'app', ['v1']).immutable).toBe(false);
  });
});

describe('a rule that locks every tag', () => {
  it('makes later rules redundant and every exclusion ineffective (harbor#19490), in evaluation order', () => {
    // Listed out of order: Harbor evaluates by id, so rule 2 (the lock-all rule) comes before rule 3.
    const findings = lintRules(
      parseWireRules([
        wireRule(3, ALL, ['matches', 'v*']),
        wireRule(1, ['repoExcludes', 'legacy'], ['matches', 'v*']),
        wireRule(2, ALL, ['matches', '**']),
        wireRule(4, ALL, ['excludes', 'rc']),
      ]),
      { dialect: 'v1.3.4' },
    );
    const of = (code: string) => findings.filter((f) => f.code === code).map((f) => f.rule);
    expect(of('redundant-rule')).toEqual(['rule 3']);
    expect(of('exclusion-overridden')).toEqual(['rule 1', 'rule 4']);
    expect(findings.find((f) => f.code === 'exclusion-overridden')!.message).toContain('rule 2 already makes every tag');
  });

  it('not when that rule is disabled, or narrower than everything', () => {
    for (const first of [wireRule(1, ALL, ['matches', '**'], true), wireRule(1, ALL, ['matches', 'v*']), wireRule(1, ['repoMatches', '*'], ['matches', '**'])]) {
      const codes = lintRules(parseWireRules([first, wireRule(2, ALL, ['excludes', 'rc']), wireRule(3, ALL, ['matches', 'x'])]), { dialect: 'v1.3.4' }).map((f) => f.code);
      expect(codes).not.toContain('redundant-rule');
      expect(codes).not.toContain('exclusion-overridden');
    }
  });
});

describe('against a snapshot', () => {
  const snapshot = snapshotOf({
    busybox: [artifact(['1.36', '1.36-rc1']), artifact(['latest'])],
    'team/app': [artifact(['v1.0.0', 'rc']), artifact([], { size: 3 * 1024 ** 3 })],
    legacy: [artifact(['v0.9'])],
  });

  it('an exclusion that matches no name there (a typo) excludes nothing', () => {
    const findings = lintOn([wireRule(1, ALL, ['excludes', '*buxybox*']), wireRule(2, ['repoExcludes', 'legcy'], ['matches', 'v*'])], snapshot);
    const nothing = findings.filter((f) => f.code === 'excludes-nothing');
    expect(nothing.map((f) => f.rule)).toEqual(['rule 1', 'rule 2']);
    expect(nothing[0]!.message).toContain('"*buxybox*" matches none of the 6 tags of the 3 repositories it selects in project library of the snapshot');
    expect(nothing[1]!.message).toContain('"legcy" matches none of the 3 repositories in project library of the snapshot');
    // Spelled right, nothing to say.
    const right = lintOn([wireRule(1, ALL, ['excludes', '*-rc*']), wireRule(2, ['repoExcludes', 'legacy'], ['matches', 'v*'])], snapshot);
    expect(right.filter((f) => f.code === 'excludes-nothing')).toEqual([]);
  });

  it('counts the tags an exclusion leaves out that another rule locks anyway, with their digests and size', () => {
    const findings = lintOn([wireRule(1, ['repoMatches', 'team/*'], ['matches', '**']), wireRule(2, ALL, ['excludes', '{rc,*-rc*}'])], snapshot);
    const [overridden] = findings.filter((f) => f.code === 'exclusion-overridden-in-snapshot');
    expect(overridden!.rule).toBe('rule 2');
    // It leaves out "rc" and "1.36-rc1"; rule 1 locks team/app:rc, which shares its digest with v1.0.0.
    const snapshotSize = snapshot.projects[0]!.repositories[1]!.artifacts[0]!.size!;
    expect(overridden!.message).toContain('Of the 2 tags its tag exclusion "{rc,*-rc*}" leaves out in project library of the snapshot, 1 is made immutable anyway by rule 1');
    expect(overridden!.message).toContain(`e.g. team/app:rc; they lock 1 digest (${(snapshotSize / 1024).toFixed(1)} KiB)`);
  });

  it('a lock-all rule is reported once, statically, not counted again', () => {
    const codes = lintOn([wireRule(1, ALL, ['matches', '**']), wireRule(2, ALL, ['excludes', 'rc'])], snapshot).map((f) => f.code);
    expect(codes).toContain('exclusion-overridden');
    expect(codes).not.toContain('exclusion-overridden-in-snapshot');
  });
});
