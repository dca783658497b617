// Runs in Node.
/** A rule plan and its effect in words (text) and as data (JSON), for `plan` online and offline. */
import type { PlanEffect } from '../../shared/publish/plan-effect.js';
import { effectCounts } from '../../shared/publish/plan-effect.js';
import type { RulePlan } from '../../shared/publish/plan.js';
import { describeStep } from '../../shared/publish/plan.js';

export function stepsText(plan: RulePlan): string[] {
  const lines = plan.notes.map((note) => `note: ${note}`);
  if (plan.steps.length === 0) lines.push('Nothing to do: the server already has exactly these rules.');
  else plan.steps.forEach((step, i) => lines.push(`${i + 1}. ${describeStep(step)}`));
  return lines;
}

export function effectLine(effect: PlanEffect): string {
  const { diff, before, after } = effect;
  return (
    `Effect on the snapshot: immutable tags ${before.immutableTags} -> ${after.immutableTags} (+${diff.newlyImmutableTags.length} / -${diff.freedTags.length}), ` +
    `locked digests ${before.lockedDigests} -> ${after.lockedDigests} (+${diff.newlyLockedDigests.length} / -${diff.freedDigests.length}).`
  );
}

export function planJson(project: string, projectId: number | null, plan: RulePlan, effect: PlanEffect | null): unknown {
  return {
    project,
    projectId,
    steps: plan.steps.map((step) => ({ kind: step.kind, id: 'id' in step ? step.id : null, description: describeStep(step) })),
    notes: plan.notes,
    effect: effect && effectCounts(effect),
  };
}
