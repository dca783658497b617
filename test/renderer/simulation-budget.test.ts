// The runner the app uses by default: a real worker thread for every snapshot size where Workers exist
// (the renderer's own simulation.worker.ts, run by node-web-worker.ts), the sliced main thread where they
// do not; a run over its time budget or cancelled is stopped, and the next one works.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_RULES, demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { makeRule } from '../../shared/rules/model.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import type { SimulationRequest, SimulationView } from '../../renderer/src/sim/compute.js';
import { SimulationEngine, viewFromEngine } from '../../renderer/src/sim/compute.js';
import { MAIN_THREAD_SLICE_MS, MainThreadRunner, SUPERSEDE_AFTER_MS, SimulationStopped, WorkerRunner, defaultRunnerFactory } from '../../renderer/src/sim/runner.js';
import type { SimulationRunner } from '../../renderer/src/sim/runner.js';
import { largeSnapshotIndex } from '../../bench/workloads.js';
import { NodeWebWorker } from './node-web-worker.js';
import { lintSafely } from '../../renderer/src/components/RuleList.js';
import { harborProfile } from '../../shared/engine/harbor-profile.js';

const LONG_TAG = 'a'.repeat(40);
/** A budget no run here comes near (the clock of the slicing test advances by the step, not in time). */
const DEFAULT_TEST_BUDGET_MS = 1e9;
/** `*a` twelve times then `b`: one match against forty `a` takes about a minute. */
const costly = makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: '*a'.repeat(12) + 'b' } });

const snapshot = demoSnapshot();
const artifact = snapshot.projects[0]!.repositories[0]!.artifacts[0]!;
artifact.tags.push({ ...artifact.tags[0]!, name: LONG_TAG, immutable: false });
const index = buildSnapshotIndex(snapshot);
const server = parseWireRules(DEMO_RULES);
const latest = makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: '{latest,main}' } });

function request(revision: number, draft = [...server, latest]): SimulationRequest {
  return { snapshotId: 'test', revision, projectIndex: 0, dialect: 'v1.3.4', draft, serverKey: 's1', serverRules: server };
}

/** What the engine itself says, to compare a runner's answer with. */
function expected(req: SimulationRequest, on = index): SimulationView {
  return viewFromEngine(new SimulationEngine(on), req);
}

function sameVerdicts(actual: SimulationView | null, wanted: SimulationView): void {
  expect(actual).not.toBeNull();
  expect(actual!.draft.totals).toEqual(wanted.draft.totals);
  expect(actual!.server.totals).toEqual(wanted.server.totals);
  expect(Array.from(actual!.draft.tagVerdict)).toEqual(Array.from(wanted.draft.tagVerdict));
  expect(Array.from(actual!.draft.artifactRetentionVerdict)).toEqual(Array.from(wanted.draft.artifactRetentionVerdict));
  expect(actual!.diff).toEqual(wanted.diff);
}

const globals = globalThis as { Worker?: unknown };
const originalWorker = globals.Worker;
let runner: SimulationRunner | null = null;

afterEach(() => {
  runner?.dispose();
  runner = null;
  if (originalWorker === undefined) delete globals.Worker;
  else globals.Worker = originalWorker;
  expect(NodeWebWorker.live.size, 'worker threads left running').toBe(0);
});

describe('where Workers exist', () => {
  it('simulates even a small snapshot in the worker, equal to the engine', async () => {
    globals.Worker = NodeWebWorker;
    const reasons: string[] = [];
    runner = defaultRunnerFactory(index, (reason) => reasons.push(reason), 5_000);
    expect(index.counts.tags).toBeLessThan(5_000);
    expect(runner).toBeInstanceOf(WorkerRunner);
    const view = await runner.run(request(1));
    expect(runner.mode).toBe('worker');
    expect(reasons).toEqual([]);
    sameVerdicts(view, expected(request(1)));
  }, 30_000);

  it('stops a run over its budget by ending the worker thread, and the next run works on a fresh one', async () => {
    globals.Worker = NodeWebWorker;
    // The budget also covers a fresh worker's start (loading its code and the snapshot), which takes
    // seconds on a loaded machine; the costly match alone would take about a minute.
    const budgetMs = 8_000;
    runner = defaultRunnerFactory(index, () => undefined, budgetMs);
    await runner.run(request(1)); // the snapshot is loaded: what follows times the costly run only
    const started = Date.now();
    const stopped = await runner.run(request(2, [...server, costly])).catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(SimulationStopped);
    expect((stopped as SimulationStopped).reason).toBe('budget');
    expect(Date.now() - started).toBeLessThan(budgetMs + 15_000);
    expect(NodeWebWorker.live.size).toBe(1); // the stuck thread is gone, a fresh one took its place
    sameVerdicts(await runner.run(request(3)), expected(request(3)));
    expect(runner.mode).toBe('worker');
  }, 60_000);

  it('cancels a running simulation', async () => {
    globals.Worker = NodeWebWorker;
    runner = defaultRunnerFactory(index, () => undefined, 60_000);
    await runner.run(request(1));
    const running = runner.run(request(2, [...server, costly])).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 200));
    runner.cancel();
    const outcome = await running;
    expect(outcome).toBeInstanceOf(SimulationStopped);
    expect((outcome as SimulationStopped).reason).toBe('cancelled');
    sameVerdicts(await runner.run(request(3)), expected(request(3)));
  }, 30_000);
});

