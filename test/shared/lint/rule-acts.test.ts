// Rules that never act: decided in one place, and findings about what they would do are dropped.
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { decide } from '../../../shared/engine/decide.js';
import { simulate } from '../../../shared/engine/simulate.js';
import type { Dialect } from '../../../shared/glob/dialect.js';
import { lintRules } from '../../../shared/lint/lint.js';
import { inaction } from '../../../shared/lint/rule-acts.js';
import type { WireRule } from '../../../shared/rules/wire.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

const ALL: [string, string] = ['repoMatches', '**'];

function inactionOf(wire: WireRule, dialect: Dialect = 'v1.3.4') {
  return inaction(compileRuleSet(parseWireRules([wire]), dialect).rules[0]!, dialect);
}

/** A rule's selectors with their kinds removed, as harbor-cli sends them. */
function withoutKinds(wire: WireRule): unknown {
  return {
    ...wire,
    tag_selectors: wire.tag_selectors.map(({ decoration, pattern }) => ({ decoration, pattern })),
    scope_selectors: { repository: wire.scope_selectors.repository!.map(({ decoration, pattern }) => ({ decoration, pattern })) },
  };
}

describe('inaction', () => {
  it('names why a rule never makes a tag immutable', () => {
    expect(inactionOf(wireRule(1, ALL, ['matches', '**']))).toBeNull();
    expect(inactionOf(wireRule(1, ALL, ['matches', '**'], true))).toBe('disabled');
    expect(inactionOf({ ...wireRule(1, ALL, ['matches', '**']), tag_selectors: [] })).toBe('skipped');
    expect(inaction(compileRuleSet(parseWireRules([withoutKinds(wireRule(1, ALL, ['matches', '**']))]), 'v1.3.4').rules[0]!, 'v1.3.4')).toBe('fails');
    expect(inactionOf(wireRule(1, ALL, ['', '']))).toBe('fails');
    expect(inactionOf(wireRule(1, ALL, ['matches', '[v']))).toBe('fails');
    expect(inactionOf(wireRule(1, ['repoMatches', '{a/b,c}'], ['matches', 'v*']), 'v1.1.1')).toBe('fails');
    expect(inactionOf(wireRule(1, ['repoMatches', '{a/b,c}'], ['matches', 'v*']), 'v1.3.4')).toBeNull();
    expect(inactionOf(wireRule(1, ALL, ['nsMatches', '**']))).toBe('selects-nothing');
    expect(inactionOf(wireRule(1, ['repoExcludes', '**'], ['matches', 'v*']))).toBe('selects-nothing');
    // "a[" fails only for names that start with "a": the rule can still lock other tags.
    expect(inactionOf(wireRule(1, ALL, ['matches', 'a[']))).toBeNull();
  });

  it('agrees with the engine: a rule said never to act decides no candidate', () => {
    const candidates: [string, string[]][] = [['app', ['v1']], ['team/app', ['latest']], ['x', []], ['a', ['a1']]];
    const rules: WireRule[] = [
      wireRule(1, ALL, ['matches', '**'], true),
      wireRule(1, ALL, ['', '']),
      wireRule(1, ALL, ['matches', '[v']),
      wireRule(1, ALL, ['nsMatches', '**']),
      wireRule(1, ['repoExcludes', '**'], ['excludes', 'x']),
    ];
    for (const wire of rules) {
      const set = compileRuleSet(parseWireRules([wire]), 'v1.3.4');
      expect(inaction(set.rules[0]!, 'v1.3.4'), JSON.stringify(wire)).not.toBeNull();
      for (const [repository, tags] of candidates) expect(decide(set, repository, tags).immutable, `${repository}:${tags.join(',')}`).toBe(false);
    }
  });
});

