// Runs in the browser (main thread).
/**
 * Runs simulations for the store. Every snapshot, small or large, is simulated in a module worker: one
 * crafted pattern can make a single glob match take seconds (the library Harbor links backtracks), and
 * the page must stay usable meanwhile. A run that exceeds its time budget, or that the user cancels, is
 * stopped by terminating the worker; a fresh worker takes the snapshot for the next run. Requests
 * coalesce: while one runs, only the newest waiting request is kept (older waiting ones resolve to null).
 * Only where the worker cannot start or dies does the runner fall back to the main thread, and says so in
 * `mode`.
 */
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { takeWaitingWorker } from './early-worker.js';
import { encodedBytesOf, encodingForWorker, prepareSpare } from './encoded-indexes.js';
import type { SimulationResult } from '../../../shared/engine/simulate.js';
import type { HydrateMemory, SimulationRequest, SimulationView } from './compute.js';
import { SimulationEngine, hydrate, indexTransfer, profileOf, viewFromEngineStepwise } from './compute.js';
import type { FromWorker, ToWorker } from './protocol.js';
import type { AnswerOf, Query } from './queries.js';
import { answerQuery } from './queries.js';
import { ReceivedDrafts } from './unchanged-verdicts.js';
import { yieldToBrowser } from './yield.js';

/** The time a run may take before it is stopped, unless the store says otherwise. */
export const DEFAULT_BUDGET_MS = 10_000;

/**
 * A new request replaces a run that has gone on this long (normal runs take well under it): the stuck
 * worker is stopped rather than making every later edit wait out the budget.
 */
export const SUPERSEDE_AFTER_MS = 1_500;

/** A run that did not finish: over its time budget, or cancelled by the user. */
export class SimulationStopped extends Error {
  constructor(readonly reason: 'budget' | 'cancelled', readonly budgetMs: number) {
    super(reason === 'budget' ? `stopped after ${budgetMs} ms, over the time budget` : 'cancelled');
    this.name = 'SimulationStopped';
  }
}

export interface SimulationRunner {
  readonly mode: 'main' | 'worker';
  /** The view for this request, or null when a newer request replaced it before it started. */
  run(request: SimulationRequest): Promise<SimulationView | null>;
  /** A question besides simulating (queries.ts); null once the runner is disposed. */
  ask<Q extends Query>(query: Q): Promise<AnswerOf<Q> | null>;
  /** Stops the running request (it rejects with SimulationStopped 'cancelled') and drops the waiting one. */
  cancel(): void;
  dispose(): void;
}

/** Work on the main thread is cut into tasks of about this length, so input and paint get their turn. */
export const MAIN_THREAD_SLICE_MS = 12;

