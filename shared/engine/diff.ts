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

/**
 * What, besides the verdicts, a diff depends on: which rule each verdict's position names, per project.
 * Two drafts with the same verdicts and the same rule keys have the same diff against one server result.
 */
export function diffRuleKeys(result: SimulationResult): string {
  return JSON.stringify(result.ruleSets.map((set) => set.rules.map(ruleKey)));
}

export interface SimulationDiff {
  /** Tag indexes (into the SnapshotIndex) immutable after but not before. */
  newlyImmutableTags: Int32Array;
  freedTags: Int32Array;
  /** Artifact indexes locked after but not before. */
  newlyLockedDigests: Int32Array;
  freedDigests: Int32Array;
  /** Artifacts whose retention protection changes. */
  newlyRetentionProtected: Int32Array;
  retentionFreed: Int32Array;
  /** Tags whose verdict is the same but the deciding rule changed. */
  decidedByOtherRule: Int32Array;
}

/**
 * Indexes collected in a typed array that grows by copying, handed out as a view of its exact length:
 * a keystroke can turn half a million verdicts, and the lists cross to the page as they are (transferable).
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

  /** The indexes added, in a buffer of their own (a view would carry the unused room along when posted). */
  done(): Int32Array {
    return this.count === this.indexes.length ? this.indexes : this.indexes.slice(0, this.count);
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
  const { repositoryProject, repositoryArtifactStart, artifactTagStart } = before.index;
  const repositories = repositoryProject.length;
  // Repository by repository: a tag's project is its repository's, with no lookup per tag.
  for (let r = 0; r < repositories; r++) {
    const project = repositoryProject[r]!;
    const keysBefore = beforeKeys[project];
    const keysAfter = afterKeys[project];
    const end = artifactTagStart[repositoryArtifactStart[r + 1]!]!;
    for (let t = artifactTagStart[repositoryArtifactStart[r]!]!; t < end; t++) {
      const wasVerdict = b[t]!;
      const isVerdict = a[t]!;
      if (wasVerdict === isVerdict && sameRuleSets) continue;
      const was = wasVerdict >= 0;
      const is = isVerdict >= 0;
      if (is && !was) newlyImmutableTags.add(t);
      else if (was && !is) freedTags.add(t);
      else if (was && is && !sameRuleSets && keysBefore![wasVerdict] !== keysAfter![isVerdict]) decidedByOtherRule.add(t);
    }
  }
  const { artifactImmutableTags: lockedBefore, artifactRetentionVerdict: keptBefore } = before;
  const { artifactImmutableTags: lockedAfter, artifactRetentionVerdict: keptAfter } = after;
  for (let i = 0; i < artifacts; i++) {
    const was = lockedBefore[i]! > 0;
    const is = lockedAfter[i]! > 0;
    if (is !== was) (is ? newlyLockedDigests : freedDigests).add(i);
    const wasKept = keptBefore[i]! >= 0;
    const isKept = keptAfter[i]! >= 0;
    if (isKept !== wasKept) (isKept ? newlyRetentionProtected : retentionFreed).add(i);
  }
  return {
    newlyImmutableTags: newlyImmutableTags.done(),
    freedTags: freedTags.done(),
    newlyLockedDigests: newlyLockedDigests.done(),
    freedDigests: freedDigests.done(),
    newlyRetentionProtected: newlyRetentionProtected.done(),
    retentionFreed: retentionFreed.done(),
    decidedByOtherRule: decidedByOtherRule.done(),
  };
}
