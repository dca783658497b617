// Runs in Node.
/**
 * Carrying out a publish safely. Harbor has no transaction across requests, so apply:
 * 1. re-reads the server's rules and refuses (no write) if they changed since the plan, unless told to
 *    proceed, in which case it re-plans against what is there now;
 * 2. runs the steps in the plan's order, keeping a model of what the server should hold after each one,
 *    and re-reads the rules before every write: another writer's change stops it (one writer at a time);
 * 3. resolves every ambiguous answer (a lost or refused answer) by reading the server, never by a guess:
 *    a create counts as done only when exactly one new rule with its content appeared;
 * 4. stops at a step boundary on a failure or when asked to (Ctrl-C), re-reads and verifies.
 * The report accounts for every step: done, failed, not attempted, or unknown (the server could not be
 * read to tell). Running apply again converges; with nothing to do it makes no write call.
 */
import type { ErrorData } from '../../../shared/errors.js';
import { TaglockError } from '../../../shared/errors.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import type { PlanStep, RulePlan, StepStatus } from '../../../shared/publish/plan.js';
import { contentKey, describeStep, planRules, rulesFingerprint } from '../../../shared/publish/plan.js';
import type { HarborClient } from '../registry/harbor/harbor-client.js';

export interface StepResult {
  step: PlanStep;
  description: string;
  status: StepStatus;
  /** Id of a created rule (or guard). */
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
  /** Why apply stopped before the end (a failure, another writer, an interruption), or null. */
  stopped: ErrorData | null;
  /** The server's rules as last read, or null when they could not be read at the end. */
  finalRules: ImmutableRule[] | null;
}

export interface ApplyOptions {
  /** Proceed even if the server's rules changed since the plan (re-plans against the current rules). */
  force?: boolean;
  /** Cancels requests in flight (a hard stop; the step's outcome is then resolved by reading). */
  signal?: AbortSignal;
  /** Asks apply to stop at the next step boundary (Ctrl-C): the step in flight finishes first. */
  stop?: AbortSignal;
  onStep?: (result: StepResult, index: number, total: number) => void;
}

/** The server changed since the plan: nothing was written. Carries what the server holds now. */
export class DriftError extends TaglockError {
  constructor(project: string, readonly live: ImmutableRule[]) {
    super('drift', `the rules of project ${project} changed on the server since the plan (someone else edited them): nothing was changed`);
    this.name = 'DriftError';
  }
}

function errorData(error: unknown): ErrorData {
  return error instanceof TaglockError ? { code: error.code, message: error.message } : { code: 'internal', message: String((error as Error)?.message ?? error) };
}

type Rules = readonly ImmutableRule[];
const same = (a: Rules, b: Rules) => rulesFingerprint(a) === rulesFingerprint(b);
const withFlag = (rules: Rules, id: number, disabled: boolean) => rules.map((r) => (r.id === id ? { ...r, disabled } : r));

export async function applyPlan(client: HarborClient, project: string, desired: Rules, plan: RulePlan, options: ApplyOptions = {}): Promise<ApplyReport> {
  const request = options.signal ? { signal: options.signal } : {};
  const read = () => client.listRules(project, request);
  const current = await read();
  let replanned = false;
  if (rulesFingerprint(current) !== plan.remoteFingerprint) {
    if (!options.force) throw new DriftError(project, current);
    plan = planRules(desired, current);
    replanned = true;
  }

  const results: StepResult[] = plan.steps.map((step) => ({ step, description: describeStep(step), status: 'not-attempted' }));
  const run = new StepRunner(client, project, request, read);
  let model: Rules = current;
  let stopped: ErrorData | null = null;
  for (let i = 0; i < results.length && stopped === null; i++) {
    if (options.stop?.aborted || options.signal?.aborted) {
      stopped = { code: 'cancelled', message: 'apply was interrupted: it stopped before the next step' };
      break;
    }
    const result = results[i]!;
    if (i > 0) {
      // One writer at a time: our model of the server must still be what the server holds.
      const live = await read().catch(() => null);
      if (live === null || !same(live, model)) {
        stopped = live === null
          ? { code: 'network', message: 'the server could not be read before the next step' }
          : { code: 'drift', message: `another writer changed the rules of project ${project} during the apply: stopped before "${result.description}"` };
        break;
      }
    }
    const outcome = await run.step(result, model);
    model = outcome.model;
    if (result.status !== 'done') stopped = result.error ?? { code: 'internal', message: 'the step did not complete' };
    options.onStep?.(result, i, results.length);
  }

  let finalRules: ImmutableRule[] | null = null;
  try {
    finalRules = await read();
  } catch {
    // The account below says the end state could not be read.
  }
  const remaining = finalRules === null ? [] : planRules(desired, finalRules).steps.map(describeStep);
  return { project, steps: results, verified: finalRules !== null && remaining.length === 0, remaining, replanned, stopped, finalRules };
}

/** Runs one step; on any failure it reads the server to learn what really happened. */
class StepRunner {
  /** Guards created by this apply, by the id of the rule they guard. */
  private readonly guards = new Map<number, number>();

