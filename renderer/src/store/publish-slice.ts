// Runs in the browser (no DOM needed).
/**
 * Publishing the draft: plan against the live server, show the plan and its effect on the current
 * snapshot, apply after one confirmation (progress from apply-step events), then the verified result or
 * a precise account of a partial failure; and the publish history.
 */
import { parseWireRules, toWireRules } from '../../../shared/rules/wire.js';
import { toErrorData } from '../view/format.js';
import { connectionRef } from './connections-slice.js';
import { draftRules, rulesKey } from './rules-slice.js';
import type { PublishSlice, SliceContext } from './types.js';

/** The committed draft as it would be sent (the open editor is not part of it). */
export function publishableRules(state: { rules: { draft: Parameters<typeof draftRules>[0] } }) {
  return toWireRules(draftRules(state.rules.draft));
}

/** The draft changed since the plan was made: apply must wait for a new plan. */
export function planIsStale(state: { rules: { draft: Parameters<typeof draftRules>[0] }; publish: Pick<PublishSlice, 'plannedRules'> }): boolean {
  const planned = state.publish.plannedRules;
  if (planned === null) return false;
  return JSON.stringify(planned) !== rulesKey(draftRules(state.rules.draft));
}

export function createPublishSlice(ctx: SliceContext): PublishSlice {
  let planSeq = 0;
  const clearPlan = { plan: null, plannedRules: null, planError: null, effect: null, effectNote: null, result: null, applyError: null, progress: null };
  return {
    connectionId: null,
    project: '',
    planning: false,
    plan: null,
    plannedRules: null,
    planError: null,
    effect: null,
    effectNote: null,
    applying: false,
    progress: null,
    result: null,
    applyError: null,
    history: [],
    historyError: null,
    choose(patch) {
      if (ctx.get().publish.applying) return;
      ++planSeq;
      ctx.patch('publish', { ...patch, ...clearPlan, planning: false });
    },
    async makePlan(secret) {
      const { publish } = ctx.get();
      if (publish.connectionId === null || publish.project.trim() === '') {
        ctx.patch('publish', { planError: { code: 'bad-input', message: 'Choose a connection and a project first.' } });
        return false;
      }
      const seq = ++planSeq;
      const project = publish.project.trim();
      const rules = publishableRules(ctx.get());
      ctx.patch('publish', { ...clearPlan, planning: true });
      try {
        const plan = await ctx.api.planPublish({ ...connectionRef(publish.connectionId, secret), project, rules });
        if (seq !== planSeq) return false;
        ctx.patch('publish', { plan, plannedRules: rules, planning: false });
        if (secret) void ctx.get().connections.refresh();
        const index = ctx.get().snapshots.current?.index;
        if (!index || !index.projects.some((p) => p.name === project)) {
          ctx.patch('publish', { effectNote: `The current snapshot has no project ${project}: fetch it to see which tags this publish changes.` });
          return true;
        }
        try {
          const effect = await ctx.get().simulation.effect({ project, remote: parseWireRules(plan.remoteRules), desired: parseWireRules(rules) });
          if (seq === planSeq) ctx.patch('publish', { effect });
        } catch (error) {
          if (seq === planSeq) ctx.patch('publish', { effectNote: `The effect could not be simulated: ${toErrorData(error).message}` });
        }
        return true;
      } catch (error) {
        if (seq === planSeq) ctx.patch('publish', { planning: false, planError: toErrorData(error) });
        return false;
      }
    },
    async apply(secret) {
      const state = ctx.get();
      const { publish } = state;
      if (publish.plan === null || publish.plannedRules === null || publish.connectionId === null || publish.applying) return false;
      if (planIsStale(state)) {
        ctx.patch('publish', { applyError: { code: 'bad-input', message: 'The draft changed since this plan. Plan again before publishing.' } });
        return false;
      }
      const { plan, plannedRules, connectionId } = publish;
      ctx.patch('publish', { applying: true, applyError: null, result: null, progress: { index: 0, total: plan.steps.length, steps: [] } });
      try {
        const result = await ctx.api.applyPublish({
          ...connectionRef(connectionId, secret),
          project: plan.project,
          rules: plannedRules,
          remoteFingerprint: plan.remoteFingerprint,
          force: false,
        });
        ctx.patch('publish', { applying: false, result });
        const failed = result.steps.filter((s) => s.status === 'failed').length;
        ctx.get().ui.notify(
          failed === 0 && result.verified ? 'success' : 'error',
          failed === 0 && result.verified
            ? `Published to ${plan.project} and verified.`
            : `The publish to ${plan.project} did not complete: ${failed} step(s) failed. See Publish for what was done.`,
        );
        void ctx.get().publish.loadHistory();
        const rules = ctx.get().rules;
        if (result.verified && rules.projectNames[rules.projectIndex] === plan.project) {
          void ctx.get().rules.pull(connectionId, undefined, 'replace');
        }
        return true;
      } catch (error) {
        ctx.patch('publish', { applying: false, applyError: toErrorData(error) });
        void ctx.get().publish.loadHistory();
        return false;
      }
    },
    async loadHistory() {
      try {
        const history = await ctx.api.publishHistory();
        ctx.patch('publish', { history: [...history].sort((a, b) => b.at.localeCompare(a.at)), historyError: null });
      } catch (error) {
        ctx.patch('publish', { historyError: toErrorData(error) });
      }
    },
    handleEvent(event) {
      if (event.type !== 'apply-step') return;
      const publish = ctx.get().publish;
      if (!publish.applying || publish.plan?.project !== event.project) return;
      const steps = [...(publish.progress?.steps ?? [])];
      steps[event.index] = event.step;
      ctx.patch('publish', { progress: { index: event.index + 1, total: event.total, steps } });
    },
  };
}
