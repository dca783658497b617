// Runs in Node (tests). The app's lint across both policies: the Rules screen's findings say what the
// Cleanup forecast says — the retention draft, else the recorded policy, under the immutability draft, at
// the Cleanup screen's "run at" time — exactly as lintRules says it given that policy and time; they
// follow every edit a task after the simulation, without blinking out in between; and a project with no
// policy to lint against costs no forecast on the Rules screen.
import { createElement } from 'react';
import type { ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DEMO_RETENTION, demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { CROSS_POLICY_CODES } from '../../shared/lint/cross-policy.js';
import type { LintFinding } from '../../shared/lint/finding.js';
import { lintRules } from '../../shared/lint/lint.js';
import { RECORDED_POLICY, keptByImmutability } from '../../shared/lint/retention-forecast.js';
import type { RetentionPolicy } from '../../shared/retention/policy.js';
import { RulesScreen } from '../../renderer/src/components/RulesScreen.js';
import { useFindings } from '../../renderer/src/components/RuleList.js';
import { StoreProvider } from '../../renderer/src/components/store-context.js';
import { profileOf } from '../../renderer/src/sim/compute.js';
import type { AppStore } from '../../renderer/src/store/app-store.js';
import { effectiveRules, judgedHarborVersion } from '../../renderer/src/store/rules-slice.js';
import { RETENTION_DRAFT } from '../../renderer/src/view/cross-policy-findings.js';
import { applyRuleForm, ruleForm } from '../../renderer/src/view/retention-rule-form.js';
import type { Harness } from './helpers.js';
import { startedHarness } from './helpers.js';

const NOW = Date.UTC(2026, 10, 2, 9);
const BLOCKED = 'retention-blocked-by-immutability';

function render(store: AppStore, element: ReactElement): string {
  const current: AppStore = { ...store, getInitialState: () => store.getState() };
  return renderToString(createElement(StoreProvider, { store: current, children: element }));
}

/** The Rules screen's findings across both policies, as its hook gives them. */
function shown({ store }: Harness): Pick<LintFinding, 'code' | 'ruleIndex' | 'message'>[] {
  let findings: LintFinding[] = [];
  function Probe() {
    findings = useFindings().findings;
    return null;
  }
  render(store, createElement(Probe));
  return findings.filter((f) => CROSS_POLICY_CODES.has(f.code)).map(({ code, ruleIndex, message }) => ({ code, ruleIndex, message }));
}

/** What lintRules says across both policies on the simulation the app made, with this policy recorded, at `runAt`. */
function linted({ state }: Harness, policy: RetentionPolicy | null, runAt: number): Pick<LintFinding, 'code' | 'ruleIndex' | 'message'>[] {
  const { rules, simulation } = state();
  const result = simulation.view!.draft;
  const index = { ...result.index, projects: result.index.projects.map((p, i) => (i === rules.projectIndex ? { ...p, retention: policy } : p)) };
  const findings = lintRules(effectiveRules(rules), {
    dialect: rules.dialect,
    profile: profileOf({ harborVersion: judgedHarborVersion(rules) }),
    simulation: { result: { ...result, index }, project: rules.projectIndex },
    retentionRunAt: runAt,
  });
  return findings.filter((f) => CROSS_POLICY_CODES.has(f.code)).map(({ code, ruleIndex, message }) => ({ code, ruleIndex, message }));
}

/** On the Rules screen the forecast follows a task after the simulation. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

const blocked = (findings: ReturnType<typeof shown>) => findings.filter((f) => f.code === BLOCKED);

describe('lint across both policies on the Rules screen', () => {
  it('shows what immutability keeps from the recorded policy at "run at", under the rule that keeps it', async () => {
    const harness = await startedHarness();
    const { store, state } = harness;
    expect(state().ui.screen).toBe('rules');
    await nextTask();
    const findings = shown(harness);
    expect(findings).toEqual(linted(harness, DEMO_RETENTION, NOW));
    const [finding] = blocked(findings);
    expect(finding).toBeDefined();
    // The Cleanup screen's own forecast is the one linted: its figure is the finding's.
    const kept = keptByImmutability(state().cleanup.forecast!.draft, true).get(0)!;
    expect(finding!.message).toMatch(new RegExp(`^The project's retention policy would delete ${kept.length} tagged artifacts `));
    const html = render(store, createElement(RulesScreen)).replace(/&#x27;|&#39;/g, "'");
    expect(html).toContain(finding!.message);
  });

  it('follows an immutability edit, a retention draft and the run time', async () => {
    const harness = await startedHarness();
    const { state, settle } = harness;
    await nextTask();
    const before = blocked(shown(harness));

    state().rules.applyPreset('all-tags', 'append');
    await settle();
    // The simulation is drawn first; until the forecast follows, the findings it made stay.
    expect(blocked(shown(harness))).toEqual(before);
    await nextTask();
    const locked = shown(harness);
    expect(locked).toEqual(linted(harness, DEMO_RETENTION, NOW));
    expect(blocked(locked).map((f) => f.ruleIndex)).toContain(state().rules.draft.length - 1);
    expect(blocked(locked)).not.toEqual(before);

    // A retention draft keeping only the latest pushed artifact: immutability keeps more from it, and the
    // findings name the draft, not the project's policy.
    const latest = DEMO_RETENTION.rules![0]!;
    state().cleanup.updateRule(0, applyRuleForm(latest, { ...ruleForm(latest), parameter: 1 }));
    await nextTask();
    const drafted = shown(harness);
    const asDraft = (findings: ReturnType<typeof shown>) => findings.map((f) => ({ ...f, message: f.message.replace(RECORDED_POLICY, RETENTION_DRAFT) }));
    expect(drafted).toEqual(asDraft(linted(harness, state().cleanup.draft!, NOW)));
    expect(blocked(drafted)[0]!.message).toMatch(/^The retention draft would delete /);
    expect(blocked(drafted)).not.toEqual(blocked(locked));

    state().cleanup.addRule();
    const added = state().cleanup.draft!.rules![2]!;
    state().cleanup.updateRule(2, applyRuleForm(added, { ...ruleForm(added), template: 'always' }));
    await nextTask();
    expect(shown(harness)).toEqual(asDraft(linted(harness, state().cleanup.draft!, NOW)));
    expect(blocked(shown(harness))).toEqual([]);
    state().cleanup.resetDraft();
    await nextTask();
    expect(shown(harness)).toEqual(locked);

    const later = Date.UTC(2027, 2, 1);
    state().cleanup.setRunAt(later);
    await nextTask();
    const moved = shown(harness);
    expect(moved).toEqual(linted(harness, DEMO_RETENTION, later));
    expect(moved).not.toEqual(locked);
  });

  it('forecasts nothing on the Rules screen for a project with no policy, and says only what the snapshot shows', async () => {
    const harness = await startedHarness();
    const { state, settle } = harness;
    const snapshot = demoSnapshot();
    snapshot.projects[0]!.retention = null;
    const summary = await state().snapshots.importFile('no-policy.json', JSON.stringify(snapshot));
    await state().snapshots.open(summary!.id);
    await settle();
    await nextTask();
    expect(state().ui.screen).toBe('rules');
    expect(state().cleanup.forecast).toBeNull();
    expect(shown(harness)).toEqual(linted(harness, null, NOW));
    expect(blocked(shown(harness))).toEqual([]);
  });
});
