import type { SimulationResult } from '../../shared/engine/simulate.js';

/** Everything a simulation result says, as plain values: two results that must agree compare equal on it. */
export function simulationEssence(result: SimulationResult) {
  return {
    tagVerdict: Array.from(result.tagVerdict),
    retention: Array.from(result.artifactRetentionVerdict),
    immutableTags: Array.from(result.artifactImmutableTags),
    totals: result.totals,
    repositoryTotals: result.repositoryTotals,
    projectTotals: result.projectTotals,
    ruleStats: result.ruleStats.map((s) => s.map((r) => [r.rule.label, r.decidedTags, r.stoppedTags])),
  };
}
