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

/** The seven lists of a diff, in one order: how many entries each has, then the lists themselves. */
const LISTS = 7;
const NEWLY_IMMUTABLE = 0;
const FREED_TAG = 1;
const OTHER_RULE = 2;
const NEWLY_LOCKED = 3;
const FREED_DIGEST = 4;
const NEWLY_PROTECTED = 5;
const RETENTION_FREED = 6;

/**
 * Two passes over the verdicts, the first counting and the second filling lists of their exact length:
 * a keystroke can turn half a million verdicts, and lists grown by copying (then trimmed, then copied to
 * be posted) cost several times the pass. `add` is called as `add(list, index)` in index order.
 */
function walkChanges(before: SimulationResult, after: SimulationResult, add: (list: number, index: number) => void): void {
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
      if (is && !was) add(NEWLY_IMMUTABLE, t);
      else if (was && !is) add(FREED_TAG, t);
      else if (was && is && !sameRuleSets && keysBefore![wasVerdict] !== keysAfter![isVerdict]) add(OTHER_RULE, t);
    }
  }
  const { artifactImmutableTags: lockedBefore, artifactRetentionVerdict: keptBefore } = before;
  const { artifactImmutableTags: lockedAfter, artifactRetentionVerdict: keptAfter } = after;
  const artifacts = lockedBefore.length;
  for (let i = 0; i < artifacts; i++) {
    const was = lockedBefore[i]! > 0;
    const is = lockedAfter[i]! > 0;
    if (is !== was) add(is ? NEWLY_LOCKED : FREED_DIGEST, i);
    const wasKept = keptBefore[i]! >= 0;
    const isKept = keptAfter[i]! >= 0;
    if (isKept !== wasKept) add(isKept ? NEWLY_PROTECTED : RETENTION_FREED, i);
  }
}

export function diffSimulations(before: SimulationResult, after: SimulationResult): SimulationDiff {
  if (before.index !== after.index) throw new Error('both simulations must judge the same snapshot index');
  const counts = new Int32Array(LISTS);
  walkChanges(before, after, (list) => counts[list]!++);
  const lists = Array.from(counts, (count) => new Int32Array(count));
  const filled = new Int32Array(LISTS);
  if (counts.some((count) => count > 0)) walkChanges(before, after, (list, index) => (lists[list]![filled[list]!++] = index));
  return {
    newlyImmutableTags: lists[NEWLY_IMMUTABLE]!,
    freedTags: lists[FREED_TAG]!,
    newlyLockedDigests: lists[NEWLY_LOCKED]!,
    freedDigests: lists[FREED_DIGEST]!,
    newlyRetentionProtected: lists[NEWLY_PROTECTED]!,
    retentionFreed: lists[RETENTION_FREED]!,
    decidedByOtherRule: lists[OTHER_RULE]!,
  };
}
