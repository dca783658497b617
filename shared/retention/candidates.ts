// Runs anywhere (pure).
/**
 * What tag retention sees of a snapshot, whatever the policy (docs/harbor-retention.md §1): per
 * repository its candidates in the order Harbor lists them, per artifact the candidate's times in Unix
 * seconds, and which artifacts index manifests reference. Computed once per snapshot and kept with it,
 * so a forecast redone after every edit starts from here.
 *
 * - Harbor lists a repository's artifacts newest push first (the artifact's own push time, then the
 *   newest id); a snapshot fetched from Harbor is already in that order, other snapshots are put in it.
 * - One candidate per artifact with all its tags. Its push time is the newest of the artifact's and its
 *   tags' push times, its pull time likewise; never pulled is Go's zero time.
 * - The listing leaves out untagged artifacts that another artifact references (index children): they
 *   are not candidates and go with their index (an index's size already includes them).
 */
import { perIndex } from '../snapshot/per-index.js';
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';
import { candidateSeconds } from './go-time.js';

export interface RetentionCandidates {
  readonly index: SnapshotIndex;
  /** Per artifact, Unix seconds: the newest push and the newest pull. */
  readonly pushed: Float64Array;
  readonly pulled: Float64Array;
  /**
   * Artifacts by repository: within `repositoryArtifactStart[r] .. [r + 1]`, the candidates in listing
   * order up to `candidateEnd[r]`, then the artifacts that are not candidates.
   */
  readonly order: Int32Array;
  readonly candidateEnd: Int32Array;
  /** Per artifact: 1 when it is a retention candidate. */
  readonly isCandidate: Uint8Array;
  /**
   * Per artifact, `parents[parentStart[a] .. parentStart[a + 1])`: the artifacts of its repository whose
   * index lists it; null when no artifact of the snapshot is listed by another.
   */
  readonly parentStart: Int32Array | null;
  readonly parents: Int32Array;
  /** Per artifact, the newer of push and pull (latestActiveK), made on first use. */
  active(): Float64Array;
  /** Per artifact, where it stands in `order`, made on first use. */
  position(): Int32Array;
}

/** Made once per index. */
export const retentionCandidates: (index: SnapshotIndex) => RetentionCandidates = perIndex((index) => build(index));

/** Made once on first use: what only some policies or snapshots need is not paid for by the others. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

function build(index: SnapshotIndex): RetentionCandidates {
  const artifacts = index.counts.artifacts;
  const pushed = new Float64Array(artifacts);
  const pulled = new Float64Array(artifacts);
  const { artifactTagStart, artifactPushTime, artifactPullTime, tagPushTime, tagPullTime } = index;
  // Newest of the artifact's and its tags' times in milliseconds (NaN, never, loses every comparison),
  // then whole seconds: flooring after the maximum gives the maximum of the floored times.
  for (let a = 0; a < artifacts; a++) {
    let push = artifactPushTime[a]!;
    let pull = artifactPullTime[a]!;
    const tagEnd = artifactTagStart[a + 1]!;
    for (let t = artifactTagStart[a]!; t < tagEnd; t++) {
      const tagPush = tagPushTime[t]!;
      const tagPull = tagPullTime[t]!;
      if (tagPush > push || push !== push) push = tagPush;
      if (tagPull > pull || pull !== pull) pull = tagPull;
    }
    pushed[a] = candidateSeconds(push);
    pulled[a] = candidateSeconds(pull);
  }

  const { parentStart, parents } = findParents(index);
  const isCandidate = new Uint8Array(artifacts).fill(1);
  if (parentStart !== null) {
    for (let a = 0; a < artifacts; a++) {
      if (artifactTagStart[a + 1] === artifactTagStart[a] && parentStart[a + 1]! > parentStart[a]!) isCandidate[a] = 0;
    }
  }

  const order = new Int32Array(artifacts);
  const candidateEnd = new Int32Array(index.counts.repositories);
  for (let r = 0; r < index.counts.repositories; r++) {
    const start = index.repositoryArtifactStart[r]!;
    const end = index.repositoryArtifactStart[r + 1]!;
    let at = start;
    for (let a = start; a < end; a++) if (isCandidate[a] === 1) order[at++] = a;
    candidateEnd[r] = at;
    for (let a = start; a < end; a++) if (isCandidate[a] === 0) order[at++] = a;
    listingOrder(index.artifactPushTime, order, start, candidateEnd[r]!);
  }
  return {
    index,
    pushed,
    pulled,
    order,
    candidateEnd,
    isCandidate,
    parentStart,
    parents,
    active: lazy(() => {
      const active = new Float64Array(artifacts);
      for (let a = 0; a < artifacts; a++) active[a] = pulled[a]! > pushed[a]! ? pulled[a]! : pushed[a]!;
      return active;
    }),
    position: lazy(() => {
      const position = new Int32Array(artifacts);
      for (let i = 0; i < artifacts; i++) position[order[i]!] = i;
      return position;
    }),
  };
}

/**
 * Newest artifact push first, then newest id. A snapshot in that order already (one fetched from Harbor)
 * stays as it is; otherwise its order is taken as the order the artifacts were created in, so among
 * equal push times the later one goes first.
 */
