// The simulation worker started as an opened snapshot's bytes arrive (early-worker.ts): it is handed the
// spare copy before the page decodes its own, the runner then takes it instead of starting one, and a
// worker nobody will take (bytes refused, another open) is ended. Real worker threads, the real worker.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_RULES, demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { makeRule } from '../../shared/rules/model.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { TaglockError } from '../../shared/errors.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import { encodeSnapshotIndex } from '../../shared/snapshot/index-codec.js';
import { keepSpareCopy } from '../../renderer/src/api/spare-copies.js';
import type { SimulationRequest } from '../../renderer/src/sim/compute.js';
import { SimulationEngine, viewFromEngine } from '../../renderer/src/sim/compute.js';
import { takeWaitingWorker, warmWorker } from '../../renderer/src/sim/early-worker.js';
import type { WorkerLike } from '../../renderer/src/sim/runner.js';
import { WorkerRunner } from '../../renderer/src/sim/runner.js';
import { decodeIndexIncrementally } from '../../renderer/src/store/decode-index.js';
import { NodeWebWorker } from './node-web-worker.js';

const WORKER_URL = new URL('../../renderer/src/sim/simulation.worker.ts', import.meta.url);
const index = buildSnapshotIndex(demoSnapshot());
const server = parseWireRules(DEMO_RULES);
const latest = makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: '{latest,main}' } });
const request: SimulationRequest = { snapshotId: 'test', revision: 1, projectIndex: 0, dialect: 'v1.3.4', draft: [...server, latest], serverKey: 's1', serverRules: server };

/** Real worker threads, counted as they start. */
function workerFactory(url: URL = WORKER_URL): { create: () => WorkerLike; started: NodeWebWorker[] } {
  const started: NodeWebWorker[] = [];
  return {
    started,
    create: () => {
      const worker = new NodeWebWorker(url);
      started.push(worker);
      return worker as unknown as WorkerLike;
    },
  };
}

/** The bytes as they come over HTTP: with the spare copy written as they arrived. */
function arrivedWithSpare(bytes: ArrayBuffer): ArrayBuffer {
  const spare = bytes.slice(0);
  keepSpareCopy(bytes, spare);
  return spare;
}

/** Decodes `bytes` in one go (no pauses), the early worker started with `startWorker`. */
function decodeAtOnce(bytes: ArrayBuffer | SharedArrayBuffer, startWorker: () => WorkerLike) {
  return decodeIndexIncrementally(bytes, { budgetMs: 0, pause: async () => undefined, startWorker });
}

const noStart = () => {
  throw new Error('the runner started a worker of its own');
};

/** Runs the request on `on` and checks it answers as the engine does on this thread. */
async function expectSimulatesAsTheEngine(on: WorkerRunner): Promise<void> {
  const view = await on.run(request);
  expect(view!.draft.totals).toEqual(viewFromEngine(new SimulationEngine(index), request).draft.totals);
}

let runner: WorkerRunner | null = null;
afterEach(() => {
  runner?.dispose();
  runner = null;
  expect(NodeWebWorker.live.size, 'worker threads left running').toBe(0);
});

