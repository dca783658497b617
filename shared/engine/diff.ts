// Runs anywhere (pure).
/**
 * The difference between two rule sets judged on the same snapshot: which tags and digests become
 * immutable, and which stop being so.
 */
import type { CompiledRule, CompiledRuleSet } from './rule-set.js';
import type { SimulationResult } from './simulate.js';
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';
import { perIndex } from '../snapshot/per-index.js';

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

/** Change kinds, per tag (a tag is in at most one list) and per artifact (one lock and one retention kind). */
const UNCHANGED = 0;
const BECAME = 1;
const STOPPED = 2;
const OTHER_RULE = 3;

/**
 * Room for one diff's changes, kept per index: a keystroke can turn half a million verdicts, and lists
 * grown by copying (then trimmed, then copied to be posted) cost several times the pass. The pass writes
 * each change and its kind here; the lists are then cut to their exact length from the changes alone.
 */
interface Changes {
  at: Int32Array;
  kind: Uint8Array;
  count: number;
}
const changesRoom = perIndex((index: SnapshotIndex) => {
  const room = (size: number): Changes => ({ at: new Int32Array(size), kind: new Uint8Array(size), count: 0 });
  return { tags: room(index.counts.tags), locks: room(index.counts.artifacts), retention: room(index.counts.artifacts) };
});

/** The changes of kind `kind`, in index order, in an array of their own. */
function listOf(changes: Changes, kind: number): Int32Array {
  const { at, kind: kinds, count } = changes;
  let length = 0;
  for (let i = 0; i < count; i++) if (kinds[i] === kind) length++;
  const list = new Int32Array(length);
  for (let i = 0, n = 0; i < count; i++) if (kinds[i] === kind) list[n++] = at[i]!;
  return list;
}

export function diffSimulations(before: SimulationResult, after: SimulationResult): SimulationDiff {
  if (before.index !== after.index) throw new Error('both simulations must judge the same snapshot index');
  const { tags, locks, retention } = changesRoom(before.index);
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
  let changed = 0;
  const tagAt = tags.at;
  const tagKind = tags.kind;
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
      const kind = is && !was ? BECAME : was && !is ? STOPPED : was && is && !sameRuleSets && keysBefore![wasVerdict] !== keysAfter![isVerdict] ? OTHER_RULE : UNCHANGED;
      if (kind === UNCHANGED) continue;
      tagAt[changed] = t;
      tagKind[changed++] = kind;
    }
  }
  tags.count = changed;
  const { artifactImmutableTags: lockedBefore, artifactRetentionVerdict: keptBefore } = before;
  const { artifactImmutableTags: lockedAfter, artifactRetentionVerdict: keptAfter } = after;
  let lockChanges = 0;
  let retentionChanges = 0;
  for (let i = 0; i < lockedBefore.length; i++) {
    const is = lockedAfter[i]! > 0;
    if (is !== lockedBefore[i]! > 0) {
      locks.at[lockChanges] = i;
      locks.kind[lockChanges++] = is ? BECAME : STOPPED;
    }
    const isKept = keptAfter[i]! >= 0;
    if (isKept !== keptBefore[i]! >= 0) {
      retention.at[retentionChanges] = i;
      retention.kind[retentionChanges++] = isKept ? BECAME : STOPPED;
    }
  }
  locks.count = lockChanges;
  retention.count = retentionChanges;
  return {
    newlyImmutableTags: listOf(tags, BECAME),
    freedTags: listOf(tags, STOPPED),
    newlyLockedDigests: listOf(locks, BECAME),
    freedDigests: listOf(locks, STOPPED),
    newlyRetentionProtected: listOf(retention, BECAME),
    retentionFreed: listOf(retention, STOPPED),
    decidedByOtherRule: listOf(tags, OTHER_RULE),
  };
}
