import { describe, expect, it } from 'vitest';
import { lintRules } from '../../../shared/lint/lint.js';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import type { WireRule } from '../../../shared/rules/wire.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import type { Dialect } from '../../../shared/glob/dialect.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

function codes(wire: WireRule[], dialect: Dialect = 'v1.3.4', project = 'library') {
  return lintRules(parseWireRules(wire), { dialect, project }).map((f) => `${f.ruleIndex ?? '-'}:${f.code}`);
}

const ALL: [string, string] = ['repoMatches', '**'];

describe('lint, one finding per trap', () => {
  it('is quiet for a sound rule', () => {
    expect(codes([wireRule(1, ALL, ['matches', 'v*.*.*'])])).toEqual([]);
  });
  it('repository pattern with the project name', () => {
    expect(codes([wireRule(1, ['repoMatches', 'library/nginx'], ['matches', 'v*'])])).toContain('0:project-prefix');
  });
  it('[!...] is not a negation', () => {
    expect(codes([wireRule(1, ALL, ['matches', '[!0-9]*'])])).toContain('0:bang-class');
  });
  it('spaces', () => {
    expect(codes([wireRule(1, ALL, ['matches', '{ latest, stable}'])])).toContain('0:whitespace');
  });
  it('"/" inside braces under v1.1.1 is an error that stops later rules', () => {
    const found = codes([wireRule(1, ['repoMatches', '{a/a,a/b}'], ['matches', '**']), wireRule(2, ALL, ['matches', 'v*'])], 'v1.1.1');
    expect(found).toContain('0:syntax-error');
    expect(found).toContain('0:stops-later-rules');
  });
  it('the v1.3.4 brace-flattening quirk, with a concrete name it misses', () => {
    const findings = lintRules(parseWireRules([wireRule(1, ['repoMatches', '{team/app,team}'], ['matches', 'v*'])]), { dialect: 'v1.3.4' });
    const quirk = findings.find((f) => f.code === 'brace-quirk');
    expect(quirk?.message).toContain('"team"');
  });
  it('unknown kind or decoration stop later rules', () => {
    const kind = { ...wireRule(1, ALL, ['matches', 'v*']), tag_selectors: [{ kind: 'doublestart', decoration: 'matches', pattern: 'v*' }] };
    expect(codes([kind, wireRule(2, ALL, ['matches', 'x'])])).toEqual(expect.arrayContaining(['0:unknown-kind', '0:stops-later-rules']));
    expect(codes([wireRule(1, ALL, ['matching', 'v*'])])).toContain('0:unknown-decoration');
  });
  it('selectors without a kind, as harbor-cli creates them', () => {
    const noKind = { ...wireRule(1, ALL, ['matches', 'v*']), tag_selectors: [{ decoration: 'matches', pattern: 'v*' }] };
    const found = lintRules(parseWireRules([noKind, wireRule(2, ALL, ['matches', 'x'])]), { dialect: 'v1.3.4' });
    const missing = found.find((f) => f.code === 'missing-kind')!;
    expect(missing.severity).toBe('error');
    expect(missing.message).toContain('harbor-cli');
    expect(found.map((f) => `${f.ruleIndex}:${f.code}`)).toEqual(expect.arrayContaining(['0:stops-later-rules']));
    expect(found.map((f) => f.code)).not.toContain('unknown-kind');
  });
  it('empty patterns', () => {
    expect(codes([wireRule(1, ['repoMatches', ''], ['matches', 'v*'])])).toContain('0:empty-pattern');
  });
  it('byte-identical duplicates (409) and duplicates by meaning', () => {
    const found = codes([
      wireRule(1, ALL, ['matches', '{v1,v2}']),
      wireRule(2, ALL, ['matches', '{v1,v2}']),
      wireRule(3, ALL, ['matches', '{v2,v1}']),
    ]);
    expect(found).toContain('1:duplicate-409');
    expect(found).toContain('2:duplicate-meaning');
    expect(found).not.toContain('2:duplicate-409');
  });
  it('more than 15 rules', () => {
    const many = Array.from({ length: 16 }, (_, i) => wireRule(i + 1, ALL, ['matches', `v${i}.*`]));
    expect(codes(many)).toContain('-:over-ui-limit');
    expect(codes(many.slice(0, 15))).not.toContain('-:over-ui-limit');
  });
  it('tags CI usually moves', () => {
    expect(codes([wireRule(1, ALL, ['matches', '**'])])).toContain('0:ci-moving-tags');
    expect(codes([wireRule(1, ALL, ['excludes', '{rc,test,nightly}'])])).toContain('0:ci-moving-tags');
    expect(codes([wireRule(1, ALL, ['matches', 'v*.*.*'])])).not.toContain('0:ci-moving-tags');
  });
  it('excluding ** (Harbor UI: "Invalid rule")', () => {
    expect(codes([wireRule(1, ['repoExcludes', 'a,**'], ['matches', 'v*'])])).toContain('0:ui-refuses');
  });
  it('untagged artifacts kept by retention under excludes', () => {
    expect(codes([wireRule(1, ALL, ['excludes', 'rc'])])).toContain('0:untagged-retained');
  });
});

