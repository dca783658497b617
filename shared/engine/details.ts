// Runs anywhere (pure).
/**
 * Readable views of one tag or one digest out of a SimulationResult: what decided, what it locks, and
 * what Harbor will now refuse (spec §4).
 */
import type { SnapshotArtifact } from '../snapshot/schema.js';
import { artifactData, projectNameOfRepository, tagServerVerdict } from '../snapshot/snapshot-index.js';
import type { CompiledRule } from './rule-set.js';
import type { SimulationResult } from './simulate.js';
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
  };
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
  return {
    artifact,
    project: projectNameOfRepository(index, repository),
    repository: index.repositoryNames[repository]!,
    digest: index.artifactDigests.get(artifact),
    data: artifactData(index, artifact),
    ...locking,
    consequences: consequencesOf(locking.locked, locking.lockingTags, locking.mutableTags, locking.retentionProtected, untagged),
  };
}

function consequencesOf(
  locked: boolean,
  lockingTags: readonly string[],
  mutableTags: readonly string[],
  retentionProtected: boolean,
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
    {
      operation: 'retention',
      blocked: retentionProtected,
      explanation: retentionProtected
        ? untagged
          ? 'Tag retention skips it as IMMUTABLE: an `excludes` rule selects untagged artifacts of this repository.'
          : 'Tag retention skips it as IMMUTABLE.'
        : 'Tag retention may delete it.',
    },
    {
      operation: 'garbage-collection',
      blocked: locked,
      explanation: locked
        ? 'GC keeps all its layers: only blobs of deleted artifacts are reclaimed, and this one cannot be deleted.'
        : 'Its layers are reclaimed by GC once it is deleted.',
    },
  ];
}
