// Runs anywhere (pure).
/**
 * Simulation of rule sets over a snapshot: every tag judged alone (the push/delete/listing path), every
 * artifact judged with all its tags (the retention path), and the totals an admin needs.
 *
 * Verdicts are stored in typed arrays indexed like the SnapshotIndex, encoded as in judge.ts.
 */
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';
import type { CompiledRule, CompiledRuleSet } from './rule-set.js';
import { judge, repositoryStates } from './judge.js';

export { VERDICT_MUTABLE, errorRulePosition, isImmutableVerdict } from './judge.js';

export interface Totals {
  repositories: number;
  artifacts: number;
  tags: number;
  immutableTags: number;
  /** Artifacts with at least one immutable tag: undeletable, retention-proof, their layers kept by GC. */
  lockedDigests: number;
  /** Mutable tags that sit on a locked digest (deletable one by one, but the digest stays). */
  mutableTagsOnLockedDigests: number;
  untaggedArtifacts: number;
  /** Untagged artifacts that tag retention treats as immutable (a matching `excludes` rule). */
  untaggedRetained: number;
  /** Artifacts that tag retention skips as immutable (judged with all their tags). */
  retentionProtected: number;
  /** Tags whose evaluation stopped on a broken rule (counted as mutable, as Harbor does). */
  tagsStoppedByError: number;
}

export interface RuleStats {
  rule: CompiledRule;
  /** Tags this rule made immutable (it was the first to decide). */
  decidedTags: number;
  /** Tags whose evaluation this rule stopped with an error. */
  stoppedTags: number;
}

export interface SimulationResult {
  readonly index: SnapshotIndex;
  /** The rule set judging each project (index as in snapshot.projects). */
  readonly ruleSets: readonly CompiledRuleSet[];
  readonly tagVerdict: Int32Array;
  readonly artifactRetentionVerdict: Int32Array;
  /** Count of immutable tags per artifact; > 0 means the digest is locked. */
  readonly artifactImmutableTags: Int32Array;
  readonly totals: Totals;
  readonly repositoryTotals: readonly Totals[];
  readonly projectTotals: readonly Totals[];
  /** Per project, per rule in evaluation order. */
  readonly ruleStats: readonly (readonly RuleStats[])[];
}

function emptyTotals(): Totals {
  return {
    repositories: 0,
    artifacts: 0,
    tags: 0,
    immutableTags: 0,
    lockedDigests: 0,
    mutableTagsOnLockedDigests: 0,
    untaggedArtifacts: 0,
    untaggedRetained: 0,
    retentionProtected: 0,
    tagsStoppedByError: 0,
  };
}

function addTotals(into: Totals, from: Totals): void {
  for (const key of Object.keys(into) as (keyof Totals)[]) into[key] += from[key];
}

/**
 * Judge every tag and artifact of the snapshot. `ruleSets[p]` judges project p (pass the same set for
 * every project to try one rule list everywhere).
 */
export function simulate(index: SnapshotIndex, ruleSets: readonly CompiledRuleSet[]): SimulationResult {
  const { counts } = index;
  const tagVerdict = new Int32Array(counts.tags);
  const artifactRetentionVerdict = new Int32Array(counts.artifacts);
  const artifactImmutableTags = new Int32Array(counts.artifacts);
  const repositoryTotals: Totals[] = [];
  const projectTotals: Totals[] = index.projects.map(() => emptyTotals());
  const ruleStats: RuleStats[][] = ruleSets.map((set) => set.rules.map((rule) => ({ rule, decidedTags: 0, stoppedTags: 0 })));
  const maxRules = Math.max(0, ...ruleSets.map((set) => set.rules.length));
  const states = new Uint8Array(maxRules);
  const oneTag: string[] = [''];
  const { tagNames, artifactTagStart } = index;

  for (let r = 0; r < counts.repositories; r++) {
    const project = index.repositoryProject[r]!;
    const ruleSet = ruleSets[project];
    if (ruleSet === undefined) throw new Error(`no rule set for project ${project}`);
    const stats = ruleStats[project]!;
    const repository = index.repositoryNames[r]!;
    repositoryStates(ruleSet, repository, states);
    const totals = emptyTotals();
    totals.repositories = 1;
    const artifactEnd = index.repositoryArtifactStart[r + 1]!;
    for (let a = index.repositoryArtifactStart[r]!; a < artifactEnd; a++) {
      const tagStart = artifactTagStart[a]!;
      const tagEnd = artifactTagStart[a + 1]!;
      let immutableTags = 0;
      for (let t = tagStart; t < tagEnd; t++) {
        oneTag[0] = tagNames[t]!;
        const verdict = judge(ruleSet, states, repository, oneTag);
        tagVerdict[t] = verdict;
        if (verdict >= 0) {
          immutableTags++;
          stats[verdict]!.decidedTags++;
        } else if (verdict <= -2) {
          totals.tagsStoppedByError++;
          stats[-verdict - 2]!.stoppedTags++;
        }
      }
      const tagCount = tagEnd - tagStart;
      // Retention judges the artifact with all its tags at once; with one tag it is the tag's verdict.
      const retention =
        tagCount === 1 ? tagVerdict[tagStart]! : judge(ruleSet, states, repository, tagNames.slice(tagStart, tagEnd));
      artifactRetentionVerdict[a] = retention;
      artifactImmutableTags[a] = immutableTags;
      totals.artifacts++;
      totals.tags += tagCount;
      totals.immutableTags += immutableTags;
      if (immutableTags > 0) {
        totals.lockedDigests++;
        totals.mutableTagsOnLockedDigests += tagCount - immutableTags;
      }
      if (tagCount === 0) {
        totals.untaggedArtifacts++;
        if (retention >= 0) totals.untaggedRetained++;
      }
      if (retention >= 0) totals.retentionProtected++;
    }
    repositoryTotals.push(totals);
    addTotals(projectTotals[project]!, totals);
  }

  const overall = emptyTotals();
  for (const totals of projectTotals) addTotals(overall, totals);
  return {
    index,
    ruleSets,
    tagVerdict,
    artifactRetentionVerdict,
    artifactImmutableTags,
    totals: overall,
    repositoryTotals,
    projectTotals,
    ruleStats,
  };
}

export function ruleSetForTag(result: SimulationResult, tag: number): CompiledRuleSet {
  const artifact = result.index.tagArtifact[tag]!;
  return result.ruleSets[result.index.repositoryProject[result.index.artifactRepository[artifact]!]!]!;
}

export function ruleSetForArtifact(result: SimulationResult, artifact: number): CompiledRuleSet {
  return result.ruleSets[result.index.repositoryProject[result.index.artifactRepository[artifact]!]!]!;
}