describe('findings that assume the rule acts', () => {
  function codes(wire: unknown[], dialect: Dialect = 'v1.3.4') {
    return lintRules(parseWireRules(wire), { dialect }).map((f) => f.code).sort();
  }

  it('are reported for a rule that acts, and dropped when the same rule never acts', () => {
    const everything = wireRule(1, ALL, ['matches', '']);
    expect(codes([everything])).toEqual(['ci-moving-tags', 'empty-pattern']);
    expect(codes([withoutKinds(everything)])).toEqual(['missing-kind', 'missing-kind', 'stops-later-rules']);
    expect(codes([wireRule(1, ALL, ['nsMatches', ''])])).toEqual(['namespace-decoration']);
    const excluding = wireRule(1, ALL, ['excludes', 'rc']);
    expect(codes([excluding])).toEqual(['ci-moving-tags', 'untagged-retained']);
    expect(codes([withoutKinds(excluding)])).toEqual(['missing-kind', 'missing-kind', 'stops-later-rules']);
    expect(codes([wireRule(1, ['repoExcludes', '**'], ['excludes', 'rc'])])).toEqual(['ui-refuses']);
    // Terraform sends an empty decoration and pattern when neither tag_matching nor tag_excluding is set.
    expect(codes([wireRule(1, ALL, ['', ''])])).toEqual(['stops-later-rules', 'unknown-decoration']);
  });

  it('a broken pattern that fails for every name: only the failure is reported (harbor#15700 on doublestar v1.1.1)', () => {
    const rule = wireRule(1, ['repoMatches', '{cbmp/firstRepo,cbmp/secondRepo}'], ['matches', '**']);
    expect(codes([rule], 'v1.1.1')).toEqual(['stops-later-rules', 'syntax-error']);
    expect(codes([rule], 'v1.3.4')).toEqual(['brace-quirk', 'ci-moving-tags', 'retention-name-quirk']);
  });

  it('after a rule that locks every tag, a rule decides no tag; an excludes rule still keeps untagged artifacts', () => {
    const lockAll = wireRule(1, ALL, ['matches', '**']);
    const found = lintRules(parseWireRules([lockAll, wireRule(2, ['repoMatches', 'team/**'], ['matches', 'latest']), wireRule(3, ALL, ['excludes', 'rc'])]), {
      dialect: 'v1.3.4',
    }).map((f) => `${f.rule}: ${f.code}`);
    expect(found.sort()).toEqual(['rule 1: ci-moving-tags', 'rule 2: redundant-rule', 'rule 3: exclusion-overridden', 'rule 3: untagged-retained']);
    // The same rules without the lock-all rule: each acts, and says so.
    const alone = lintRules(parseWireRules([wireRule(2, ['repoMatches', 'team/**'], ['matches', 'latest']), wireRule(3, ALL, ['excludes', 'rc'])]), { dialect: 'v1.3.4' });
    expect(alone.map((f) => `${f.rule}: ${f.code}`).sort()).toEqual([
      'rule 2: ci-moving-tags',
      'rule 2: retention-name-quirk',
      'rule 3: ci-moving-tags',
      'rule 3: untagged-retained',
    ]);
    // The engine agrees: with rule 1 first, rule 2 decides nothing and rule 3 only an untagged artifact.
    const set = compileRuleSet(parseWireRules([lockAll, wireRule(2, ['repoMatches', 'team/**'], ['matches', 'latest']), wireRule(3, ALL, ['excludes', 'rc'])]), 'v1.3.4');
    expect(decide(set, 'team/app', ['latest']).rule?.label).toBe('rule 1');
    expect(decide(set, 'team/app', [], 'retention').rule?.label).toBe('rule 3');
  });

  it('on a disabled rule a failure is a warning, since Harbor does not evaluate it', () => {
    const [enabled] = lintRules(parseWireRules([wireRule(1, ALL, ['matches', 'v['])]), { dialect: 'v1.3.4' }).filter((f) => f.code === 'syntax-error');
    const [disabled] = lintRules(parseWireRules([wireRule(1, ALL, ['matches', 'v['], true)]), { dialect: 'v1.3.4' }).filter((f) => f.code === 'syntax-error');
    expect(enabled!.severity).toBe('error');
    expect(disabled!.severity).toBe('warning');
    expect(disabled!.message).toContain('The rule is disabled');
  });

  it('snapshot findings too: a namespace rule is not also said to match nothing', () => {
    const snapshot = snapshotOf({ app: [artifact(['latest', 'v1']), artifact([])] });
    const check = (wire: WireRule[]) => {
      const rules = parseWireRules(wire);
      const result = simulate(buildSnapshotIndex(snapshot), [compileRuleSet(rules, 'v1.3.4')]);
      return lintRules(rules, { dialect: 'v1.3.4', simulation: { result, project: 0 } }).map((f) => f.code).sort();
    };
    expect(check([wireRule(1, ['repoMatches', 'nothing-here'], ['matches', '**'])])).toEqual(['ci-moving-tags', 'matches-nothing']);
    expect(check([wireRule(1, ALL, ['nsMatches', '**'])])).toEqual(['namespace-decoration']);
  });
});
