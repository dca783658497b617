// Runs in the browser (no DOM needed).
/**
 * The bytes an index was decoded from (index-codec.ts), kept beside it: a simulation worker is loaded by
 * copying them, one memory copy, rather than by structured-cloning the index's million strings on the
 * main thread. Held weakly: an index no longer open takes its bytes with it.
 */
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';

const encodings = new WeakMap<SnapshotIndex, ArrayBuffer>();

export function rememberEncoding(index: SnapshotIndex, encoded: ArrayBuffer): void {
  encodings.set(index, encoded);
}

export function encodingOf(index: SnapshotIndex): ArrayBuffer | null {
  return encodings.get(index) ?? null;
}
