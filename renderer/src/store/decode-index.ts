// Runs in the browser (no DOM needed).
/**
 * Decodes the compact form of an opened snapshot (as the Node side sends it, index-codec.ts) without one
 * long main-thread task: the decoder's steps run until a slice of work has taken `budgetMs`, then the
 * browser gets a turn. The encoding is remembered beside the index, so the simulation worker can be
 * handed a copy of the bytes instead of a clone of a million strings (encoded-indexes.ts). Where a spare
 * copy came with the bytes, that worker starts loading it before this decoding begins (early-worker.ts).
 */
import { TaglockError } from '../../../shared/errors.js';
import { DamagedIndexError, decodeSnapshotIndexSteps, isSharedMemory } from '../../../shared/snapshot/index-codec.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { dropEarlyWorker, startWorkerEarly } from '../sim/early-worker.js';
import { prepareSpare, rememberEncoding } from '../sim/encoded-indexes.js';
import type { WorkerLike } from '../sim/runner.js';
import { startSimulationWorker } from '../sim/runner.js';
import { yieldToBrowser } from '../sim/yield.js';

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export interface DecodeOptions {
  budgetMs?: number;
  pause?: () => Promise<void>;
  /** Starts the simulation worker to load the bytes early; null for none (where Workers do not exist). */
  startWorker?: (() => WorkerLike) | null;
}

function isBuffer(value: unknown): value is ArrayBuffer | SharedArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]' || isSharedMemory(value);
}

export async function decodeIndexIncrementally(encoded: unknown, options: DecodeOptions = {}): Promise<SnapshotIndex> {
  // Not instanceof: an ArrayBuffer from another realm (a bridge, a test environment) is one too. Shared
  // memory when the page may share it with its worker (api/transport.ts).
  if (!isBuffer(encoded)) throw new TaglockError('internal', 'the snapshot arrived in a form Taglock cannot read');
  const budget = options.budgetMs ?? 25;
  const pause = options.pause ?? yieldToBrowser;
  // Views, not copies: nothing to copy on this thread. The columns are never posted on their own (the
  // worker gets the bytes: encoded-indexes.ts), which would clone the whole buffer for each.
  const steps = decodeSnapshotIndexSteps(encoded, { copy: false });
  const startWorker = options.startWorker !== undefined ? options.startWorker : typeof Worker !== 'undefined' ? startSimulationWorker : null;
  // It decodes beside this thread; if these bytes are refused below, it is ended with them.
  const startedEarly = startWorker !== null && startWorkerEarly(encoded, startWorker);
  let sliceStart = now();
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) {
        rememberEncoding(step.value, encoded);
        // Ready before the simulation worker starts, so it is handed its copy without a long task; a
        // worker started early has the spare already (the runner makes the next once it has answered).
        if (!startedEarly) await prepareSpare(step.value, pause);
        return step.value;
      }
      if (now() - sliceStart > budget) {
        await pause();
        sliceStart = now();
      }
    }
  } catch (error) {
    dropEarlyWorker(encoded);
    if (error instanceof DamagedIndexError) throw new TaglockError('internal', `${error.message}; open it again, or import its file again`);
    throw error;
  }
}
