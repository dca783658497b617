// Runs in the browser, on the main thread or in the simulation worker.
/**
 * Questions for the simulation engine besides simulating, answered next to its copy of the index (in
 * the worker, when there is one), so that none of them holds up the page: what a publish would change,
 * and the presets panel's numbers, which read every tag of the project (0.4 s at a million tags).
 */
import type { Dialect } from '../../../shared/glob/dialect.js';
import type { EffectRequest, EffectSummary, SimulationEngine } from './compute.js';
import type { PresetsView } from '../view/preset-view.js';

export interface PresetsRequest {
  projectIndex: number;
  dialect: Dialect;
}

export type Query = { kind: 'effect'; request: EffectRequest } | { kind: 'presets'; request: PresetsRequest };

interface Answers {
  effect: EffectSummary | null;
  presets: PresetsView;
}

export type AnswerOf<Q extends Query> = Answers[Q['kind']];

export function answerQuery<Q extends Query>(engine: SimulationEngine, query: Q): AnswerOf<Q> {
  // The casts only restate the switch: each case answers its own kind.
  switch (query.kind) {
    case 'effect':
      return engine.effect(query.request) as AnswerOf<Q>;
    case 'presets':
      return engine.presets(query.request) as AnswerOf<Q>;
  }
}
