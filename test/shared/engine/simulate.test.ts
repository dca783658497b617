import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { decide } from '../../../shared/engine/decide.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { harborProfile } from '../../../shared/engine/harbor-profile.js';
import { digestDetail, tagDetail } from '../../../shared/engine/details.js';
import { diffSimulations } from '../../../shared/engine/diff.js';
import { serverDisagreements } from '../../../shared/engine/report.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { artifactTagNames, buildSnapshotIndex } from "../../../shared/snapshot/snapshot-index.js";
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

const snapshot = snapshotOf({
  'team/app': [artifact(['v1.0.0', 'latest', 'stable']), artifact(['rc']), artifact([]), artifact(['sha-abc', 'main'])],
  nginx: [artifact(['1.25']), artifact([])],
  'base/alpine': [artifact(['3.20', 'nightly'])],
});
const index = buildSnapshotIndex(snapshot);
const rules = parseWireRules([
  wireRule(1, ['repoMatches', '**'], ['matches', 'v*.*.*']),
  wireRule(2, ['repoMatches', 'base/*'], ['excludes', '{latest,nightly}']),
]);
const set = compileRuleSet(rules, 'v1.3.4');
const result = simulate(index, [set]);

function tagIndex(repository: string, name: string): number {
  for (let t = 0; t < index.counts.tags; t++) {
    if (index.tagNames[t] === name && index.repositoryNames[index.artifactRepository[index.tagArtifact[t]!]!] === repository) return t;
  }
  throw new Error(`no tag ${repository}:${name}`);
}

