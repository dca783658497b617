// Runs anywhere (pure).
/** What a publish changes on real tags: the server's rules and the desired rules judged on a snapshot. */
import type { Dialect } from '../glob/dialect.js';
import type { HarborProfile } from '../engine/harbor-profile.js';
import { compileRuleSet } from '../engine/rule-set.js';
import type { SimulationDiff } from '../engine/diff.js';
import { diffSimulations } from '../engine/diff.js';
import { simulate } from '../engine/simulate.js';
import type { ImmutableRule } from '../rules/model.js';
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';

export interface PlanEffect {
  project: string;
  diff: SimulationDiff;
  before: { immutableTags: number; lockedDigests: number };
  after: { immutableTags: number; lockedDigests: number };
}

/** Judge only the named project of the snapshot (other projects keep their own rules). */
export function planEffect(
  index: SnapshotIndex,
  project: string,
  remote: readonly ImmutableRule[],
  desired: readonly ImmutableRule[],
  dialect: Dialect,
  profile?: HarborProfile,
): PlanEffect | null {
  const position = index.projects.findIndex((p) => p.name === project);
  if (position < 0) return null;
  const none = compileRuleSet([], dialect, profile);
  const setsFor = (rules: readonly ImmutableRule[]) => {
    const set = compileRuleSet(rules, dialect, profile);
    return index.projects.map((_, p) => (p === position ? set : none));
  };
  const before = simulate(index, setsFor(remote));
  const after = simulate(index, setsFor(desired));
  const totals = (r: typeof before) => ({ immutableTags: r.projectTotals[position]!.immutableTags, lockedDigests: r.projectTotals[position]!.lockedDigests });
  return { project, diff: diffSimulations(before, after), before: totals(before), after: totals(after) };
}

/** A plan effect in counts, as the plan's JSON (CLI) and the publish screen (app) report it. */
export function effectCounts(effect: PlanEffect) {
  const { diff } = effect;
  return {
    before: effect.before,
    after: effect.after,
    newlyImmutableTags: diff.newlyImmutableTags.length,
    freedTags: diff.freedTags.length,
    newlyLockedDigests: diff.newlyLockedDigests.length,
    freedDigests: diff.freedDigests.length,
  };
}
