// Runs anywhere (pure).
/**
 * The snapshot findings that read the project's retention forecast: `untagged-retained-in-snapshot`
 * (which says more with a forecast), `retention-blocked-by-immutability` and
 * `retention-deletes-last-artifact`. One place for them, so a caller that holds a forecast of its own
 * (the app's Cleanup screen, with the drafts at its "run at" time) can replace exactly these findings of
 * a lint made without one, instead of linting the whole snapshot again.
 */
import type { CompiledRuleSet } from '../engine/rule-set.js';
import type { SimulationResult } from '../engine/simulate.js';
import type { RetentionForecast } from '../retention/forecast.js';
import type { LintFinding } from './finding.js';
import { retentionBlockedFindings } from './retention-blocked.js';
import { RECORDED_POLICY } from './retention-forecast.js';
import { retentionEmptiesFindings } from './retention-empties.js';
import { onIdleRules } from './rule-acts.js';
import { untaggedStorageFindings } from './storage.js';

/** The codes `crossPolicyFindings` reports: a lint without a forecast holds only the first of them. */
export const CROSS_POLICY_CODES: ReadonlySet<string> = new Set(['untagged-retained-in-snapshot', 'retention-blocked-by-immutability', 'retention-deletes-last-artifact']);

/** `project shop of the snapshot`: where snapshot findings say they are. */
export function snapshotPlace(result: SimulationResult, project: number): string {
  const name = result.index.projects[project]?.name ?? '';
  return name === '' ? 'the snapshot' : `project ${name} of the snapshot`;
}

/**
 * `retention` was made with `result` for `project` (so its immutability rule positions are the
 * simulation's), or is null when no retention policy is known: then only the untagged storage is told.
 * `policy` names the policy forecast at the start of a sentence (a draft is not the project's policy).
 */
export function crossPolicyFindings(
  ruleSet: CompiledRuleSet,
  result: SimulationResult,
  project: number,
  retention: RetentionForecast | null,
  policy: string = RECORDED_POLICY,
): LintFinding[] {
  const where = snapshotPlace(result, project);
  return onIdleRules(
    [
      ...untaggedStorageFindings(ruleSet, result, project, where, retention, policy),
      ...retentionBlockedFindings(retention, result, where, policy),
      ...retentionEmptiesFindings(retention, where, policy),
    ],
    ruleSet,
  );
}