describe('lint against a snapshot', () => {
  const snapshot = snapshotOf({ 'team/app': [artifact(['v1.0.0', 'latest']), artifact(['sha-1234567'])], nginx: [artifact(['1.25'])] });
  const index = buildSnapshotIndex(snapshot);
  function lintOn(wire: WireRule[]) {
    const rules = parseWireRules(wire);
    const result = simulate(index, [compileRuleSet(rules, 'v1.3.4')]);
    return lintRules(rules, { dialect: 'v1.3.4', simulation: { result, project: 0 } });
  }

  it('a rule that matches nothing, and one shadowed by an earlier rule', () => {
    const findings = lintOn([
      wireRule(1, ALL, ['matches', 'v*']),
      wireRule(2, ['repoMatches', 'redis'], ['matches', '**']),
      wireRule(3, ['repoMatches', 'team/*'], ['matches', 'v1.*']),
    ]);
    expect(findings.filter((f) => f.code === 'matches-nothing').map((f) => f.rule)).toEqual(['rule 2']);
    expect(findings.filter((f) => f.code === 'shadowed').map((f) => f.rule)).toEqual(['rule 3']);
  });

  it('matches nothing: a pattern no tag name fits, and one whose names sit only in repositories it does not select', () => {
    const findings = lintOn([
      wireRule(1, ALL, ['matches', 'nope*']),
      wireRule(2, ['repoMatches', 'nginx'], ['matches', 'latest']),
      wireRule(3, ['repoMatches', 'nginx'], ['matches', '1.*']),
      wireRule(4, ALL, ['excludes', '**']),
    ]);
    expect(findings.filter((f) => f.code === 'matches-nothing').map((f) => f.rule)).toEqual(['rule 1', 'rule 2', 'rule 4']);
    // Asked again on the same snapshot (its answers per name now kept), the findings are the same.
    expect(lintOn([wireRule(1, ALL, ['matches', 'nope*']), wireRule(2, ['repoMatches', 'nginx'], ['matches', 'latest'])]).filter((f) => f.code === 'matches-nothing').map((f) => f.rule)).toEqual(['rule 1', 'rule 2']);
  });

  it('counts the tags an error really stops, and the CI tags a rule locks', () => {
    const findings = lintOn([wireRule(1, ['repoMatches', 'team/*'], ['matches', 'a[']), wireRule(2, ALL, ['matches', '**'])]);
    const stopped = findings.find((f) => f.code === 'error-stops-tags');
    // "a[" fails only on names starting with "a" (doublestar reports errors lazily): none here.
    expect(stopped).toBeUndefined();
    const broken = lintOn([wireRule(1, ['repoMatches', 'team/*'], ['matches', '*[']), wireRule(2, ALL, ['matches', '**'])]);
    expect(broken.find((f) => f.code === 'error-stops-tags')?.message).toContain('3 tag(s)');
    const all = lintOn([wireRule(1, ALL, ['matches', '**'])]);
    const ci = all.find((f) => f.code === 'locks-moving-tags');
    // latest is a channel; sha-1234567 names one commit, not a line: no moving tag.
    expect(ci?.message).toContain('It makes 1 moving tag in');
    expect(ci?.message).toContain('team/app:latest is a channel name');
    // The snapshot's finding replaces the name-only one for this rule.
    expect(all.some((f) => f.code === 'ci-moving-tags')).toBe(false);
  });
});
