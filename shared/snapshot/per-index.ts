// Runs anywhere (pure).
/**
 * What is derived from a snapshot index once and kept while the index lives: `perIndex(make)` answers
 * `make(index)` the first time and the same value afterwards, without keeping the index alive.
 */
import type { SnapshotIndex } from './snapshot-index.js';

export function perIndex<T>(make: (index: SnapshotIndex) => T): (index: SnapshotIndex) => T {
  const cache = new WeakMap<SnapshotIndex, T>();
  return (index) => {
    if (cache.has(index)) return cache.get(index)!;
    const value = make(index);
    cache.set(index, value);
    return value;
  };
}

/**
 * Values kept per snapshot index by key, at most `limit` of them, the least recently used dropped first:
 * `kept(index, key, make)` answers the kept value, or `make()`'s, then kept.
 */
export function keptPerIndex<T>(limit: number): (index: SnapshotIndex, key: string, make: () => T) => T {
  const maps = perIndex(() => new Map<string, T>());
  return (index, key, make) => {
    const kept = maps(index);
    let value: T;
    if (kept.has(key)) {
      value = kept.get(key)!;
      kept.delete(key);
    } else {
      value = make();
      if (kept.size >= limit) kept.delete(kept.keys().next().value!);
    }
    kept.set(key, value); // most recently used last
    return value;
  };
}
