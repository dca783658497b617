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
