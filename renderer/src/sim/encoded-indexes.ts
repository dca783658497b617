// Runs in the browser (no DOM needed).
/**
 * The bytes an index was decoded from (index-codec.ts), kept beside it, so a simulation worker is loaded
 * with bytes rather than by structured-cloning the index's million strings on the main thread. Posting
 * the bytes would still copy them in one task (a 110 MB memcpy at a million tags), so a spare copy is
 * made ahead, a slice per task, and *transferred* to the worker; the next spare is then made the same
 * way, for a worker started again. Such an index's columns are views of the kept bytes: posting one
 * column alone would clone all of them. Held weakly: an index no longer open takes its bytes with it.
 */
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { yieldToBrowser } from './yield.js';

interface Encoding {
  readonly bytes: ArrayBuffer;
  spare: ArrayBuffer | null;
  copying: Promise<void> | null;
}

const encodings = new WeakMap<SnapshotIndex, Encoding>();
/** Bytes copied per task while making a spare. */
const COPY_SLICE_BYTES = 2 * 2 ** 20;

export function rememberEncoding(index: SnapshotIndex, bytes: ArrayBuffer): void {
  encodings.set(index, { bytes, spare: null, copying: null });
}

/** Makes the spare copy, a slice per task; resolves when it is there (at once if it already is). */
export function prepareSpare(index: SnapshotIndex, pause: () => Promise<void> = yieldToBrowser): Promise<void> {
  const encoding = encodings.get(index);
  if (encoding === undefined || encoding.spare !== null) return Promise.resolve();
  encoding.copying ??= (async () => {
    const copy = new Uint8Array(encoding.bytes.byteLength);
    for (let at = 0; at < copy.length; at += COPY_SLICE_BYTES) {
      copy.set(new Uint8Array(encoding.bytes, at, Math.min(COPY_SLICE_BYTES, copy.length - at)), at);
      await pause();
    }
    encoding.spare = copy.buffer;
    encoding.copying = null;
  })();
  return encoding.copying;
}

/**
 * What to post to a new worker: the spare to transfer (and a new spare is started), or, when none is
 * ready, the kept bytes to copy; null when the index came from no encoding.
 */
export function encodingForWorker(index: SnapshotIndex): { bytes: ArrayBuffer; transfer: boolean } | null {
  const encoding = encodings.get(index);
  if (encoding === undefined) return null;
  const spare = encoding.spare;
  if (spare === null) return { bytes: encoding.bytes, transfer: false };
  encoding.spare = null;
  void prepareSpare(index);
  return { bytes: spare, transfer: true };
}
