// Runs anywhere (pure).
/**
 * The difference between two rule sets judged on the same snapshot: which tags and digests become
 * immutable, and which stop being so.
 */
import type { CompiledRule, CompiledRuleSet } from './rule-set.js';
import type { SimulationResult } from './simulate.js';

/** Server rules are the same rule across edits by id; drafts by their place in the list. */
function ruleKey(rule: CompiledRule): string {
  return rule.rule.id !== null ? `id:${rule.rule.id}` : `position:${rule.index}`;
}

export interface SimulationDiff {
  /** Tag indexes (into the SnapshotIndex) immutable after but not before. */
  newlyImmutableTags: number[];
  freedTags: number[];
  /** Artifact indexes locked after but not before. */
  newlyLockedDigests: number[];
  freedDigests: number[];
  /** Artifacts whose retention protection changes. */
  newlyRetentionProtected: number[];
  retentionFreed: number[];
  /** Tags whose verdict is the same but the deciding rule changed. */
  decidedByOtherRule: number[];
}

export function diffSimulations(before: SimulationResult, after: SimulationResult): SimulationDiff {
  if (before.index !== after.index) throw new Error('both simulations must judge the same snapshot index');
  const diff: SimulationDiff = {
    newlyImmutableTags: [],
    freedTags: [],
    newlyLockedDigests: [],
    freedDigests: [],
    newlyRetentionProtected: [],
    retentionFreed: [],
    decidedByOtherRule: [],
  };
  const { tagVerdict: b } = before;
  const { tagVerdict: a } = after;
  const sameRuleSets = before.ruleSets === after.ruleSets;
  // Rule keys as small numbers per project, compared per tag (a string per tag costs more than the rest of the pass).
  const keyNumbers = new Map<string, number>();
  const numbered = (set: CompiledRuleSet | undefined) =>
    Int32Array.from(set?.rules ?? [], (rule) => {
      const key = ruleKey(rule);
      let n = keyNumbers.get(key);
      if (n === undefined) keyNumbers.set(key, (n = keyNumbers.size));
      return n;
    });
  const beforeKeys = sameRuleSets ? [] : before.ruleSets.map(numbered);
  const afterKeys = sameRuleSets ? [] : after.ruleSets.map(numbered);
  const { repositoryProject, artifactRepository, tagArtifact } = before.index;
  for (let t = 0; t < b.length; t++) {
    const was = b[t]! >= 0;
    const is = a[t]! >= 0;
    if (is && !was) diff.newlyImmutableTags.push(t);
    else if (was && !is) diff.freedTags.push(t);
    else if (was && is && !sameRuleSets) {
      const project = repositoryProject[artifactRepository[tagArtifact[t]!]!]!;
      if (beforeKeys[project]![b[t]!] !== afterKeys[project]![a[t]!]) diff.decidedByOtherRule.push(t);
    }
  }
  for (let i = 0; i < before.artifactImmutableTags.length; i++) {
    const was = before.artifactImmutableTags[i]! > 0;
    const is = after.artifactImmutableTags[i]! > 0;
    if (is && !was) diff.newlyLockedDigests.push(i);
    else if (was && !is) diff.freedDigests.push(i);
    const wasKept = before.artifactRetentionVerdict[i]! >= 0;
    const isKept = after.artifactRetentionVerdict[i]! >= 0;
    if (isKept && !wasKept) diff.newlyRetentionProtected.push(i);
    else if (wasKept && !isKept) diff.retentionFreed.push(i);
  }
  return diff;
}
