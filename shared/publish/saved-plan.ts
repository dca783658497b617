// Runs anywhere (pure).
/**
 * A plan saved to a file (`taglock plan --out`), carried out later exactly as reviewed (`taglock apply
 * --plan`), as Terraform does with saved plans. It records the server state it was made from: the
 * registry, the project by name AND id (a project deleted and re-created under the same name is another
 * project), the rules then on the server and their fingerprint, and the desired rules.
 */
import { badInput } from '../errors.js';
import type { ImmutableRule } from '../rules/model.js';
import type { WireRule } from '../rules/wire.js';
import { parseWireRules, toWireRules } from '../rules/wire.js';
import type { RulePlan } from './plan.js';
import { describeStep, planRules, rulesFingerprint } from './plan.js';

export const SAVED_PLAN_FORMAT = 'taglock-plan';
export const SAVED_PLAN_VERSION = 1;

export interface SavedPlan {
  format: typeof SAVED_PLAN_FORMAT;
  version: typeof SAVED_PLAN_VERSION;
  createdAt: string;
  /** The registry's URL, without credentials. */
  registry: string;
  project: { name: string; id: number };
  remoteFingerprint: string;
  remoteRules: WireRule[];
  desiredRules: WireRule[];
  /** For people reading the file; apply re-derives the steps and checks they are the same. */
  steps: string[];
}

export function savePlan(input: { registry: string; project: { name: string; id: number }; remote: readonly ImmutableRule[]; desired: readonly ImmutableRule[]; plan: RulePlan; at?: Date }): SavedPlan {
  return {
    format: SAVED_PLAN_FORMAT,
    version: SAVED_PLAN_VERSION,
    createdAt: (input.at ?? new Date()).toISOString(),
    registry: input.registry,
    project: input.project,
    remoteFingerprint: input.plan.remoteFingerprint,
    remoteRules: toWireRules(input.remote),
    desiredRules: toWireRules(input.desired),
    steps: input.plan.steps.map(describeStep),
  };
}

export interface LoadedPlan {
  saved: SavedPlan;
  remote: ImmutableRule[];
  desired: ImmutableRule[];
  plan: RulePlan;
}

/** Reads a saved plan, naming the first thing wrong with it; the plan is re-derived and must match. */
export function loadPlan(value: unknown, source = 'the plan file'): LoadedPlan {
  const fail = (what: string): never => {
    throw badInput(`${source} is not a usable Taglock plan: ${what}`);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('expected a JSON object');
  const v = value as Record<string, unknown>;
  if (v.format !== SAVED_PLAN_FORMAT) fail(`format must be "${SAVED_PLAN_FORMAT}"`);
  if (v.version !== SAVED_PLAN_VERSION) fail(`version ${JSON.stringify(v.version)} is not supported (this Taglock reads version ${SAVED_PLAN_VERSION})`);
  if (typeof v.registry !== 'string' || !/^https?:\/\//.test(v.registry)) fail('registry must be an http(s) URL');
  const project = v.project as Record<string, unknown> | null;
  if (project === null || typeof project !== 'object' || typeof project.name !== 'string' || !Number.isSafeInteger(project.id)) fail('project must hold a name and a numeric id');
  if (typeof v.remoteFingerprint !== 'string') fail('remoteFingerprint is missing');
  if (!Array.isArray(v.steps) || !v.steps.every((s) => typeof s === 'string')) fail('steps must be a list of strings');
  const remote = parseWireRules(v.remoteRules, 'remoteRules');
  const desired = parseWireRules(v.desiredRules, 'desiredRules');
  if (rulesFingerprint(remote) !== v.remoteFingerprint) fail('remoteRules do not match remoteFingerprint (was the file edited?)');
  const plan = planRules(desired, remote);
  const steps = plan.steps.map(describeStep);
  if (JSON.stringify(steps) !== JSON.stringify(v.steps)) fail('its steps are not the ones its rules give (was the file edited, or made by another Taglock version?)');
  return { saved: value as SavedPlan, remote, desired, plan };
}
