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

/**
 * Indexes collected in a typed array, then copied once into a list of their exact length: a keystroke
 * can turn half a million verdicts, and growing a plain list push by push costs several times the pass.
 */
class IndexList {
  private indexes: Int32Array;
  private count = 0;

  constructor(private readonly most: number) {
    this.indexes = new Int32Array(Math.min(most, 1024));
  }

  add(index: number): void {
    if (this.count === this.indexes.length) {
      const grown = new Int32Array(Math.min(this.most, this.indexes.length * 4));
      grown.set(this.indexes);
      this.indexes = grown;
    }
    this.indexes[this.count++] = index;
  }

  toArray(): number[] {
    const out = new Array<number>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.indexes[i]!;
    return out;
  }
}

export function diffSimulations(before: SimulationResult, after: SimulationResult): SimulationDiff {
  if (before.index !== after.index) throw new Error('both simulations must judge the same snapshot index');
  const tags = before.tagVerdict.length;
  const artifacts = before.artifactImmutableTags.length;
  const newlyImmutableTags = new IndexList(tags);
  const freedTags = new IndexList(tags);
  const decidedByOtherRule = new IndexList(tags);
  const newlyLockedDigests = new IndexList(artifacts);
  const freedDigests = new IndexList(artifacts);
  const newlyRetentionProtected = new IndexList(artifacts);
  const retentionFreed = new IndexList(artifacts);
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
    if (is && !was) newlyImmutableTags.add(t);
    else if (was && !is) freedTags.add(t);
    else if (was && is && !sameRuleSets) {
      const project = repositoryProject[artifactRepository[tagArtifact[t]!]!]!;
      if (beforeKeys[project]![b[t]!] !== afterKeys[project]![a[t]!]) decidedByOtherRule.add(t);
    }
  }
  for (let i = 0; i < before.artifactImmutableTags.length; i++) {
    const was = before.artifactImmutableTags[i]! > 0;
    const is = after.artifactImmutableTags[i]! > 0;
    if (is && !was) newlyLockedDigests.add(i);
    else if (was && !is) freedDigests.add(i);
    const wasKept = before.artifactRetentionVerdict[i]! >= 0;
    const isKept = after.artifactRetentionVerdict[i]! >= 0;
    if (isKept && !wasKept) newlyRetentionProtected.add(i);
    else if (wasKept && !isKept) retentionFreed.add(i);
  }
  return {
    newlyImmutableTags: newlyImmutableTags.toArray(),
    freedTags: freedTags.toArray(),
    newlyLockedDigests: newlyLockedDigests.toArray(),
    freedDigests: freedDigests.toArray(),
    newlyRetentionProtected: newlyRetentionProtected.toArray(),
    retentionFreed: retentionFreed.toArray(),
    decidedByOtherRule: decidedByOtherRule.toArray(),
  };
}