  constructor(
    private readonly client: HarborClient,
    private readonly project: string,
    private readonly request: { signal?: AbortSignal },
    private readonly read: () => Promise<ImmutableRule[]>,
  ) {}

  async step(result: StepResult, model: Rules): Promise<{ model: Rules }> {
    const step = result.step;
    switch (step.kind) {
      case 'create':
      case 'guard':
        return this.create(result, step.rule, model, step.kind === 'create' && step.thenDisable);
      case 'enable':
      case 'disable': {
        const disabled = step.kind === 'disable';
        const after = withFlag(model, step.id, disabled);
        return this.write(result, model, after, () => this.client.setRuleDisabled(this.project, step.id, step.rule, disabled, this.request));
      }
      case 'edit': {
        const after = model.map((r) => (r.id === step.id ? { ...step.to, id: step.id, disabled: r.disabled } : r));
        return this.write(result, model, after, () => this.client.updateRule(this.project, step.id, step.to, step.storedDisabled, this.request));
      }
      case 'delete':
        return this.write(result, model, model.filter((r) => r.id !== step.id), () => this.client.deleteRule(this.project, step.id, this.request));
      case 'unguard': {
        const guardId = step.guardId ?? this.guards.get(step.id);
        if (guardId === undefined) {
          result.status = 'failed';
          result.error = { code: 'internal', message: `the temporary copy of rule #${step.id} was never created` };
          return { model };
        }
        return this.write(result, model, model.filter((r) => r.id !== guardId), () => this.client.deleteRule(this.project, guardId, this.request));
      }
    }
  }

  /** A write whose effect is known in advance: on failure, the server tells whether it happened. */
  private async write(result: StepResult, before: Rules, after: Rules, call: () => Promise<void>): Promise<{ model: Rules }> {
    try {
      await call();
      result.status = 'done';
      return { model: after };
    } catch (error) {
      const live = await this.read().catch(() => null);
      if (live !== null && same(live, after)) {
        result.status = 'done'; // the answer was lost, the change was made
        return { model: after };
      }
      result.status = live !== null && same(live, before) ? 'failed' : 'unknown';
      result.error = errorData(error);
      return { model: live ?? before };
    }
  }

  private async create(result: StepResult, rule: ImmutableRule, model: Rules, thenDisable: boolean): Promise<{ model: Rules }> {
    let id: number | null = null;
    try {
      id = await this.client.createRule(this.project, rule, this.request);
    } catch (error) {
      // Adopt only what the server proves: everything as before plus exactly one new rule with this content.
      const live = await this.read().catch(() => null);
      const known = new Set(model.map((r) => r.id));
      const added = live?.filter((r) => !known.has(r.id)) ?? [];
      const rest = live?.filter((r) => known.has(r.id)) ?? [];
      if (live !== null && added.length === 1 && contentKey(added[0]!) === contentKey(rule) && same(rest, model)) {
        id = added[0]!.id;
      } else {
        result.status = live !== null && same(live, model) ? 'failed' : 'unknown';
        result.error = errorData(error);
        return { model: live ?? model };
      }
    }
    const createdId = id!;
    result.createdId = createdId;
    if (result.step.kind === 'guard') this.guards.set(result.step.id, createdId);
    const created: Rules = [...model, { ...rule, id: createdId, disabled: false }];
    if (!thenDisable) {
      result.status = 'done';
      return { model: created };
    }
    return this.disableCreated(result, rule, createdId, created);
  }

  /**
   * Harbor creates every rule enabled; a rule meant to be disabled is disabled right after. If that
   * fails twice, the new rule is deleted again (it protects nothing in the desired state), so no rule is
   * left enabled that the admin wanted off.
   */
  private async disableCreated(result: StepResult, rule: ImmutableRule, id: number, created: Rules): Promise<{ model: Rules }> {
    const disabled = withFlag(created, id, true);
    let lastError: unknown = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.client.setRuleDisabled(this.project, id, { ...rule, id }, true, this.request);
        result.status = 'done';
        return { model: disabled };
      } catch (error) {
        lastError = error;
        const live = await this.read().catch(() => null);
        if (live !== null && same(live, disabled)) {
          result.status = 'done';
          return { model: disabled };
        }
      }
    }
    const without = created.filter((r) => r.id !== id);
    try {
      await this.client.deleteRule(this.project, id, this.request);
      result.status = 'failed';
      result.error = { code: errorData(lastError).code, message: `rule #${id} was created but could not be disabled (${errorData(lastError).message}), so it was deleted again` };
      return { model: without };
    } catch {
      const live = await this.read().catch(() => null);
      if (live !== null && same(live, without)) {
        result.status = 'failed';
        result.error = { code: errorData(lastError).code, message: `rule #${id} was created but could not be disabled, so it was deleted again` };
        return { model: without };
      }
      result.status = 'unknown';
      result.error = { code: errorData(lastError).code, message: `rule #${id} was created ENABLED and could be neither disabled nor deleted: disable or delete it in Harbor` };
      return { model: live ?? created };
    }
  }
}
