// Runs in a Web Worker (module worker started by runner.ts).
/**
 * Simulation off the main thread, so typing in the rule editor never waits for a large snapshot: it
 * keeps a copy of the index columns simulation needs, and answers each request with typed arrays that
 * are transferred (not copied) back.
 */
import type { SimulationEngine as Engine } from './compute.js';
import { SimulationEngine, indexFromTransfer, transferables } from './compute.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { answerQuery } from './queries.js';
import { TaglockError } from '../../../shared/errors.js';
import { decodeSnapshotIndex } from '../../../shared/snapshot/index-codec.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
let engine: Engine | null = null;

/** After answering: what makes the next run quicker, done once the messages waiting now are handled. */
function prepareWhenIdle(): void {
  setTimeout(() => engine?.prepareNextRun(), 0);
}

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'load':
      engine = new SimulationEngine(indexFromTransfer(message.index));
      scope.postMessage({ type: 'loaded' });
      return;
    case 'load-encoded':
      // Views of the bytes, not copies: they are this worker's own (transferred or cloned to it), and
      // nothing here posts a column on its own.
      engine = new SimulationEngine(decodeSnapshotIndex(message.encoded, { copy: false }));
      scope.postMessage({ type: 'loaded' });
      return;
    case 'run': {
      if (engine === null) {
        scope.postMessage({ type: 'failed', revision: message.request.revision, message: 'no snapshot loaded in the simulation worker' });
        return;
      }
      try {
        const output = engine.run(message.request);
        scope.postMessage({ type: 'result', output }, transferables(output));
        prepareWhenIdle();
      } catch (error) {
        // Whatever failed, the page did not get this output's arrays: the next output carries its own.
        engine.forgetPosted();
        const code = error instanceof TaglockError ? { code: error.code } : {};
        scope.postMessage({ type: 'failed', revision: message.request.revision, message: error instanceof Error ? error.message : String(error), ...code });
      }
      return;
    }
    case 'query': {
      try {
        const answer = engine === null ? null : answerQuery(engine, message.query);
        scope.postMessage({ type: 'answer', id: message.id, answer });
      } catch (error) {
        scope.postMessage({ type: 'answer', id: message.id, answer: null, error: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
  }
};