const nowMs = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Simulation on the calling thread, for where no worker can run: one request at a time, newest waiting
 * request wins, and each run is cut into slices of about MAIN_THREAD_SLICE_MS between repositories
 * (one repository's matches cannot be cut). Between slices a newer request replaces the run, and the
 * budget and Cancel stop it.
 */
export class MainThreadRunner implements SimulationRunner {
  readonly mode = 'main' as const;
  private readonly engine: SimulationEngine;
  private busy = false;
  private waiting: Job | null = null;
  private cancelled = false;

  /** `clock` reads milliseconds; tests give one that advances by the step, so slicing is checked without timing. */
  constructor(index: SnapshotIndex, private readonly budgetMs: number = DEFAULT_BUDGET_MS, private readonly clock: () => number = nowMs) {
    this.engine = new SimulationEngine(index);
  }

  run(request: SimulationRequest): Promise<SimulationView | null> {
    return new Promise((resolve, reject) => {
      this.waiting?.resolve(null);
      this.waiting = { request, resolve, reject };
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.waiting !== null) {
        await yieldToBrowser(); // let the keystroke that caused this paint first
        const job = this.waiting;
        if (job === null) break;
        this.waiting = null;
        this.cancelled = false;
        try {
          job.resolve(await this.runSliced(job.request));
        } catch (error) {
          job.reject(error);
        }
      }
    } finally {
      this.busy = false;
    }
  }

  /** The view, or null when a newer request arrived meanwhile; throws SimulationStopped. */
  private async runSliced(request: SimulationRequest): Promise<SimulationView | null> {
    const steps = viewFromEngineStepwise(this.engine, request, 1);
    const started = this.clock();
    let sliceStarted = started;
    for (;;) {
      const step = steps.next();
      if (step.done === true) return step.value;
      if (this.clock() - sliceStarted < MAIN_THREAD_SLICE_MS) continue;
      await yieldToBrowser();
      sliceStarted = this.clock();
      if (this.cancelled) throw new SimulationStopped('cancelled', this.budgetMs);
      if (this.waiting !== null) return null;
      if (sliceStarted - started > this.budgetMs) throw new SimulationStopped('budget', this.budgetMs);
    }
  }

  async ask<Q extends Query>(query: Q): Promise<AnswerOf<Q> | null> {
    await yieldToBrowser();
    return answerQuery(this.engine, query);
  }

  /** Stops the running request at its next pause and drops the waiting one. */
  cancel(): void {
    this.waiting?.resolve(null);
    this.waiting = null;
    if (this.busy) this.cancelled = true;
  }

  dispose(): void {
    this.cancel();
  }
}

interface PendingQuery {
  query: Query;
  resolve: (answer: AnswerOf<Query> | null) => void;
  reject: (e: unknown) => void;
}

interface Job {
  request: SimulationRequest;
  resolve: (view: SimulationView | null) => void;
  reject: (e: unknown) => void;
}

export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Simulation in a module worker, with the main thread as the fallback. */
export class WorkerRunner implements SimulationRunner {
  private worker: WorkerLike | null;
  private fallback: MainThreadRunner | null = null;
  private inFlight: Job | null = null;
  private waiting: Job | null = null;
  private server: { key: string; result: SimulationResult } | null = null;
  /** The current worker's verdict arrays and last view, for outputs that refer to them (unchanged-verdicts.ts). */
  private memory: HydrateMemory = { received: new ReceivedDrafts(), lastView: null };
  /** Questions asked and not answered yet, by id: asked again of a restarted worker, or of the fallback. */
  private queries = new Map<number, PendingQuery>();
  private nextQuery = 1;
  private budgetTimer: ReturnType<typeof setTimeout> | null = null;
  private inFlightSince = 0;
  /**
   * The last question posted before the running request, while it is not answered (else 0): the worker
   * answers in order, so the run has not started yet. Its time counts from that answer, so that a slow
   * question (the presets of millions of tags) is not taken for a stuck run and superseded, which would
   * stop the worker and ask it everything again.
   */
  private inFlightBehind = 0;
  /** Bumped for every worker started: messages of a terminated one are ignored. */
  private generation = 0;

  constructor(
    private readonly index: SnapshotIndex,
    private readonly createWorker: () => WorkerLike,
    private readonly onFallback?: (reason: string) => void,
    private readonly budgetMs: number = DEFAULT_BUDGET_MS,
  ) {
    this.worker = null;
    try {
      this.worker = this.startWorker();
    } catch (error) {
      this.fallback = new MainThreadRunner(index, budgetMs);
      queueMicrotask(() => this.onFallback?.(`the simulation worker could not start (${error instanceof Error ? error.message : String(error)})`));
    }
  }

  private startWorker(): WorkerLike {
    const generation = ++this.generation;
    this.memory = { received: new ReceivedDrafts(), lastView: null };
    // The first worker may already be running, started as the snapshot was asked for, and even loading
    // the index's bytes, handed to it as they arrived (early-worker.ts).
    const waiting = generation === 1 ? takeWaitingWorker(encodedBytesOf(this.index)) : null;
    const worker = waiting?.worker ?? this.createWorker();
    worker.onmessage = (event) => {
      if (generation === this.generation) this.receive(event.data);
    };
    worker.onerror = (event) => {
      if (generation === this.generation) this.fail(`the simulation worker stopped (${describeWorkerError(event)})`);
    };
    if (waiting?.loaded) return worker;
    const encoded = encodingForWorker(this.index);
    if (encoded === null) worker.postMessage({ type: 'load', index: indexTransfer(this.index) });
    else worker.postMessage({ type: 'load-encoded', encoded: encoded.bytes }, encoded.transfer ? [encoded.bytes] : []);
    return worker;
  }

  /**
   * Ends the running request: the only way to interrupt a match is to terminate its worker, so a fresh
   * one loads the snapshot for what comes next (questions asked meanwhile are asked again there).
   */
  private stopInFlight(reason: 'budget' | 'cancelled' | 'superseded'): void {
    const job = this.inFlight;
    if (job === null || this.worker === null) return;
    this.clearBudget();
    this.inFlight = null;
    this.worker.terminate();
    this.server = null;
    try {
      this.worker = this.startWorker();
    } catch (error) {
      this.worker = null;
      this.fail(`the simulation worker could not restart (${error instanceof Error ? error.message : String(error)})`);
    }
    if (reason === 'superseded') job.resolve(null);
    else job.reject(new SimulationStopped(reason, this.budgetMs));
    for (const [id, pending] of this.queries) this.worker?.postMessage({ type: 'query', id, query: pending.query });
    this.pump();
  }

  private clearBudget(): void {
    if (this.budgetTimer !== null) clearTimeout(this.budgetTimer);
    this.budgetTimer = null;
  }

  cancel(): void {
    this.waiting?.resolve(null);
    this.waiting = null;
    if (this.fallback) this.fallback.cancel();
    else this.stopInFlight('cancelled');
  }

  get mode(): 'main' | 'worker' {
    return this.worker === null ? 'main' : 'worker';
  }

  run(request: SimulationRequest): Promise<SimulationView | null> {
    if (this.fallback) return this.fallback.run(request);
    return new Promise((resolve, reject) => {
      this.waiting?.resolve(null);
      this.waiting = { request, resolve, reject };
      if (this.inFlight !== null && this.inFlightBehind === 0 && Date.now() - this.inFlightSince > SUPERSEDE_AFTER_MS) this.stopInFlight('superseded');
      else this.pump();
    });
  }

  private pump(): void {
    if (this.inFlight !== null || this.waiting === null || this.worker === null) return;
    this.inFlight = this.waiting;
    this.waiting = null;
    this.worker.postMessage({ type: 'run', request: this.inFlight.request });
    this.inFlightBehind = Math.max(0, ...this.queries.keys());
    this.restartClock();
  }

  /** The running request's time (for superseding it, and its budget) counts from now. */
  private restartClock(): void {
    this.clearBudget();
    this.inFlightSince = Date.now();
    this.budgetTimer = setTimeout(() => this.stopInFlight('budget'), this.budgetMs);
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'loaded':
        return;
      case 'result': {
        this.clearBudget();
        // A spare copy of the bytes for a worker started again, made now that this one is done with its own.
        void prepareSpare(this.index);
        const job = this.inFlight;
        this.inFlight = null;
        if (job !== null) {
          try {
            const key = `${job.request.projectIndex}|${job.request.dialect}|${profileOf(job.request).release}|${job.request.serverKey}`;
            const view = hydrate(message.output, this.index, job.request, message.output.server === null ? (this.server?.result ?? null) : null, this.memory);
            this.server = { key, result: view.server };
            this.memory.lastView = view;
            job.resolve(view);
          } catch (error) {
            job.reject(error);
          }
        }
        this.pump();
        return;
      }
      case 'failed': {
        this.clearBudget();
        const job = this.inFlight;
        this.inFlight = null;
        // The code crosses as text; toErrorData accepts it only when it is one of Taglock's codes.
        job?.reject(Object.assign(new Error(message.message), message.code === undefined ? {} : { code: message.code }));
        this.pump();
        return;
      }
      case 'answer': {
        // The worker answers in order: the run posted behind this question starts only now.
        if (this.inFlight !== null && message.id === this.inFlightBehind) {
          this.inFlightBehind = 0;
          this.restartClock();
        }
        const pending = this.queries.get(message.id);
        this.queries.delete(message.id);
        if (!pending) return;
        if (message.error) pending.reject(new Error(message.error));
        else pending.resolve(message.answer);
        return;
      }
    }
  }

  /** The worker is gone: finish everything on the main thread. */
  private fail(reason: string): void {
    if (this.fallback) return;
    this.clearBudget();
    this.worker?.terminate();
    this.worker = null;
    this.fallback = new MainThreadRunner(this.index, this.budgetMs);
    this.onFallback?.(reason);
    const jobs = [this.inFlight, this.waiting].filter((job): job is Job => job !== null);
    this.inFlight = null;
    this.waiting = null;
    for (const job of jobs) this.fallback.run(job.request).then(job.resolve, job.reject);
    for (const [id, pending] of this.queries) {
      this.queries.delete(id);
      this.fallback.ask(pending.query).then(pending.resolve, pending.reject);
    }
  }

  ask<Q extends Query>(query: Q): Promise<AnswerOf<Q> | null> {
    if (this.fallback || this.worker === null) return (this.fallback ?? new MainThreadRunner(this.index, this.budgetMs)).ask(query);
    const id = this.nextQuery++;
    return new Promise((resolve, reject) => {
      // The answer crosses as the answer to this query (the worker answers each in kind).
      this.queries.set(id, { query, resolve: resolve as PendingQuery['resolve'], reject });
      this.worker!.postMessage({ type: 'query', id, query });
    });
  }

  dispose(): void {
    this.clearBudget();
    this.generation++;
    this.worker?.terminate();
    this.worker = null;
    this.waiting?.resolve(null);
    this.inFlight?.resolve(null);
    this.waiting = null;
    this.inFlight = null;
    for (const pending of this.queries.values()) pending.resolve(null);
    this.queries.clear();
    this.fallback?.dispose();
  }
}

function describeWorkerError(event: unknown): string {
  if (typeof event === 'object' && event !== null && 'message' in event && typeof (event as { message: unknown }).message === 'string') {
    return (event as { message: string }).message || 'no details';
  }
  return 'no details';
}

/** The simulation worker as the app starts it. */
export function startSimulationWorker(): WorkerLike {
  return new Worker(new URL('./simulation.worker.ts', import.meta.url), { type: 'module', name: 'taglock-simulation' }) as unknown as WorkerLike;
}

export type RunnerFactory = (index: SnapshotIndex, onFallback: (reason: string) => void, budgetMs?: number) => SimulationRunner;

/** The default: a worker for every snapshot where Workers exist; the main thread only where they do not. */
export const defaultRunnerFactory: RunnerFactory = (index, onFallback, budgetMs) => {
  if (typeof Worker !== 'undefined') return new WorkerRunner(index, startSimulationWorker, onFallback, budgetMs);
  queueMicrotask(() => onFallback('this environment has no Web Workers'));
  return new MainThreadRunner(index, budgetMs);
};
