// Runs in the browser (pure, no DOM).
/**
 * The app's lint across both policies. The simulation lints the snapshot without a retention forecast
 * (it runs in a worker for large snapshots, and its result is what the forecast is made from); the
 * Cleanup forecast then forecasts the retention draft, or the recorded policy, under the immutability
 * draft at the Cleanup screen's "run at" time. Its draft side is exactly the forecast lint needs, so the
 * findings that read a forecast are made from it here rather than from a second forecast per edit.
 */
import { CROSS_POLICY_CODES, crossPolicyFindings } from '../../../shared/lint/cross-policy.js';
import { RECORDED_POLICY } from '../../../shared/lint/retention-forecast.js';
import type { LintFinding } from '../../../shared/lint/finding.js';
import type { SimulationView } from '../sim/compute.js';
import type { CleanupForecast } from './cleanup-forecast.js';

/** How the findings name a retention draft the admin made on the Cleanup screen. */
export const RETENTION_DRAFT = 'The retention draft';

/** Whether the forecast's draft side forecasts a policy for the view's snapshot and project. */
function forecastsPolicyOf(view: SimulationView, forecast: CleanupForecast | null): forecast is CleanupForecast {
  return forecast !== null && forecast.draftPolicy !== null && forecast.snapshotId === view.snapshotId && forecast.projectIndex === view.projectIndex;
}

/** Whether the forecast's draft side was made from this very simulation of the drafts. */
export function forecastOfView(view: SimulationView, forecast: CleanupForecast | null): forecast is CleanupForecast {
  if (!forecastsPolicyOf(view, forecast)) return false;
  const draft = forecast.draft;
  return draft.index === view.draft.index && draft.immutability === view.draft.ruleSets[view.projectIndex];
}

/** The findings made from each forecast: both hooks that show findings ask after every edit, and a newer view may arrive before the next forecast. */
const made = new WeakMap<CleanupForecast, LintFinding[]>();

/**
 * The simulation's snapshot findings, with those that read a forecast made from the Cleanup forecast.
 * Until the forecast of a newer simulation is made (on the Rules screen it follows a task later), those
 * of the previous one stay, so they do not blink out at every keystroke; the simulation's own are shown
 * when no policy is forecast.
 */
export function snapshotFindings(view: SimulationView, forecast: CleanupForecast | null): LintFinding[] {
  if (!forecastsPolicyOf(view, forecast)) return view.findings;
  let crossPolicy = made.get(forecast);
  if (crossPolicy === undefined) {
    if (!forecastOfView(view, forecast)) return view.findings;
    const project = view.projectIndex;
    // The recorded policy is the very object the forecast was given when no retention draft replaces it.
    const drafted = forecast.draftPolicy !== view.draft.index.projects[project]?.retention;
    crossPolicy = crossPolicyFindings(view.draft.ruleSets[project]!, view.draft, project, forecast.draft, drafted ? RETENTION_DRAFT : RECORDED_POLICY);
    made.set(forecast, crossPolicy);
  }
  return [...view.findings.filter((f) => !CROSS_POLICY_CODES.has(f.code)), ...crossPolicy];
}
