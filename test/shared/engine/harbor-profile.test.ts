// Each version-dependent fact, pinned to the Harbor commit, file and issue it comes from (see
// shared/engine/harbor-profile.ts), through the engine.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/engine/decide.js';
import { HARBOR_FACTS, harborProfile, retentionName } from '../../../shared/engine/harbor-profile.js';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { lintRules } from '../../../shared/lint/lint.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { wireRule } from '../../support/snapshots.js';

const rules = (...wire: ReturnType<typeof wireRule>[]) => parseWireRules(wire);
function immutable(version: string, wire: ReturnType<typeof wireRule>[], repository: string, tags: string[], path: 'push' | 'retention') {
  const profile = harborProfile(version);
  return decide(compileRuleSet(rules(...wire), profile.behaviour.dialect, profile), repository, tags, path).immutable;
}

describe('retention judges the repository name stripped twice up to 2.15.2 (20ccb7778c, #23546, issue #23530; performer.go, launcher.go)', () => {
  const teamRule = wireRule(1, ['repoMatches', 'team/**'], ['matches', 'v*']);

  it('in every release from 1.10 to 2.15.2 retention drops the first path component; push and delete do not', () => {
    for (const version of ['v1.10.0', 'v2.4.0', 'v2.9.5', 'v2.14.3', 'v2.15.2-abcdef12']) {
      expect(harborProfile(version).behaviour.retention.stripsFirstComponent, version).toBe(true);
      expect(immutable(version, [teamRule], 'team/app', ['v1'], 'push'), version).toBe(true);
      // A single-tag artifact on the retention path is judged as "app", which team/** misses.
      expect(immutable(version, [teamRule], 'team/app', ['v1'], 'retention'), version).toBe(false);
    }
  });

  it('one-component names stay as they are; many-component names lose only their first component', () => {
    const retention = harborProfile('2.15.2').behaviour.retention;
    expect(retentionName(retention, 'app')).toBe('app');
    expect(retentionName(retention, 'team/app')).toBe('app');
    expect(retentionName(retention, 'qa/team/backend')).toBe('team/backend');
    expect(immutable('2.15.2', [wireRule(1, ['repoMatches', 'app'], ['matches', 'v*'])], 'app', ['v1', 'latest'], 'retention')).toBe(true);
  });

  it("Harbor's own TestPerformImmutableRepositoryExclusion (performer_test.go, nested repoExcludes qa/**) passes for 2.16 and fails for 2.15.2", () => {
    const exclusion = [wireRule(1, ['repoExcludes', 'qa/**'], ['matches', '**'])];
    const candidates = ['qa/team/component/backend', 'prod/team/component/backend'];
    // The test expects: qa/... is retained (no ImmutableError), prod/... is skipped as immutable.
    expect(candidates.map((repository) => immutable('2.16.0', exclusion, repository, ['build-42'], 'retention'))).toEqual([false, true]);
    // Its opposite in 2.15.2: both are judged as team/component/backend, so retention skips qa/... too.
    expect(candidates.map((repository) => immutable('2.15.2', exclusion, repository, ['build-42'], 'retention'))).toEqual([true, true]);
    // Push and delete were right all along.
    expect(candidates.map((repository) => immutable('2.15.2', exclusion, repository, ['build-42'], 'push'))).toEqual([false, true]);
  });

  it('the fix is in no release: 2.16 is an assumption the profile says aloud', () => {
    expect(HARBOR_FACTS.retentionName.source.commit.startsWith('20ccb7778c')).toBe(true);
    expect(harborProfile('2.16.0').behaviour.retention.stripsFirstComponent).toBe(false);
    expect(harborProfile('2.16.0').notes.join(' ')).toMatch(/assumes it ships in 2\.16\.0/);
    expect(harborProfile('2.15.2').notes).toEqual([]);
  });
});

describe('untagged artifacts on the retention path (490fe4e5, #16386, issue #16335, first in v2.5.0; match.go, selector.go)', () => {
  const matches = wireRule(1, ['repoMatches', '**'], ['matches', 'v*']);
  const excludes = wireRule(1, ['repoMatches', '**'], ['excludes', 'v*']);

  it('before 2.5.0 a matches rule selected untagged artifacts too; from 2.5.0 only excludes does', () => {
    expect(immutable('v2.4.3', [matches], 'app', [], 'retention')).toBe(true);
    expect(immutable('v2.5.0', [matches], 'app', [], 'retention')).toBe(false);
    expect(immutable('v2.4.3', [excludes], 'app', [], 'retention')).toBe(true);
    expect(immutable('v2.5.0', [excludes], 'app', [], 'retention')).toBe(true);
  });
});

