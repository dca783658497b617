// Runs in the browser (no DOM needed).
/**
 * The bytes an index was decoded from (index-codec.ts), kept beside it, so a simulation worker is loaded
 * with bytes rather than by structured-cloning the index's million strings on the main thread. Posting
 * the bytes would still copy them in one task (a 110 MB memcpy at a million tags), so a spare copy is
 * *transferred* to the worker: the one written as the bytes arrived over HTTP, or one made a slice per
 * task; the next spare is made that way once that worker has answered, for a worker started again. Such
 * an index's columns are views of the kept bytes: posting one column alone would clone all of them.
 * Bytes in shared memory (a page isolated from other origins: api/transport.ts) need none of this: every
 * worker is handed them as they are, and posting shares them.
 * Held weakly: an index no longer open takes its bytes with it.
 */
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { takeSpareCopy } from '../api/spare-copies.js';
import { isSharedMemory } from '../../../shared/snapshot/index-codec.js';
import { yieldToBrowser } from './yield.js';

interface Encoding {
  readonly bytes: ArrayBuffer | SharedArrayBuffer;
  spare: ArrayBuffer | null;
  copying: Promise<void> | null;
}

const encodings = new WeakMap<SnapshotIndex, Encoding>();
/** Bytes copied per task while making a spare: a few milliseconds of copying, not a pause per 2 MB. */
const COPY_SLICE_BYTES = 16 * 2 ** 20;

export function rememberEncoding(index: SnapshotIndex, bytes: ArrayBuffer | SharedArrayBuffer): void {
  // A copy made as the bytes arrived, when they came over HTTP (spare-copies.ts): the first spare.
  encodings.set(index, { bytes, spare: takeSpareCopy(bytes), copying: null });
}

/** The bytes `index` was decoded from (null when it came from none). */
export function encodedBytesOf(index: SnapshotIndex): ArrayBuffer | SharedArrayBuffer | null {
  return encodings.get(index)?.bytes ?? null;
}

/** Makes the spare copy, a slice per task; resolves when it is there (at once if it already is). */
export function prepareSpare(index: SnapshotIndex, pause: () => Promise<void> = yieldToBrowser): Promise<void> {
  const encoding = encodings.get(index);
  if (encoding === undefined || encoding.spare !== null || isSharedMemory(encoding.bytes)) return Promise.resolve();
  encoding.copying ??= (async () => {
    const bytes = encoding.bytes as ArrayBuffer;
    const copy = new Uint8Array(bytes.byteLength);
    for (let at = 0; at < copy.length; at += COPY_SLICE_BYTES) {
      copy.set(new Uint8Array(bytes, at, Math.min(COPY_SLICE_BYTES, copy.length - at)), at);
      await pause();
    }
    encoding.spare = copy.buffer;
    encoding.copying = null;
  })();
  return encoding.copying;
}

/**
 * What to post to a new worker: shared memory as it is (posting shares it), the spare to transfer (the
 * runner asks for the next one later), or, when none is ready, the kept bytes to copy; null when the
 * index came from no encoding.
 */
export function encodingForWorker(index: SnapshotIndex): { bytes: ArrayBuffer | SharedArrayBuffer; transfer: boolean } | null {
  const encoding = encodings.get(index);
  if (encoding === undefined) return null;
  if (isSharedMemory(encoding.bytes)) return { bytes: encoding.bytes, transfer: false };
  const spare = encoding.spare;
  if (spare === null) return { bytes: encoding.bytes, transfer: false };
  // The next spare is made once the worker has answered (the runner asks for it then): made now, its
  // copying would compete with the worker's decoding and first simulation for the processor.
  encoding.spare = null;
  return { bytes: spare, transfer: true };
}