describe('a worker started as the bytes arrive', () => {
  it('is loading the spare before the page decodes, and the runner simulates on it', async () => {
    const bytes = encodeSnapshotIndex(index);
    const spare = arrivedWithSpare(bytes);
    const { create, started } = workerFactory();
    const startedByFirstPause: number[] = [];
    const decoded = await decodeIndexIncrementally(bytes, { budgetMs: 0, pause: async () => void startedByFirstPause.push(started.length), startWorker: create });
    expect(startedByFirstPause[0]).toBe(1);
    // Transferred, not copied: the page keeps its own bytes only.
    expect(spare.byteLength).toBe(0);
    expect(bytes.byteLength).toBeGreaterThan(0);
    runner = new WorkerRunner(decoded, noStart, undefined, 20_000);
    const view = await runner.run(request);
    const wanted = viewFromEngine(new SimulationEngine(index), request);
    expect(view!.draft.totals).toEqual(wanted.draft.totals);
    expect(Array.from(view!.draft.tagVerdict)).toEqual(Array.from(wanted.draft.tagVerdict));
    expect(view!.diff).toEqual(wanted.diff);
    expect(started).toHaveLength(1);
  }, 30_000);

  it('loads bytes in shared memory as they are, early and in a worker started again, with no spare and no copy', async () => {
    const encoded = encodeSnapshotIndex(index);
    const shared = new SharedArrayBuffer(encoded.byteLength);
    new Uint8Array(shared).set(new Uint8Array(encoded));
    const { create, started } = workerFactory();
    const loadedFrom: unknown[] = [];
    const recording = (): WorkerLike => {
      const worker = create();
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (message, transfer) => {
        if (message.type === 'load-encoded') loadedFrom.push(message.encoded);
        post(message, transfer);
      };
      return worker;
    };
    const decoded = await decodeAtOnce(shared, recording);
    expect(decoded.tagNames).toEqual(index.tagNames);
    expect(decoded.distinctTagNames).toEqual(index.distinctTagNames);
    expect(started).toHaveLength(1);
    expect(loadedFrom).toHaveLength(1);
    expect(loadedFrom[0]).toBe(shared);
    runner = new WorkerRunner(decoded, recording, undefined, 20_000);
    await expectSimulatesAsTheEngine(runner);
    expect(started).toHaveLength(1);
    // A cancelled run ends its worker; the next one is handed the same shared bytes.
    const cancelled = runner.run(request);
    runner.cancel();
    await expect(cancelled).rejects.toThrow('cancelled');
    await expectSimulatesAsTheEngine(runner);
    expect(started).toHaveLength(2);
    expect(loadedFrom).toHaveLength(2);
    expect(loadedFrom[1]).toBe(shared);
    expect(shared.byteLength).toBe(encoded.byteLength);
  }, 30_000);

  it('does not start without a spare copy (the desktop app gets its bytes over IPC): the runner loads its own', async () => {
    const bytes = encodeSnapshotIndex(index);
    const { create, started } = workerFactory();
    const decoded = await decodeAtOnce(bytes, create);
    expect(started).toHaveLength(0);
    runner = new WorkerRunner(decoded, create, undefined, 20_000);
    await expectSimulatesAsTheEngine(runner);
    expect(started).toHaveLength(1);
  }, 30_000);

  it('is ended when the page refuses the bytes as damaged', async () => {
    const whole = encodeSnapshotIndex(index);
    const cut = whole.slice(0, whole.byteLength - 9);
    arrivedWithSpare(cut);
    const { create, started } = workerFactory();
    const refused = await decodeAtOnce(cut, create).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TaglockError);
    expect(started).toHaveLength(1);
    expect(takeWaitingWorker(cut)).toBeNull();
  });

  it('is ended by the next open when no runner took it, and only the newest is handed on', async () => {
    const { create, started } = workerFactory();
    const first = encodeSnapshotIndex(index);
    arrivedWithSpare(first);
    await decodeAtOnce(first, create);
    const second = encodeSnapshotIndex(index);
    arrivedWithSpare(second);
    const decoded = await decodeAtOnce(second, create);
    expect(started).toHaveLength(2);
    expect(NodeWebWorker.live.size).toBe(1);
    expect(takeWaitingWorker(first)).toBeNull();
    runner = new WorkerRunner(decoded, noStart, undefined, 20_000);
    expect(started[1]!.onmessage).not.toBeNull();
  });

  it('started as the bytes are asked for, is the one that loads them and the runner takes', async () => {
    const { create, started } = workerFactory();
    warmWorker(create);
    expect(started).toHaveLength(1);
    const bytes = encodeSnapshotIndex(index);
    const spare = arrivedWithSpare(bytes);
    const decoded = await decodeAtOnce(bytes, create);
    expect(started).toHaveLength(1);
    expect(spare.byteLength).toBe(0);
    runner = new WorkerRunner(decoded, noStart, undefined, 20_000);
    await expectSimulatesAsTheEngine(runner);
  }, 30_000);

  it('started as the bytes are asked for, waits idle when they come without a spare copy and becomes the runner\'s worker', async () => {
    const { create, started } = workerFactory();
    warmWorker(create);
    const decoded = await decodeAtOnce(encodeSnapshotIndex(index), create);
    expect(started).toHaveLength(1);
    expect(NodeWebWorker.live.has(started[0]!)).toBe(true);
    runner = new WorkerRunner(decoded, noStart, undefined, 20_000);
    await expectSimulatesAsTheEngine(runner);
    expect(started).toHaveLength(1);
  }, 30_000);

  it('is not handed on once it has failed: the runner starts its own', async () => {
    const bytes = encodeSnapshotIndex(index);
    arrivedWithSpare(bytes);
    const broken = workerFactory(new URL('./no-such-worker.ts', import.meta.url));
    const decoded = await decodeAtOnce(bytes, broken.create);
    expect(broken.started).toHaveLength(1);
    // The thread reports its failed start asynchronously: wait for that report to reach the waiting worker.
    const brokenWorker = broken.started[0]!;
    const noted = brokenWorker.onerror;
    expect(noted).not.toBeNull();
    await new Promise<void>((resolve) => {
      brokenWorker.onerror = (event) => {
        noted!(event);
        resolve();
      };
    });
    const { create, started } = workerFactory();
    runner = new WorkerRunner(decoded, create, undefined, 20_000);
    await expectSimulatesAsTheEngine(runner);
    expect(started).toHaveLength(1);
    expect(NodeWebWorker.live.has(broken.started[0]!)).toBe(false);
  }, 30_000);
});