describe('a new edit during a long run', () => {
  it('replaces a run that has gone on past SUPERSEDE_AFTER_MS instead of waiting out the budget', async () => {
    globals.Worker = NodeWebWorker;
    runner = defaultRunnerFactory(index, () => undefined, 60_000);
    await runner.run(request(1));
    const stuck = runner.run(request(2, [...server, costly]));
    await new Promise((resolve) => setTimeout(resolve, SUPERSEDE_AFTER_MS + 200));
    const started = Date.now();
    const next = await runner.run(request(3));
    expect(await stuck).toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
    sameVerdicts(next, expected(request(3)));
  }, 30_000);
});

describe('where Workers do not exist', () => {
  it('says so, and simulates on the main thread equal to the engine', async () => {
    delete globals.Worker;
    const reasons: string[] = [];
    runner = defaultRunnerFactory(index, (reason) => reasons.push(reason));
    expect(runner).toBeInstanceOf(MainThreadRunner);
    sameVerdicts(await runner.run(request(1)), expected(request(1)));
    expect(reasons).toEqual(['this environment has no Web Workers']);
  });

  it('cuts a large run into slices of MAIN_THREAD_SLICE_MS that let other tasks run in between', async () => {
    delete globals.Worker;
    const large = largeSnapshotIndex(200_000);
    const req = request(1);
    const wanted = expected(req, large);
    // A clock that advances one millisecond each time it is read: every step of the run reads it once,
    // so a slice is MAIN_THREAD_SLICE_MS steps, whatever the machine's speed or load (how long one step
    // takes in a real browser is measured by the bench's longest-task figure, not here).
    let clockReads = 0;
    runner = new MainThreadRunner(large, DEFAULT_TEST_BUDGET_MS, () => clockReads++);
    // A timer chain stands for the page's input and paint.
    let ticking = true;
    let ticks = 0;
    const tick = () => {
      ticks++;
      if (ticking) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const view = await runner.run(req);
    ticking = false;
    sameVerdicts(view, wanted);
    // Each slice reads the clock MAIN_THREAD_SLICE_MS + 1 times (its steps, then once after yielding).
    const slices = Math.floor(clockReads / (MAIN_THREAD_SLICE_MS + 1));
    expect(slices).toBeGreaterThan(10);
    // The page's own tasks got their turns (a run that never yielded would let none through).
    expect(ticks).toBeGreaterThan(3);
  }, 60_000);

  it('stops a run that goes over its budget between slices', async () => {
    delete globals.Worker;
    // The clock advances a millisecond per step, so the run passes its 5 ms budget within the first
    // slice however fast the machine is (in real time the whole run may take less than one slice).
    let clockReads = 0;
    runner = new MainThreadRunner(largeSnapshotIndex(60_000), 5, () => clockReads++);
    const outcome = await runner.run(request(1)).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(SimulationStopped);
    expect((outcome as SimulationStopped).reason).toBe('budget');
  }, 60_000);
});

describe('lint on the page', () => {
  it('flags an explosive repository or brace pattern at once, without matching its own example names', () => {
    for (const pattern of ['*a'.repeat(40) + 'b', `{${'*a'.repeat(40)}b,c}`]) {
      const rule = makeRule({ repository: { decoration: 'repoMatches', pattern }, tag: { decoration: 'matches', pattern: '**' } });
      const started = performance.now();
      const findings = lintSafely([rule], { dialect: 'v1.3.4', profile: harborProfile('2.15.2'), project: 'shop' });
      // Before the probes skipped such patterns, the first one took 36 s here.
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(findings.map((f) => f.code)).toContain('glob-cost');
    }
  });
});
