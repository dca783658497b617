// Runs in the browser, on both sides of the simulation worker.
/** Messages between the main thread and simulation.worker.ts. */
import type { EffectRequest, EffectSummary, IndexTransfer, RawOutput, SimulationRequest } from './compute.js';

export type ToWorker =
  | { type: 'load'; index: IndexTransfer }
  /** The index encoded (index-codec.ts), decoded by the worker itself: its own copy, or memory shared with the page. */
  | { type: 'load-encoded'; encoded: ArrayBuffer | SharedArrayBuffer }
  | { type: 'run'; request: SimulationRequest }
  | { type: 'effect'; id: number; request: EffectRequest };

export type FromWorker =
  | { type: 'loaded' }
  | { type: 'result'; output: RawOutput }
  | { type: 'failed'; revision: number; message: string; /** A TaglockError's code (e.g. bad-input for a pattern past Taglock's bounds). */ code?: string }
  | { type: 'effect'; id: number; summary: EffectSummary | null; error?: string };
