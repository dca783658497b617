// Runs in Node.
/**
 * Carrying out a publish safely. Harbor has no transaction across requests, so apply:
 * 1. re-reads the server's rules and refuses if they changed since the plan (someone else edited them),
 *    unless told to proceed, in which case it re-plans against what is there now;
 * 2. runs the steps in the plan's order, stopping at the first failure;
 * 3. re-reads the rules and verifies they are exactly the desired list.
 * A failure half way is reported step by step (done, failed, not attempted); running apply again
 * converges, and with nothing to do it makes no write call.
 */
import type { ErrorData } from '../../../shared/errors.js';
import { TaglockError } from '../../../shared/errors.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import type { PlanStep, RulePlan } from '../../../shared/publish/plan.js';
import { contentKey, describeStep, planRules, rulesFingerprint } from '../../../shared/publish/plan.js';
import type { HarborClient } from '../registry/harbor/harbor-client.js';

export interface StepResult {
  step: PlanStep;
  description: string;
  status: 'done' | 'failed' | 'not-attempted';
  /** Id of a created rule. */
  createdId?: number;
  error?: ErrorData;
}

export interface ApplyReport {
  project: string;
  steps: StepResult[];
  /** True when the server's rules were re-read afterwards and are exactly the desired list. */
  verified: boolean;
  /** What is left to do, if verification found differences. */
  remaining: string[];
  replanned: boolean;
}

export interface ApplyOptions {
  /** Proceed even if the server's rules changed since the plan (re-plans against the current rules). */
  force?: boolean;
  signal?: AbortSignal;
  onStep?: (result: StepResult, index: number, total: number) => void;
}

function errorData(error: unknown): ErrorData {
  return error instanceof TaglockError ? { code: error.code, message: error.message } : { code: 'internal', message: String((error as Error)?.message ?? error) };
}

export async function applyPlan(
  client: HarborClient,
  project: string,
  desired: readonly ImmutableRule[],
  plan: RulePlan,
  options: ApplyOptions = {},
): Promise<ApplyReport> {
  const signal = options.signal ? { signal: options.signal } : {};
  const current = await client.listRules(project, signal);
  let replanned = false;
  if (rulesFingerprint(current) !== plan.remoteFingerprint) {
    if (!options.force) {
      throw new TaglockError(
        'drift',
        `the rules of project ${project} changed on the server since the plan (someone else edited them): review a new plan, or apply with force to overwrite their change`,
      );
    }
    plan = planRules(desired, current);
    replanned = true;
  }

  const results: StepResult[] = plan.steps.map((step) => ({ step, description: describeStep(step), status: 'not-attempted' }));
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    try {
      await runStep(client, project, result, signal);
      result.status = 'done';
    } catch (error) {
      result.status = 'failed';
      result.error = errorData(error);
      options.onStep?.(result, i, results.length);
      break;
    }
    options.onStep?.(result, i, results.length);
  }

  const after = await client.listRules(project, signal);
  const remaining = planRules(desired, after).steps.map(describeStep);
  return { project, steps: results, verified: remaining.length === 0, remaining, replanned };
}

async function runStep(client: HarborClient, project: string, result: StepResult, signal: { signal?: AbortSignal }): Promise<void> {
  const step = result.step;
  switch (step.kind) {
    case 'create': {
      let id: number;
      try {
        id = await client.createRule(project, step.rule, signal);
      } catch (error) {
        // 409: an identical rule exists (e.g. an earlier apply created it before failing): adopt it.
        if (!(error instanceof TaglockError && error.code === 'conflict')) throw error;
        const twin = (await client.listRules(project, signal)).find((r) => contentKey(r) === contentKey(step.rule));
        if (!twin || twin.id === null) throw error;
        id = twin.id;
      }
      result.createdId = id;
      if (step.thenDisable) await client.setRuleDisabled(project, id, { ...step.rule, id, disabled: false }, true, signal);
      return;
    }
    case 'enable':
      return client.setRuleDisabled(project, step.id, step.rule, false, signal);
    case 'disable':
      return client.setRuleDisabled(project, step.id, step.rule, true, signal);
    case 'edit':
      // Enables run before edits and disables after, so the stored flag is "disabled" now only if the
      // rule was disabled and stays so; sending any other flag would make Harbor drop the edit.
      return client.updateRule(project, step.id, step.to, step.from.disabled && step.to.disabled, signal);
    case 'delete':
      return client.deleteRule(project, step.id, signal);
  }
}
