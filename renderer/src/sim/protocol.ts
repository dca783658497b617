// Runs in the browser, on both sides of the simulation worker.
/** Messages between the main thread and simulation.worker.ts. */
import type { IndexTransfer, RawOutput, SimulationRequest } from './compute.js';
import type { AnswerOf, Query } from './queries.js';

export type ToWorker =
  | { type: 'load'; index: IndexTransfer }
  /** The index encoded (index-codec.ts), decoded by the worker itself: its own copy, or memory shared with the page. */
  | { type: 'load-encoded'; encoded: ArrayBuffer | SharedArrayBuffer }
  | { type: 'run'; request: SimulationRequest }
  | { type: 'query'; id: number; query: Query };

export type FromWorker =
  | { type: 'loaded' }
  | { type: 'result'; output: RawOutput }
  | { type: 'failed'; revision: number; message: string; /** A TaglockError's code (e.g. bad-input for a pattern past Taglock's bounds). */ code?: string }
  | { type: 'answer'; id: number; answer: AnswerOf<Query> | null; error?: string };
