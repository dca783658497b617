// Runs anywhere (pure).
/**
 * The cleanup forecast lint reads (docs/harbor-retention.md): when the snapshot recorded a retention
 * policy for the project being linted, what the next run of that policy would do under exactly the rules
 * the simulation judged. Judged at the snapshot's fetch time unless the caller gives another time, so the
 * findings describe the snapshot as it was read. Null when the project has no policy or it was not read.
 */
import type { SimulationResult } from '../engine/simulate.js';
import { compileRetentionPolicy } from '../retention/compile.js';
import type { RetentionForecast } from '../retention/forecast.js';
import { forecastRetention } from '../retention/forecast.js';
import { IMMUTABLE } from '../retention/outcomes.js';

/** How findings name the policy they forecast, at the start of a sentence, unless told otherwise: the one the snapshot recorded. */
export const RECORDED_POLICY = "The project's retention policy";

export function lintRetentionForecast(result: SimulationResult, project: number, runAt?: number): RetentionForecast | null {
  const policy = result.index.projects[project]?.retention;
  const immutability = result.ruleSets[project];
  if (policy === undefined || policy === null || immutability === undefined) return null;
  return forecastRetention({
    index: result.index,
    project,
    policy: compileRetentionPolicy(policy, immutability.dialect),
    immutability,
    runAt: runAt ?? Date.parse(result.index.meta.fetchedAt),
    // The simulation of this very rule set already holds every immutability verdict.
    simulation: result,
  });
}

/**
 * The artifacts (global indexes) Harbor lists that retention would delete but immutability keeps, by
 * immutability rule position, in the order the run meets them (listing order per repository).
 */
export function keptByImmutability(forecast: RetentionForecast, tagged: boolean): Map<number, number[]> {
  const { index, candidates, firstArtifact, outcome, decidedBy } = forecast;
  const out = new Map<number, number[]>();
  // Each repository's artifacts are permuted within its own range, so the project's range holds them all.
  for (let i = firstArtifact; i < firstArtifact + outcome.length; i++) {
    const a = candidates.order[i]!;
    const slot = a - firstArtifact;
    if (outcome[slot] !== IMMUTABLE || candidates.isCandidate[a] !== 1) continue;
    if ((index.artifactTagStart[a + 1]! > index.artifactTagStart[a]!) !== tagged) continue;
    const position = decidedBy[slot]!;
    const list = out.get(position) ?? [];
    list.push(a);
    out.set(position, list);
  }
  return out;
}

/** Whether the run deletes every artifact of a repository of the forecast (its totals count each artifact once). */
export function emptiedRepositories(forecast: RetentionForecast): RetentionForecast['repositories'] {
  return forecast.repositories.filter((r) => r.status === 'runs' && r.totals.artifacts > 0 && r.totals.deleted === r.totals.artifacts);
}

