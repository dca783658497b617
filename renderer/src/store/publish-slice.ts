// Runs in the browser (no DOM needed).
/**
 * Publishing the draft: plan against the live server, show the plan and its effect on the open
 * snapshot, apply after one confirmation (progress from apply-step events), then the verified result or
 * a precise account of a partial failure; and the publish history.
 *
 * Safety by construction: a plan is made only for the registry and project the draft and the open
 * snapshot belong to, so its rule ids mean the rules the admin saw and its effect is computed on that
 * project's own tags. A refused publish (the server changed since the plan) offers a re-plan on top of
 * the other writer's change or an overwrite that names what it reverts; neither happens unasked.
 */
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { overwriteReverts, rebaseDraft, serverChanges } from '../../../shared/publish/drift.js';
import { parseWireRules, toWireRules } from '../../../shared/rules/wire.js';
import { toErrorData } from '../view/format.js';
import { connectionRef } from './connections-slice.js';
import { targetMismatch } from './draft-scope.js';
import { draftRules, rulesKey } from './rules-state.js';
import type { AppState, PublishSlice, SliceContext } from './types.js';

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

/** The project a plan is made for: the one typed, else the draft's own. */
export function targetProject(state: Pick<AppState, 'publish' | 'rules'>): string {
  return state.publish.project.trim() || (state.rules.scope?.project ?? '');
}

/**
 * Why the chosen target cannot be planned from here, or null. The draft's rule ids and the open
 * snapshot's tags belong to one registry and project; planning them against another would edit
 * unrelated rules there and show effect figures of the wrong tags.
 */
export function targetProblem(state: Pick<AppState, 'publish' | 'rules' | 'connections'>): string | null {
  const connection = state.connections.list.find((c) => c.id === state.publish.connectionId);
  if (!connection) return null;
  const scope = state.rules.scope;
  if (scope === null) return 'no snapshot is open: fetch the target project first, so the plan can show what it changes';
  return targetMismatch(scope, { url: connection.url, project: targetProject(state) });
}

