// Runs anywhere (pure).
/**
 * Harbor's retain performer for one repository (docs/harbor-retention.md §6): what no rule retains is
 * checked for immutability, then deleted in listing order through the artifact API, which refuses what
 * an index still references or what carries an immutable tag; index children Harbor does not list go
 * with their index.
 */
import type { RetentionCandidates } from './candidates.js';
import type { ImmutabilityVerdicts } from './immutability.js';
import { CHECK_DELETE, CHECK_RETENTION, DELETED, IMMUTABLE, REFERENCED, RETAINED } from './outcomes.js';

/**
 * The retain performer, in listing order, for what no rule retains: retention's own immutability check
 * first; then the delete, which refuses an artifact an index still present references, or one with an
 * immutable tag; what passes is deleted and stops referencing its children.
 */
export function performDeletes(
  candidates: RetentionCandidates,
  verdicts: ImmutabilityVerdicts | null,
  repository: number,
  from: number,
  to: number,
  firstArtifact: number,
  outcome: Uint8Array,
  decidedBy: Int32Array,
  immutableCheck: Uint8Array,
  via: Int32Array,
): void {
  const { parentStart, parents, order } = candidates;
  const position = parentStart === null ? null : candidates.position();
  // Retention checks every candidate it would delete before deleting any.
  if (verdicts !== null) {
    for (let i = from; i < to; i++) {
      const slot = order[i]! - firstArtifact;
      if (outcome[slot] !== DELETED) continue;
      const verdict = verdicts.retentionVerdict(repository, order[i]!);
      if (verdict >= 0) {
        outcome[slot] = IMMUTABLE;
        decidedBy[slot] = verdict;
        immutableCheck[slot] = CHECK_RETENTION;
      }
    }
  }
  for (let i = from; i < to; i++) {
    const a = order[i]!;
    const slot = a - firstArtifact;
    if (outcome[slot] !== DELETED) continue;
    // An index still present: one not deleted, or deleted only later in the listing order.
    let present = -1;
    if (parentStart !== null) {
      for (let p = parentStart[a]!; p < parentStart[a + 1]! && present < 0; p++) {
        const parent = parents[p]!;
        if (candidates.isCandidate[parent] === 0 || outcome[parent - firstArtifact] !== DELETED || position![parent]! > i) present = parent;
      }
    }
    if (present >= 0) {
      outcome[slot] = REFERENCED;
      via[slot] = present;
      continue;
    }
    const verdict = verdicts === null ? -1 : verdicts.deleteVerdict(repository, a);
    if (verdict >= 0) {
      outcome[slot] = IMMUTABLE;
      decidedBy[slot] = verdict;
      immutableCheck[slot] = CHECK_DELETE;
    }
  }
}

/**
 * Index children Harbor does not list: deleted when every index referencing them is deleted, otherwise
 * they share the outcome of an index that keeps them. A child of such a child waits for its own index.
 */
export function followIndexes(
  candidates: RetentionCandidates,
  from: number,
  to: number,
  firstArtifact: number,
  outcome: Uint8Array,
  decidedBy: Int32Array,
  immutableCheck: Uint8Array,
  via: Int32Array,
): void {
  const { parents, order, isCandidate } = candidates;
  // Only artifacts with parents are ever not candidates.
  const parentStart = candidates.parentStart!;
  const settled = new Set<number>();
  let pending = Array.from(order.subarray(from, to));
  while (pending.length > 0) {
    const waiting: number[] = [];
    for (const a of pending) {
      let keeper = -1;
      let ready = true;
      for (let p = parentStart[a]!; p < parentStart[a + 1]!; p++) {
        const parent = parents[p]!;
        if (isCandidate[parent] === 0 && !settled.has(parent)) ready = false;
        else if (keeper < 0 && outcome[parent - firstArtifact] !== DELETED) keeper = parent;
      }
      if (!ready) {
        waiting.push(a);
        continue;
      }
      const source = keeper >= 0 ? keeper : parents[parentStart[a]!]!;
      const slot = a - firstArtifact;
      outcome[slot] = outcome[source - firstArtifact]!;
      decidedBy[slot] = decidedBy[source - firstArtifact]!;
      immutableCheck[slot] = immutableCheck[source - firstArtifact]!;
      via[slot] = source;
      settled.add(a);
    }
    // Only a reference cycle, which no registry holds, leaves children waiting for each other.
    if (waiting.length === pending.length) {
      for (const a of waiting) {
        outcome[a - firstArtifact] = RETAINED;
        via[a - firstArtifact] = parents[parentStart[a]!]!;
      }
      return;
    }
    pending = waiting;
  }
}