describe('glob library (doublestar v1.1.1 up to 2.9.4 and 2.10.2; v1.3.4 from 2.9.5, 2.10.3, 2.11.0)', () => {
  // `{v,}[0-9]*` on "1.0": v1.3.4 true, v1.1.1 false (conformance vectors).
  const release = [wireRule(1, ['repoMatches', '**'], ['matches', '{v,}[0-9]*'])];
  it.each([
    ['v2.9.4', false],
    ['v2.9.5', true],
    ['v2.10.2', false],
    ['v2.10.3', true],
    ['v2.11.0', true],
    ['v2.8.9', false],
  ])('%s judges with the library it links', (version, expected) => {
    expect(immutable(version, release, 'app', ['1.0'], 'push')).toBe(expected);
  });
});

describe('versions the table does not know', () => {
  it('a newer version uses the newest known behaviour and says so', () => {
    const profile = harborProfile('v2.17.1-0000aaaa');
    expect(profile.behaviour).toEqual(harborProfile('2.16.0').behaviour);
    expect(profile.notes.join(' ')).toMatch(/2\.17\.1 is newer than the versions Taglock knows/);
  });

  it('no version (anonymous callers see none) assumes the newest release and says so', () => {
    const profile = harborProfile(null);
    expect(profile.release).toBe('2.15.2');
    expect(profile.notes[0]).toMatch(/version is unknown/);
  });

  it('a release before immutability existed says so', () => {
    expect(harborProfile('v1.9.4').notes.join(' ')).toMatch(/no tag immutability/);
  });
});

describe('lint: retention-name-quirk', () => {
  it('flags a repository pattern that answers differently for the retention name, and not after the fix', () => {
    const set = rules(wireRule(1, ['repoMatches', 'team/**'], ['matches', 'v*']), wireRule(2, ['repoMatches', '**'], ['matches', 'release-*']));
    const in2152 = lintRules(set, { dialect: 'v1.3.4', profile: harborProfile('2.15.2') }).filter((f) => f.code === 'retention-name-quirk');
    expect(in2152.map((f) => f.ruleIndex)).toEqual([0]);
    // Its tagged artifacts stay all the same (the delete path refuses them): a note, not a warning.
    expect(in2152[0]!.severity).toBe('info');
    expect(in2152[0]!.message).toMatch(/Harbor 2\.15\.2.*own check misses.*stay all the same.*412.*ERR.*expected in Harbor 2\.16/);
    expect(in2152[0]!.message).not.toContain('untagged');
    expect(lintRules(set, { dialect: 'v1.3.4', profile: harborProfile('2.16.0') }).some((f) => f.code === 'retention-name-quirk')).toBe(false);
  });

  it('warns when untagged artifacts the rule keeps from retention are deleted, or retention keeps what push leaves mutable', () => {
    const quirk = (...wire: Parameters<typeof wireRule>[]) =>
      lintRules(rules(...wire.map((w) => wireRule(...w))), { dialect: 'v1.3.4', profile: harborProfile('2.15.2') }).filter((f) => f.code === 'retention-name-quirk');
    // An excludes rule keeps untagged artifacts from retention; judged as `app`, team/app's are deleted.
    const untagged = quirk([1, ['repoMatches', 'team/**'], ['excludes', 'dev-*']]);
    expect(untagged.map((f) => f.severity)).toEqual(['warning']);
    expect(untagged[0]!.message).toMatch(/their untagged artifacts, which this rule keeps from retention, are deleted.*add a rule with the same tag selector/);
    // Before 2.5.0 a matches rule kept untagged artifacts from retention too.
    const old = lintRules(rules(wireRule(1, ['repoMatches', 'team/**'], ['matches', 'v*'])), { dialect: 'v1.3.4', profile: harborProfile('2.4.0') }).filter((f) => f.code === 'retention-name-quirk');
    expect(old.map((f) => f.severity)).toEqual(['warning']);
    // repoExcludes qa/**: retention judges qa/team/backend as team/backend, which it does not exclude.
    const gained = quirk([1, ['repoExcludes', 'qa/**'], ['matches', '**']]);
    expect(gained.map((f) => f.severity)).toEqual(['warning']);
    expect(gained[0]!.message).toMatch(/retention skips the artifacts of names like these as IMMUTABLE though push and delete treat them as mutable/);
  });
});

describe('docs/harbor-versions.md', () => {
  it('states every fact of the table with its source and boundaries', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../../docs/harbor-versions.md', import.meta.url), 'utf8');
    for (const fact of Object.values(HARBOR_FACTS)) {
      if (/^[0-9a-f]{40}$/.test(fact.source.commit)) expect(doc, fact.id).toContain(fact.source.commit);
      expect(doc, fact.id).toContain(fact.source.change);
      for (const since of fact.since) expect(doc, `${fact.id} ${since}`).toContain(`**${since}**`);
      for (const file of fact.source.files) expect(doc, `${fact.id} ${file}`).toContain(file);
    }
  });
});