export function createPublishSlice(ctx: SliceContext): PublishSlice {
  let planSeq = 0;
  const clearPlan = {
    plan: null,
    plannedRules: null,
    planError: null,
    effect: null,
    effectNote: null,
    result: null,
    applyError: null,
    progress: null,
    drift: null,
    overwrites: null,
  };

  /** Plans the draft; with `overwriteBase`, names what the plan reverts of the changes made since that base. */
  const plan = async (secret: string | undefined, overwriteBase: ImmutableRule[] | null): Promise<boolean> => {
    const state = ctx.get();
    const { publish } = state;
    const project = targetProject(state);
    if (publish.connectionId === null || project === '') {
      ctx.patch('publish', { planError: { code: 'bad-input', message: 'Choose a connection and a project first.' } });
      return false;
    }
    const problem = targetProblem(state);
    if (problem !== null) {
      ctx.patch('publish', { ...clearPlan, planError: { code: 'bad-input', message: `Not planned: ${problem}` } });
      return false;
    }
    const seq = ++planSeq;
    const connectionId = publish.connectionId;
    const rules = publishableRules(state);
    ctx.patch('publish', { ...clearPlan, planning: true });
    try {
      const view = await ctx.api.planPublish({ ...connectionRef(connectionId, secret), project, rules });
      if (seq !== planSeq) return false;
      const scope = ctx.get().rules.scope;
      const idProblem = scope === null ? null : targetMismatch(scope, { url: ctx.get().connections.list.find((c) => c.id === connectionId)?.url ?? '', project, projectId: view.projectId });
      if (idProblem !== null) {
        ctx.patch('publish', { planning: false, planError: { code: 'bad-input', message: `Not planned: ${idProblem}` } });
        return false;
      }
      const remote = parseWireRules(view.remoteRules);
      const desired = parseWireRules(rules);
      ctx.patch('publish', {
        plan: view,
        plannedRules: rules,
        planning: false,
        overwrites: overwriteBase === null ? null : overwriteReverts(overwriteBase, desired, remote),
      });
      // The plan read the live rules: they are now what the draft is compared with.
      ctx.get().rules.setLive(remote, connectionId);
      if (secret) void ctx.get().connections.refresh();
      try {
        const effect = await ctx.get().simulation.effect({ project, remote, desired });
        if (seq === planSeq) ctx.patch('publish', effect ? { effect } : { effectNote: `The open snapshot has no project ${project}.` });
      } catch (error) {
        if (seq === planSeq) ctx.patch('publish', { effectNote: `The effect could not be simulated: ${toErrorData(error).message}` });
      }
      return true;
    } catch (error) {
      if (seq === planSeq) ctx.patch('publish', { planning: false, planError: toErrorData(error) });
      return false;
    }
  };

  /** The publish was refused: read what the server has now and list what changed since the plan. */
  const onDrift = async (error: ReturnType<typeof toErrorData>, connectionId: string, project: string, base: ImmutableRule[]) => {
    ctx.patch('publish', { applying: false, progress: null, drift: { error, base, live: null, liveError: null, changes: [] } });
    try {
      const live = parseWireRules(await ctx.api.pullRules({ connectionId, project }));
      ctx.patch('publish', { drift: { error, base, live, liveError: null, changes: serverChanges(base, live) } });
      ctx.get().rules.setLive(live, connectionId);
    } catch (readError) {
      ctx.patch('publish', { drift: { error, base, live: null, liveError: toErrorData(readError), changes: [] } });
    }
  };

  /** After a verified publish: the snapshot's Harbor verdicts predate it, so fetch the project again. */
  const refreshVerdicts = (connectionId: string, project: string) => {
    const current = ctx.get().snapshots.current;
    if (current === null) return;
    ctx.get().snapshots.markVerdictsOutdated({ snapshotId: current.id, project, publishedAt: new Date(ctx.options.now()).toISOString() });
    if (ctx.get().snapshots.fetch === null) void ctx.get().snapshots.startFetch({ connectionId, projects: [project], openWhenDone: true });
  };

  return {
    connectionId: null,
    project: '',
    planning: false,
    plan: null,
    plannedRules: null,
    planError: null,
    effect: null,
    effectNote: null,
    overwrites: null,
    drift: null,
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
    makePlan(secret) {
      return plan(secret, null);
    },
    async apply(secret) {
      const state = ctx.get();
      const { publish } = state;
      if (publish.plan === null || publish.plannedRules === null || publish.connectionId === null || publish.applying || publish.drift !== null) return false;
      if (planIsStale(state)) {
        ctx.patch('publish', { applyError: { code: 'bad-input', message: 'The draft changed since this plan. Plan again before publishing.' } });
        return false;
      }
      const { plan: planned, plannedRules, connectionId } = publish;
      ctx.patch('publish', { applying: true, applyError: null, result: null, progress: { index: 0, total: planned.steps.length, steps: [] } });
      try {
        const result = await ctx.api.applyPublish({
          ...connectionRef(connectionId, secret),
          project: planned.project,
          rules: plannedRules,
          remoteFingerprint: planned.remoteFingerprint,
          // Never: a change on the server since the plan is refused and shown (see onDrift); an
          // overwrite is a new plan against the server as it is, confirmed with what it reverts.
          force: false,
        });
        ctx.patch('publish', { applying: false, result });
        const failed = result.steps.filter((s) => s.status === 'failed').length;
        const verified = failed === 0 && result.verified;
        ctx.get().ui.notify(
          verified ? 'success' : 'error',
          verified
            ? `Published to ${planned.project} and verified. Fetching ${planned.project} again so Harbor's own verdicts show the publish.`
            : `The publish to ${planned.project} did not complete: ${failed} step(s) failed. See Publish for what was done.`,
        );
        void ctx.get().publish.loadHistory();
        if (result.verified) {
          void ctx.get().rules.pull(connectionId, undefined, 'replace');
          refreshVerdicts(connectionId, planned.project);
        }
        return true;
      } catch (error) {
        const data = toErrorData(error);
        void ctx.get().publish.loadHistory();
        if (data.code === 'drift') {
          await onDrift(data, connectionId, planned.project, parseWireRules(planned.remoteRules));
          return false;
        }
        ctx.patch('publish', { applying: false, progress: null, applyError: data });
        return false;
      }
    },
    async rebaseOnDrift() {
      const { publish, rules } = ctx.get();
      const drift = publish.drift;
      if (drift === null || drift.live === null) return false;
      ctx.get().rules.replaceDraft(rebaseDraft(drift.base, draftRules(rules.draft), drift.live));
      return plan(undefined, null);
    },
    async planOverwrite() {
      const drift = ctx.get().publish.drift;
      if (drift === null) return false;
      return plan(undefined, drift.base);
    },
    async fetchTarget(options = {}) {
      const state = ctx.get();
      const connectionId = state.publish.connectionId;
      const project = targetProject(state);
      if (connectionId === null || project === '') return false;
      if (options.carryRules) ctx.get().rules.carryRules();
      const started = await ctx.get().snapshots.startFetch({ connectionId, projects: [project], openWhenDone: true, ...(options.secret ? { secret: options.secret } : {}) });
      if (started) ctx.get().ui.notify('info', `Fetching ${project}; it opens when the fetch is done, then plan again.`);
      return started;
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
