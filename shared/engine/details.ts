// Runs anywhere (pure).
/**
 * Readable views of one tag or one digest out of a SimulationResult: what decided, what it locks, and
 * what Harbor will now refuse (spec §4).
 */
import type { SnapshotArtifact } from '../snapshot/schema.js';
import { artifactData, projectNameOfRepository, tagServerVerdict } from '../snapshot/snapshot-index.js';
import type { CompiledRule } from './rule-set.js';
import type { SimulationResult } from './simulate.js';
import { judgedName } from './decide.js';
import { errorRulePosition, ruleSetForArtifact, ruleSetForTag } from './simulate.js';

export interface TagDetail {
  tag: number;
  project: string;
  repository: string;
  name: string;
  digest: string;
  immutable: boolean;
  /** The rule that decided, if immutable. */
  rule: CompiledRule | null;
  /** The rule whose error stopped evaluation, if any. */
  errorRule: CompiledRule | null;
  /** Harbor's own verdict recorded in the snapshot, when known. */
  serverImmutable: boolean | null;
  /** What tag retention does with this tag's artifact, which it may judge by another name. */
  retention: RetentionView;
}

/** Tag retention's view of an artifact in the Harbor release simulated. */
export interface RetentionView {
  /** "Harbor 2.15.2". */
  harbor: string;
  /** The name retention judges, when it is not the repository's own (releases up to 2.15.2 drop the first component). */
  judgedAs: string | null;
  protected: boolean;
  /** One sentence, e.g. "Tag retention in Harbor 2.15.2 judges this artifact as `app` … the delete is refused (412): it stays." */
  sentence: string;
}

export interface DigestDetail {
  artifact: number;
  project: string;
  repository: string;
  digest: string;
  data: SnapshotArtifact;
  locked: boolean;
  lockingTags: string[];
  /** Distinct rules that made a tag of this digest immutable. */
  lockingRules: CompiledRule[];
  mutableTags: string[];
  /** Tag retention skips this artifact (judged with all its tags). */
  retentionProtected: boolean;
  retention: RetentionView;
  consequences: Consequence[];
}

export type Operation =
  | 'overwrite-tag'
  | 'delete-tag'
  | 'delete-artifact'
  | 'retention'
  | 'garbage-collection';

export interface Consequence {
  operation: Operation;
  blocked: boolean;
  explanation: string;
}

export function tagDetail(result: SimulationResult, tag: number): TagDetail {
  const { index } = result;
  const artifact = index.tagArtifact[tag]!;
  const repository = index.artifactRepository[artifact]!;
  const verdict = result.tagVerdict[tag]!;
  const rules = ruleSetForTag(result, tag).rules;
  const errorAt = errorRulePosition(verdict);
  return {
    tag,
    project: projectNameOfRepository(index, repository),
    repository: index.repositoryNames[repository]!,
    name: index.tagNames[tag]!,
    digest: index.artifactDigests.get(artifact),
    immutable: verdict >= 0,
    rule: verdict >= 0 ? rules[verdict]! : null,
    errorRule: errorAt === null ? null : rules[errorAt]!,
    serverImmutable: tagServerVerdict(index, tag),
    retention: retentionView(result, artifact),
  };
}

export function retentionView(result: SimulationResult, artifact: number): RetentionView {
  const { index } = result;
  const set = ruleSetForArtifact(result, artifact);
  const repository = index.repositoryNames[index.artifactRepository[artifact]!]!;
  const judged = judgedName(set, repository, 'retention');
  const judgedAs = judged === repository ? null : judged;
  const isProtected = result.artifactRetentionVerdict[artifact]! >= 0;
  const locked = result.artifactImmutableTags[artifact]! > 0;
  const untagged = index.artifactTagStart[artifact + 1]! === index.artifactTagStart[artifact]!;
  const harbor = set.profile.label;
  const as = judgedAs === null ? '' : ` judges this artifact as \`${judgedAs}\` (not \`${repository}\`) and`;
  let sentence: string;
  if (isProtected) {
    sentence = untagged
      ? `Tag retention in ${harbor}${as} skips it as IMMUTABLE: a rule selects untagged artifacts of this repository` +
        (set.profile.behaviour.retention.untaggedMatchesSelect ? ' (before 2.5.0, `matches` rules did too).' : ' (an `excludes` rule).')
      : `Tag retention in ${harbor}${as} skips it as IMMUTABLE.`;
    if (!locked && !untagged) sentence += ' No tag of it is immutable on push or delete, so only retention keeps it.';
  } else {
    // Retention deletes through the artifact delete, which judges each tag by the real name
    // (docs/harbor-retention.md §6): a locked artifact its own check missed is refused there and stays.
    sentence = locked
      ? `Tag retention in ${harbor}${as} does not skip it as IMMUTABLE: a run that would remove it tries to delete it, ` +
        'and the delete is refused because its tags are immutable (412), so it stays; the run logs it as an error (ERR).'
      : `Tag retention in ${harbor}${as} may delete it.`;
  }
  return { harbor, judgedAs, protected: isProtected, sentence };
}

