// Runs in the browser (pure helpers, no DOM).
/**
 * Sorting the tag table by any column, in time linear in the rows shown, so a re-simulation while typing
 * never re-sorts a million names: the orders by name, push time, size and digest depend only on the
 * snapshot and are computed once per index; verdict, rule, Harbor's verdict and change take few values
 * and are bucketed (stably) over the name order.
 */
import { errorRulePosition } from '../../../shared/engine/simulate.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import type { SimulationView } from '../sim/compute.js';
import { isMismatch } from './tag-table.js';

export type TagSortKey = 'repository' | 'tag' | 'verdict' | 'rule' | 'server' | 'change' | 'pushed' | 'size' | 'digest';

export interface TagSort {
  key: TagSortKey;
  descending: boolean;
}

type StaticKey = 'repository' | 'tag' | 'pushed' | 'size' | 'digest';

const staticOrders = new WeakMap<SnapshotIndex, Map<StaticKey, Int32Array>>();

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Numbers ascending, unknown (NaN) last. */
const byNumber = (a: number, b: number) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a - b);

/** Every tag of the snapshot in the order of one of its own columns (ties: repository, tag, snapshot order). */
export function staticOrder(index: SnapshotIndex, key: StaticKey): Int32Array {
  let orders = staticOrders.get(index);
  if (orders === undefined) {
    orders = new Map();
    staticOrders.set(index, orders);
  }
  const cached = orders.get(key);
  if (cached !== undefined) return cached;
  const tags = index.counts.tags;
  const repositoryOf = (t: number) => index.artifactRepository[index.tagArtifact[t]!]!;
  const repositoryName = (t: number) => index.repositoryNames[repositoryOf(t)]!;
  const byName = (a: number, b: number) => byText(repositoryName(a), repositoryName(b)) || byText(index.tagNames[a]!, index.tagNames[b]!) || a - b;
  let compare: (a: number, b: number) => number;
  switch (key) {
    case 'repository':
      compare = byName;
      break;
    case 'tag':
      compare = (a, b) => byText(index.tagNames[a]!, index.tagNames[b]!) || byText(repositoryName(a), repositoryName(b)) || a - b;
      break;
    case 'pushed':
      compare = (a, b) => byNumber(index.tagPushTime[a]!, index.tagPushTime[b]!) || byName(a, b);
      break;
    case 'size':
      compare = (a, b) => byNumber(index.artifactSize[index.tagArtifact[a]!]!, index.artifactSize[index.tagArtifact[b]!]!) || byName(a, b);
      break;
    case 'digest': {
      const digests = new Array<string>(index.counts.artifacts);
      for (let a = 0; a < digests.length; a++) digests[a] = index.artifactDigests.get(a);
      compare = (a, b) => byText(digests[index.tagArtifact[a]!]!, digests[index.tagArtifact[b]!]!) || byName(a, b);
      break;
    }
  }
  const all = new Int32Array(tags);
  for (let t = 0; t < tags; t++) all[t] = t;
  all.sort(compare);
  orders.set(key, all);
  return all;
}

/** `rows` (a subset of the tags) in the order of `order`, reversed when descending. */
function inOrder(rows: Int32Array, order: Int32Array, total: number, descending: boolean): Int32Array {
  const member = new Uint8Array(total);
  for (const t of rows) member[t] = 1;
  const out = new Int32Array(rows.length);
  let n = 0;
  if (descending) {
    for (let i = order.length - 1; i >= 0; i--) if (member[order[i]!] === 1) out[n++] = order[i]!;
  } else {
    for (let i = 0; i < order.length; i++) if (member[order[i]!] === 1) out[n++] = order[i]!;
  }
  return out;
}

/** A small key per tag (0..buckets-1) for the columns that take few values; ascending = the natural reading order. */
function bucketKey(view: SimulationView, key: Exclude<TagSortKey, StaticKey>): { buckets: number; of: (t: number) => number } {
  const verdicts = view.draft.tagVerdict;
  switch (key) {
    case 'verdict':
      // Immutable first, then the tags an error left mutable, then the mutable ones.
      return { buckets: 3, of: (t) => (verdicts[t]! >= 0 ? 0 : errorRulePosition(verdicts[t]!) !== null ? 1 : 2) };
    case 'rule': {
      // By the deciding (or failing) rule's place in the evaluation order; tags no rule decides last.
      let most = 0;
      for (const set of view.draft.ruleSets) most = Math.max(most, set.rules.length);
      return {
        buckets: most + 1,
        of: (t) => {
          const v = verdicts[t]!;
          return v >= 0 ? v : (errorRulePosition(v) ?? most);
        },
      };
    }
    case 'server': {
      // Differences from the simulation first, then immutable, mutable, unknown.
      const recorded = view.draft.index.tagServerImmutable;
      return { buckets: 4, of: (t) => (isMismatch(view, t) ? 0 : recorded[t] === 1 ? 1 : recorded[t] === 0 ? 2 : 3) };
    }
    case 'change':
      // Newly immutable, then freed, then unchanged.
      return { buckets: 3, of: (t) => (view.tagChange[t] === 1 ? 0 : view.tagChange[t] === -1 ? 1 : 2) };
  }
}

/** The rows sorted by one column (ties by repository and tag); `null` keeps the snapshot order. */
export function sortTags(view: SimulationView, rows: Int32Array, sort: TagSort | null): Int32Array {
  if (sort === null || rows.length < 2) return rows;
  const index = view.draft.index;
  const total = index.counts.tags;
  if (sort.key === 'repository' || sort.key === 'tag' || sort.key === 'pushed' || sort.key === 'size' || sort.key === 'digest') {
    return inOrder(rows, staticOrder(index, sort.key), total, sort.descending);
  }
  // Stable counting sort of the rows by name over the key's buckets.
  const named = inOrder(rows, staticOrder(index, 'repository'), total, false);
  const { buckets, of } = bucketKey(view, sort.key);
  const keys = new Int32Array(named.length);
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < named.length; i++) {
    const k = of(named[i]!);
    keys[i] = sort.descending ? buckets - 1 - k : k;
    starts[keys[i]! + 1]!++;
  }
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
  const out = new Int32Array(named.length);
  for (let i = 0; i < named.length; i++) out[starts[keys[i]!]!++] = named[i]!;
  return out;
}

/** Position of `tag` in sorted `rows` (a linear scan: sorted rows are no longer in tag order), or -1. */
export function positionOf(rows: Int32Array, tag: number, sorted: boolean): number {
  if (!sorted) {
    let lo = 0;
    let hi = rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = rows[mid]!;
      if (v === tag) return mid;
      if (v < tag) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
  return rows.indexOf(tag);
}