function listingOrder(pushTime: Float64Array, order: Int32Array, from: number, to: number): void {
  const time = (a: number) => (Number.isNaN(pushTime[a]!) ? -Infinity : pushTime[a]!);
  let descending = true;
  let ascending = true;
  for (let i = from + 1; i < to && (descending || ascending); i++) {
    const later = time(order[i]!);
    const earlier = time(order[i - 1]!);
    if (later > earlier) descending = false;
    if (later < earlier) ascending = false;
  }
  if (descending && !ascending) return;
  // Oldest first (a generated or hand-written file): reversed, it is newest first with later entries
  // first among equal times, which is the order wanted.
  if (ascending) {
    order.subarray(from, to).reverse();
    return;
  }
  const part = Array.from(order.subarray(from, to));
  part.sort((x, y) => time(y) - time(x) || y - x);
  order.set(part, from);
}

/** For every artifact, the artifacts of the same repository that reference it, found by digest. */
function findParents(index: SnapshotIndex): { parentStart: Int32Array | null; parents: Int32Array } {
  const artifacts = index.counts.artifacts;
  const pairs: number[] = [];
  const { artifactReferenceStart, references, artifactDigests } = index;
  // Per repository with references: an open-addressing table of its referenced digests by hash (slot
  // holds reference + 1), then each artifact looked up by its own hash; equal hashes are confirmed byte
  // by byte. One table, grown when needed and cleared between repositories.
  let slots = new Int32Array(64);
  let hashes = new Uint32Array(64);
  for (let r = 0; r < index.counts.repositories; r++) {
    const start = index.repositoryArtifactStart[r]!;
    const end = index.repositoryArtifactStart[r + 1]!;
    const firstReference = artifactReferenceStart[start]!;
    const endReference = artifactReferenceStart[end]!;
    if (endReference === firstReference) continue;
    let capacity = 64;
    while (capacity < 2 * (endReference - firstReference)) capacity *= 2;
    if (slots.length < capacity) {
      slots = new Int32Array(capacity);
      hashes = new Uint32Array(capacity);
    } else slots.fill(0, 0, capacity);
    const mask = capacity - 1;
    for (let ref = firstReference; ref < endReference; ref++) {
      const hash = references.hashAt(ref);
      let at = hash & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = ref + 1;
      hashes[at] = hash;
    }
    for (let child = start; child < end; child++) {
      const hash = artifactDigests.hashAt(child);
      for (let at = hash & mask; slots[at] !== 0; at = (at + 1) & mask) {
        const ref = slots[at]! - 1;
        if (hashes[at] !== hash || !artifactDigests.sameAs(child, references, ref)) continue;
        const parent = referencingArtifact(artifactReferenceStart, start, end, ref);
        if (parent !== child) pairs.push(child, parent);
      }
    }
  }
  // Index children a snapshot lists as artifacts of their own are rare (Harbor lists only tagged ones).
  if (pairs.length === 0) return { parentStart: null, parents: new Int32Array(0) };
  const counts = new Int32Array(artifacts + 1);
  for (let i = 0; i < pairs.length; i += 2) counts[pairs[i]! + 1] = counts[pairs[i]! + 1]! + 1;
  for (let a = 0; a < artifacts; a++) counts[a + 1] = counts[a + 1]! + counts[a]!;
  const parents = new Int32Array(pairs.length / 2);
  const fill = counts.slice(0, artifacts);
  for (let i = 0; i < pairs.length; i += 2) {
    const child = pairs[i]!;
    parents[fill[child]!] = pairs[i + 1]!;
    fill[child] = fill[child]! + 1;
  }
  return { parentStart: counts, parents };
}

/** The artifact of [start, end) whose references include position `ref` (binary search on the starts). */
function referencingArtifact(artifactReferenceStart: Int32Array, start: number, end: number, ref: number): number {
  let low = start;
  let high = end - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (artifactReferenceStart[middle]! <= ref) low = middle;
    else high = middle - 1;
  }
  return low;
}