/** Which tags of a digest lock it, by which rules, and which tags stay mutable beside them. */
export interface DigestLocking {
  locked: boolean;
  lockingTags: string[];
  lockingRules: CompiledRule[];
  mutableTags: string[];
  retentionProtected: boolean;
}

export function digestLocking(result: SimulationResult, artifact: number): DigestLocking {
  const { index } = result;
  const rules = ruleSetForArtifact(result, artifact).rules;
  const lockingTags: string[] = [];
  const mutableTags: string[] = [];
  const lockingRules = new Set<CompiledRule>();
  for (let t = index.artifactTagStart[artifact]!; t < index.artifactTagStart[artifact + 1]!; t++) {
    const verdict = result.tagVerdict[t]!;
    if (verdict >= 0) {
      lockingTags.push(index.tagNames[t]!);
      lockingRules.add(rules[verdict]!);
    } else {
      mutableTags.push(index.tagNames[t]!);
    }
  }
  return {
    locked: lockingTags.length > 0,
    lockingTags,
    lockingRules: [...lockingRules],
    mutableTags,
    retentionProtected: result.artifactRetentionVerdict[artifact]! >= 0,
  };
}

export function digestDetail(result: SimulationResult, artifact: number): DigestDetail {
  const { index } = result;
  const repository = index.artifactRepository[artifact]!;
  const locking = digestLocking(result, artifact);
  const untagged = locking.lockingTags.length + locking.mutableTags.length === 0;
  const retention = retentionView(result, artifact);
  return {
    artifact,
    project: projectNameOfRepository(index, repository),
    repository: index.repositoryNames[repository]!,
    digest: index.artifactDigests.get(artifact),
    data: artifactData(index, artifact),
    ...locking,
    retention,
    consequences: consequencesOf(locking.locked, locking.lockingTags, locking.mutableTags, retention, untagged),
  };
}

function consequencesOf(
  locked: boolean,
  lockingTags: readonly string[],
  mutableTags: readonly string[],
  retention: RetentionView,
  untagged: boolean,
): Consequence[] {
  const list = (tags: readonly string[]) => tags.slice(0, 5).join(', ') + (tags.length > 5 ? ', …' : '');
  return [
    {
      operation: 'overwrite-tag',
      blocked: locked,
      explanation: locked
        ? `Pushing to ${list(lockingTags)} is refused (412), even with the same digest.` +
          (mutableTags.length > 0 ? ` ${list(mutableTags)} can still be overwritten.` : '')
        : 'Every tag of this digest can be overwritten.',
    },
    {
      operation: 'delete-tag',
      blocked: locked,
      explanation: locked
        ? `Deleting ${list(lockingTags)} is refused (412).` + (mutableTags.length > 0 ? ` ${list(mutableTags)} can still be deleted one by one.` : '')
        : 'Every tag of this digest can be deleted.',
    },
    {
      operation: 'delete-artifact',
      blocked: locked,
      explanation: locked
        ? 'Deleting the artifact, or its repository, is refused (412) and the whole request rolled back.'
        : untagged
          ? 'Untagged: push and delete paths never protect it; it can be deleted.'
          : 'The artifact can be deleted.',
    },
    { operation: 'retention', blocked: retention.protected, explanation: retention.sentence },
    {
      operation: 'garbage-collection',
      blocked: locked,
      explanation: locked
        ? 'GC keeps all its layers: only blobs of deleted artifacts are reclaimed, and this one cannot be deleted.'
        : 'Its layers are reclaimed by GC once it is deleted.',
    },
  ];
}