describe('simulation over a snapshot', () => {
  it('judges every tag alone exactly as the decision does', () => {
    for (let t = 0; t < index.counts.tags; t++) {
      const repository = index.repositoryNames[index.artifactRepository[index.tagArtifact[t]!]!]!;
      const decision = decide(set, repository, [index.tagNames[t]!]);
      expect(result.tagVerdict[t]! >= 0, `${repository}:${index.tagNames[t]}`).toBe(decision.immutable);
    }
  });

  it('judges every artifact with all its tags for retention', () => {
    for (let a = 0; a < index.counts.artifacts; a++) {
      const repository = index.repositoryNames[index.artifactRepository[a]!]!;
      const tags = artifactTagNames(index, a);
      expect(result.artifactRetentionVerdict[a]! >= 0, `${repository} ${tags.join(',')}`).toBe(decide(set, repository, tags, 'retention').immutable);
    }
  });

  it('counts what an admin needs', () => {
    expect(result.totals).toEqual({
      repositories: 3,
      artifacts: 7,
      tags: 9,
      immutableTags: 2, // team/app:v1.0.0 by rule 1, base/alpine:3.20 by rule 2
      lockedDigests: 2,
      mutableTagsOnLockedDigests: 3, // latest, stable on v1.0.0's digest; nightly on 3.20's
      untaggedArtifacts: 2,
      untaggedRetained: 0, // the excludes rule covers base/* only, which has no untagged artifact
      // Retention in 2.15.2 (the default profile) judges base/alpine as "alpine", which base/* misses:
      // its locked digest can still be deleted by a retention run.
      retentionProtected: 1,
      tagsStoppedByError: 0,
      lockedNotRetained: 1,
      retainedNotLocked: 0,
    });
    expect(result.repositoryTotals.map((t) => t.immutableTags)).toEqual([1, 0, 1]);
    expect(result.ruleStats[0]!.map((s) => s.decidedTags)).toEqual([1, 1]);
  });

  it('judges the retention path by the name Harbor 2.16 passes on unchanged: every locked digest is retention-proof there', () => {
    const fixed = simulate(index, [compileRuleSet(rules, 'v1.3.4', harborProfile('v2.16.0'))]);
    expect(fixed.totals).toMatchObject({ lockedDigests: 2, retentionProtected: 2, lockedNotRetained: 0 });
  });

  it('details a locked digest: locking tags and rules, mutable tags beside them, what is blocked', () => {
    const detail = digestDetail(result, 0);
    expect(detail.locked).toBe(true);
    expect(detail.lockingTags).toEqual(['v1.0.0']);
    expect(detail.mutableTags).toEqual(['latest', 'stable']);
    expect(detail.lockingRules.map((r) => r.rule.id)).toEqual([1]);
    expect(detail.consequences.filter((c) => c.blocked).map((c) => c.operation)).toEqual([
      'overwrite-tag',
      'delete-tag',
      'delete-artifact',
      'retention',
      'garbage-collection',
    ]);
    const free = digestDetail(result, 1);
    expect(free.locked).toBe(false);
    expect(free.consequences.every((c) => !c.blocked)).toBe(true);
    expect(tagDetail(result, tagIndex('team/app', 'v1.0.0')).rule?.rule.id).toBe(1);
  });

  it('keeps untagged artifacts for retention under an excludes rule', () => {
    const excludes = compileRuleSet(parseWireRules([wireRule(5, ['repoMatches', '**'], ['excludes', 'rc'])]), 'v1.3.4');
    const r = simulate(index, [excludes]);
    expect(r.totals.untaggedRetained).toBe(2);
    expect(r.tagVerdict[tagIndex('team/app', 'rc')]).toBe(-1);
  });

  it('records tags stopped by a broken rule, as mutable', () => {
    const broken = compileRuleSet(
      parseWireRules([wireRule(1, ['repoMatches', 'nginx'], ['matches', '[']), wireRule(2, ['repoMatches', '**'], ['matches', '**'])]),
      'v1.3.4',
    );
    const r = simulate(index, [broken]);
    expect(r.totals.tagsStoppedByError).toBe(1); // nginx:1.25; untagged nginx artifact never reaches the glob
    expect(r.totals.immutableTags).toBe(8); // the other 8 tags, by rule 2
    expect(tagDetail(r, tagIndex('nginx', '1.25')).errorRule?.rule.id).toBe(1);
  });

  it('names the tags that stay immutable but are decided by another rule (rules known by id)', () => {
    const byVersion = wireRule(10, ['repoMatches', '**'], ['matches', 'v*.*.*']);
    const byTeam = wireRule(11, ['repoMatches', 'team/*'], ['matches', '**']);
    const first = simulate(index, [compileRuleSet(parseWireRules([byVersion, byTeam]), 'v1.3.4')]);
    const narrowed = wireRule(10, ['repoMatches', '**'], ['matches', 'v9.*']);
    const edited = simulate(index, [compileRuleSet(parseWireRules([narrowed, byTeam]), 'v1.3.4')]);
    const recompiled = simulate(index, [compileRuleSet(parseWireRules([byVersion, byTeam]), 'v1.3.4')]);
    const diff = diffSimulations(first, edited);
    expect(diff.newlyImmutableTags).toHaveLength(0);
    expect(diff.freedTags).toHaveLength(0);
    expect(Array.from(diff.decidedByOtherRule, (t) => index.tagNames[t])).toEqual(['v1.0.0']);
    expect(diffSimulations(first, recompiled).decidedByOtherRule).toHaveLength(0);
  });

  it('shows the difference between two rule sets', () => {
    const wider = compileRuleSet(parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', '{v*.*.*,latest}'])]), 'v1.3.4');
    const diff = diffSimulations(result, simulate(index, [wider]));
    expect(Array.from(diff.newlyImmutableTags, (t) => index.tagNames[t])).toEqual(['latest']);
    expect(Array.from(diff.freedTags, (t) => index.tagNames[t])).toEqual(['3.20']);
    expect(diff.newlyLockedDigests).toHaveLength(0);
    expect(Array.from(diff.freedDigests, (a) => index.artifactDigests.get(a))).toEqual([index.artifactDigests.get(6)]);
  });
});

describe('the difference on thousands of changed tags', () => {
  // Enough changes in each direction that the collected indexes outgrow their first space several times.
  const many = snapshotOf({
    a: Array.from({ length: 1500 }, (_, i) => artifact([`v${i}`, `b${i}`])),
    b: Array.from({ length: 1500 }, (_, i) => (i % 3 === 0 ? artifact([]) : artifact([`v${i}`, `b${i}`]))),
  });
  const manyIndex = buildSnapshotIndex(many);
  const judged = (wire: Parameters<typeof parseWireRules>[0]) => simulate(manyIndex, [compileRuleSet(parseWireRules(wire), 'v1.3.4')]);

  /** The same difference, read off the verdict arrays one index at a time. */
  function plainDiff(before: ReturnType<typeof simulate>, after: ReturnType<typeof simulate>) {
    const where = (length: number, test: (i: number) => boolean) => Int32Array.from(Array.from({ length }, (_, i) => i).filter(test));
    const { tags, artifacts } = manyIndex.counts;
    return {
      newlyImmutableTags: where(tags, (t) => after.tagVerdict[t]! >= 0 && before.tagVerdict[t]! < 0),
      freedTags: where(tags, (t) => before.tagVerdict[t]! >= 0 && after.tagVerdict[t]! < 0),
      newlyLockedDigests: where(artifacts, (a) => after.artifactImmutableTags[a]! > 0 && before.artifactImmutableTags[a] === 0),
      freedDigests: where(artifacts, (a) => before.artifactImmutableTags[a]! > 0 && after.artifactImmutableTags[a] === 0),
      newlyRetentionProtected: where(artifacts, (a) => after.artifactRetentionVerdict[a]! >= 0 && before.artifactRetentionVerdict[a]! < 0),
      retentionFreed: where(artifacts, (a) => before.artifactRetentionVerdict[a]! >= 0 && after.artifactRetentionVerdict[a]! < 0),
      // Rules are known by id here (each has one).
      decidedByOtherRule: where(
        tags,
        (t) => before.tagVerdict[t]! >= 0 && after.tagVerdict[t]! >= 0 && before.ruleSets[0]!.rules[before.tagVerdict[t]!]!.rule.id !== after.ruleSets[0]!.rules[after.tagVerdict[t]!]!.rule.id,
      ),
    };
  }

  it('lists every changed tag and digest, in index order', () => {
    const before = judged([wireRule(1, ['repoMatches', 'a'], ['matches', '**']), wireRule(2, ['repoMatches', '**'], ['excludes', 'b1*'])]);
    const after = judged([wireRule(1, ['repoMatches', 'a'], ['matches', 'v*']), wireRule(3, ['repoMatches', 'a'], ['matches', 'b*'])]);
    const diff = diffSimulations(before, after);
    expect(diff).toEqual(plainDiff(before, after));
    const sizes = Object.values(diff).map((list) => list.length);
    expect(sizes.filter((size) => size > 1024).length, `sizes ${sizes.join(', ')}`).toBeGreaterThanOrEqual(2);
    expect(diffSimulations(after, before)).toEqual(plainDiff(after, before));
  });
});

describe('demo snapshot', () => {
  const demo = demoSnapshot();
  const demoIndex = buildSnapshotIndex(demo);

  it('is a realistic project of at least 30 repositories and 3,000 tags', () => {
    expect(demoIndex.counts.repositories).toBeGreaterThanOrEqual(30);
    expect(demoIndex.counts.tags).toBeGreaterThanOrEqual(3000);
    const names = demoIndex.tagNames;
    for (const shape of [/^v\d+\.\d+\.\d+$/, /-rc\d$/, /^nightly$/, /^latest$/, /^sha-[0-9a-f]{7}$/, /^pr-\d+$/]) {
      expect(names.some((n) => shape.test(n)), String(shape)).toBe(true);
    }
    const artifacts = demo.projects.flatMap((p) => p.repositories.flatMap((r) => r.artifacts));
    expect(artifacts.some((a) => a.tags.length >= 3)).toBe(true);
    expect(artifacts.some((a) => a.tags.length === 0)).toBe(true);
    expect(artifacts.some((a) => a.references.length > 0)).toBe(true);
  });

  it('is the same on every call (deterministic) and agrees with its own server verdicts', () => {
    expect(JSON.stringify(demoSnapshot())).toBe(JSON.stringify(demo));
    const r = simulate(demoIndex, [compileRuleSet(parseWireRules(demo.projects[0]!.rules!), demo.registry.dialect)]);
    const agreement = serverDisagreements(r);
    expect(agreement.compared).toBe(demoIndex.counts.tags);
    expect(agreement.disagreements).toEqual([]);
    expect(r.totals.immutableTags).toBeGreaterThan(100);
  });
});
