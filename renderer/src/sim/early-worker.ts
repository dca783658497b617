// Runs in the browser (no DOM needed).
/**
 * A simulation worker started with an opened snapshot's bytes the moment they arrive, before the page
 * decodes its own copy: the worker's decoding then runs beside the page's instead of after it, and the
 * first simulation is asked of a worker already loaded. It is handed the spare copy written as the bytes
 * arrived (api/spare-copies.ts), transferred, so starting it costs the page no copying; without such a
 * copy (the desktop app's bytes come over IPC) none starts early and the runner loads its worker as before.
 * One waits at a time: starting another, or the page refusing the bytes, ends one no runner has taken.
 */
import { keepSpareCopy, takeSpareCopy } from '../api/spare-copies.js';
import type { WorkerLike } from './runner.js';

interface EarlyWorker {
  /** The page's copy of the bytes: the index decoded from them is the one this worker has loaded. */
  readonly bytes: ArrayBuffer;
  readonly worker: WorkerLike;
  failed: boolean;
}

let waiting: EarlyWorker | null = null;

/** Starts a worker loading `bytes` from their spare copy; false when there is none (or no worker starts). */
export function startWorkerEarly(bytes: ArrayBuffer, createWorker: () => WorkerLike): boolean {
  dropEarlyWorker();
  const spare = takeSpareCopy(bytes);
  if (spare === null) return false;
  let worker: WorkerLike;
  try {
    worker = createWorker();
  } catch {
    // The runner will find no worker either and say why; the spare is still its to use.
    keepSpareCopy(bytes, spare);
    return false;
  }
  const early: EarlyWorker = { bytes, worker, failed: false };
  // Nobody listens yet: a worker that failed meanwhile is not handed on, the runner starts its own.
  worker.onerror = () => {
    early.failed = true;
  };
  worker.postMessage({ type: 'load-encoded', encoded: spare }, [spare]);
  waiting = early;
  return true;
}

/**
 * The worker started early for `bytes`, once (null when none was, it failed, or another took it). What it
 * posted before being taken is only its 'loaded', which the runner has no use for.
 */
export function takeEarlyWorker(bytes: ArrayBuffer): WorkerLike | null {
  if (waiting === null || waiting.bytes !== bytes) return null;
  const early = waiting;
  waiting = null;
  if (early.failed) {
    early.worker.terminate();
    return null;
  }
  early.worker.onerror = null;
  return early.worker;
}

/** Ends the waiting worker (only if it is the one for `bytes`, when given). */
export function dropEarlyWorker(bytes?: ArrayBuffer): void {
  if (waiting === null || (bytes !== undefined && waiting.bytes !== bytes)) return;
  waiting.worker.terminate();
  waiting = null;
}
