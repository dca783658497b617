// Runs in the browser (pure, no DOM).
/**
 * The app's lint across both policies. The simulation lints the snapshot without a retention forecast
 * (it runs in a worker for large snapshots, and its result is what the forecast is made from); the
 * Cleanup forecast then forecasts the retention draft, or the recorded policy, under the immutability
 * draft at the Cleanup screen's "run at" time. Its draft side is exactly the forecast lint needs, so the
 * findings that read a forecast are made from it here rather than from a second forecast per edit.
 */
import { CROSS_POLICY_CODES, crossPolicyFindings } from '../../../shared/lint/cross-policy.js';
import type { LintFinding } from '../../../shared/lint/finding.js';
import type { SimulationView } from '../sim/compute.js';
import type { CleanupForecast } from './cleanup-forecast.js';

/** Whether the forecast's draft side forecasts a policy and was made from this very simulation of the drafts. */
export function forecastOfView(view: SimulationView, forecast: CleanupForecast | null): forecast is CleanupForecast {
  if (forecast === null || forecast.draftPolicy === null) return false;
  if (forecast.snapshotId !== view.snapshotId || forecast.projectIndex !== view.projectIndex) return false;
  const draft = forecast.draft;
  return draft.index === view.draft.index && draft.immutability === view.draft.ruleSets[view.projectIndex];
}

/** Both hooks that show findings ask for the same pair after each edit: the second gets the first's answer. */
const made = new WeakMap<SimulationView, { forecast: CleanupForecast; findings: LintFinding[] }>();

/**
 * The simulation's snapshot findings, with those that read a forecast made from the Cleanup forecast
 * when it was computed from this simulation; as the simulation gave them otherwise (no policy to lint
 * against, or the forecast not made yet).
 */
export function snapshotFindings(view: SimulationView, forecast: CleanupForecast | null): LintFinding[] {
  if (!forecastOfView(view, forecast)) return view.findings;
  const cached = made.get(view);
  if (cached?.forecast === forecast) return cached.findings;
  const project = view.projectIndex;
  const ruleSet = view.draft.ruleSets[project]!;
  const findings = [...view.findings.filter((f) => !CROSS_POLICY_CODES.has(f.code)), ...crossPolicyFindings(ruleSet, view.draft, project, forecast.draft)];
  made.set(view, { forecast, findings });
  return findings;
}
