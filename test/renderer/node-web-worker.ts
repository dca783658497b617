// Runs in Node (tests only).
/**
 * A Web Worker for Node: runs the renderer's real worker module (simulation.worker.ts, through tsx) in a
 * real thread (worker_threads), with `self.postMessage`/`self.onmessage` as a browser worker has them.
 * Lets the runner's worker path, its termination and restart, run as they do in the browser.
 */
import { Worker as ThreadWorker } from 'node:worker_threads';

const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const scope = { onmessage: null, postMessage: (message, transfer) => parentPort.postMessage(message, transfer) };
globalThis.self = scope;
const early = [];
parentPort.on('message', (data) => (scope.onmessage ? scope.onmessage({ data }) : early.push(data)));
import(workerData.tsx)
  .then((tsx) => { tsx.register(); return import(workerData.url); })
  .then(() => { for (const data of early.splice(0)) scope.onmessage({ data }); });
`;

/** tsx's loader, registered in the thread so it can import the worker's TypeScript source. */
const TSX_API = import.meta.resolve('tsx/esm/api');

export class NodeWebWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  private readonly thread: ThreadWorker;
  /** Every thread started and not yet terminated, so a test can check none is left behind. */
  static live = new Set<NodeWebWorker>();

  constructor(url: URL | string, _options?: unknown) {
    this.thread = new ThreadWorker(BOOTSTRAP, { eval: true, workerData: { url: String(url), tsx: TSX_API } });
    this.thread.on('message', (data: unknown) => this.onmessage?.({ data }));
    this.thread.on('error', (error: Error) => this.onerror?.({ message: error.message }));
    NodeWebWorker.live.add(this);
  }

  postMessage(message: unknown, transfer?: Transferable[]): void {
    this.thread.postMessage(message, transfer as never);
  }

  terminate(): void {
    NodeWebWorker.live.delete(this);
    void this.thread.terminate();
  }
}
