// Runs in the browser (no DOM needed).
/**
 * A simulation worker started with an opened snapshot's bytes the moment they arrive, before the page
 * decodes its own copy: the worker's decoding then runs beside the page's instead of after it, and the
 * first simulation is asked of a worker already loaded. It is handed the spare copy written as the bytes
 * arrived (api/spare-copies.ts), transferred, or the bytes themselves when they are in shared memory
 * (posting shares them), so starting it costs the page no copying; without either (the desktop app's
 * bytes come over IPC) the runner loads its first worker as before.
 * One waits at a time: starting another, or the page refusing the bytes, ends one no runner has taken.
 * The worker itself may be started sooner still, as the bytes are asked for (`warmWorker`): its code then
 * loads while they download, not after.
 */
import { keepSpareCopy, takeSpareCopy } from '../api/spare-copies.js';
import { isSharedMemory } from '../../../shared/snapshot/index-codec.js';
import type { WorkerLike } from './runner.js';

interface EarlyWorker {
  /** The page's copy of the bytes this worker loads (null while they download): the index decoded from them is the one it has. */
  bytes: ArrayBuffer | SharedArrayBuffer | null;
  readonly worker: WorkerLike;
  failed: boolean;
}

let early: EarlyWorker | null = null;

function start(createWorker: () => WorkerLike): EarlyWorker | null {
  let worker: WorkerLike;
  try {
    worker = createWorker();
  } catch {
    // The runner will find no worker either and say why.
    return null;
  }
  const started: EarlyWorker = { bytes: null, worker, failed: false };
  // Nobody listens yet: a worker that failed meanwhile is not handed on, the runner starts its own.
  worker.onerror = () => {
    started.failed = true;
  };
  return started;
}

/**
 * Starts a worker now, for bytes about to arrive. If they come without a spare copy (small answers are
 * read whole; the desktop app's come over IPC), it waits idle and becomes the runner's first worker
 * (`takeWaitingWorker`), loaded the usual way: ending it would only start another, and a worker ended
 * while its code loads shows as an aborted request.
 */
export function warmWorker(createWorker: () => WorkerLike): void {
  dropEarlyWorker();
  early = start(createWorker);
}

/**
 * Starts a worker (or uses the warm one) loading `bytes`: shared memory as it is, otherwise their spare
 * copy; false when there is neither.
 */
export function startWorkerEarly(bytes: ArrayBuffer | SharedArrayBuffer, createWorker: () => WorkerLike): boolean {
  const warmed = early !== null && early.bytes === null ? early : null;
  if (warmed === null) dropEarlyWorker();
  const shared = isSharedMemory(bytes);
  const spare = shared ? null : takeSpareCopy(bytes);
  if (!shared && spare === null) return false;
  const chosen = warmed ?? start(createWorker);
  if (chosen === null) {
    // The spare is still the runner's to use.
    if (spare !== null) keepSpareCopy(bytes, spare);
    return false;
  }
  chosen.bytes = bytes;
  if (spare !== null) chosen.worker.postMessage({ type: 'load-encoded', encoded: spare }, [spare]);
  else chosen.worker.postMessage({ type: 'load-encoded', encoded: bytes });
  early = chosen;
  return true;
}

/**
 * The waiting worker, once, for the runner of the index decoded from `bytes`: `loaded` when it was handed
 * those bytes (what it posted before being taken is only its 'loaded', which the runner has no use for),
 * not when it was warmed and handed none (the runner loads it as usual). Null when none waits, it failed,
 * or it loads other bytes.
 */
export function takeWaitingWorker(bytes: ArrayBuffer | SharedArrayBuffer | null): { worker: WorkerLike; loaded: boolean } | null {
  if (early === null || (early.bytes !== null && early.bytes !== bytes)) return null;
  const taken = early;
  early = null;
  if (taken.failed) {
    taken.worker.terminate();
    return null;
  }
  taken.worker.onerror = null;
  return { worker: taken.worker, loaded: taken.bytes !== null };
}

/** Ends the waiting worker (only if it is the one for `bytes`, when given). */
export function dropEarlyWorker(bytes?: ArrayBuffer | SharedArrayBuffer): void {
  if (early === null || (bytes !== undefined && early.bytes !== bytes)) return;
  early.worker.terminate();
  early = null;
}
