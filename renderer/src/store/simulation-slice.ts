// Runs in the browser (no DOM needed).
/**
 * Live simulation of the draft (with the open editor applied) against the server rules, on the current
 * snapshot. Edits are debounced lightly; a runner (main thread or worker, see sim/runner.ts) does the
 * work; only the newest answer is kept. Also holds the tag table's filter and the selections.
 */
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import type { SimulationRequest } from '../sim/compute.js';
import type { PresetsView } from '../view/preset-view.js';
import { costlyRulePositions } from '../sim/glob-budget.js';
import type { SimulationRunner } from '../sim/runner.js';
import { SimulationStopped } from '../sim/runner.js';
import { toErrorData } from '../view/format.js';
import { EMPTY_FILTER } from '../view/tag-table.js';
import { DEFAULT_TAG_COLUMNS, OPTIONAL_TAG_COLUMNS } from '../view/tag-columns.js';
import { effectiveRules, judgedHarborVersion } from './rules-slice.js';
import { labelAt } from './rules-state.js';
import type { SimulationSlice, SliceContext } from './types.js';

export interface SimulationControl {
  slice: SimulationSlice;
  /** A new snapshot is current: start a runner for it (the old one is stopped). */
  attach(index: SnapshotIndex, snapshotId: string): void;
  dispose(): void;
}

export function createSimulationSlice(ctx: SliceContext): SimulationControl {
  let runner: SimulationRunner | null = null;
  let runnerIndex: SnapshotIndex | null = null;
  let runnerSnapshot = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  let requested = -1;
  /** The last request sent, to tell whether a deferred run would only repeat it. */
  let lastSent: SimulationRequest | null = null;
  /** The presets key asked of the current runner last: answers for another are dropped. */
  let presetsAsked: string | null = null;
  /** A run was started for a change in the current task; later changes of that task wait for its end. */
  let startedThisTask = false;
  let endOfTaskRun = false;

  const request = (): SimulationRequest | null => {
    const { rules } = ctx.get();
    if (runner === null || runnerIndex === null) return null;
    return {
      snapshotId: runnerSnapshot,
      revision: rules.revision,
      projectIndex: rules.projectIndex,
      dialect: rules.dialect,
      harborVersion: judgedHarborVersion(rules),
      draft: effectiveRules(rules),
      serverKey: rules.server.key,
      serverRules: rules.server.rules,
    };
  };

  const runNow = async (): Promise<void> => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    const req = request();
    const current = runner;
    if (req === null || current === null) return;
    requested = req.revision;
    lastSent = req;
    ctx.patch('simulation', { status: 'running', stopped: null });
    try {
      const view = await current.run(req);
      if (current !== runner || view === null) return;
      const previous = ctx.get().simulation.view;
      if (previous !== null && previous.revision > view.revision && previous.snapshotId === view.snapshotId) return;
      ctx.patch('simulation', {
        view,
        error: null,
        mode: current.mode,
        status: view.revision >= requested ? 'ready' : 'running',
      });
    } catch (error) {
      if (current !== runner) return;
      if (error instanceof SimulationStopped) {
        // A newer request may already be on its way; only the newest one's fate is shown.
        if (requested !== req.revision) return;
        const rules = ctx.get().rules;
        const costlyRules = costlyRulePositions(req.draft).map((position) => labelAt(rules, position));
        ctx.patch('simulation', { status: 'stopped', stopped: { reason: error.reason, budgetMs: error.budgetMs, costlyRules }, mode: current.mode });
        return;
      }
      ctx.patch('simulation', { status: 'failed', error: toErrorData(error), mode: current.mode });
    }
  };

  /**
   * Without a debounce, the first change of a task is sent at once, from the change itself: the worker
   * starts while this thread is still rendering the keystroke, instead of after that render and the
   * frame. Further changes in the same task run once it ends (the runner keeps only the newest request),
   * so a task that changes the draft several times does not wait for a run of its first change.
   */
  const runForChange = (): void => {
    if (!startedThisTask) {
      startedThisTask = true;
      queueMicrotask(() => {
        startedThisTask = false;
      });
      void runNow();
      return;
    }
    if (endOfTaskRun) return;
    endOfTaskRun = true;
    queueMicrotask(() => {
      endOfTaskRun = false;
      runUnlessSent();
    });
  };

  /** Runs the current request unless it is the one last sent (a caller may have run it meanwhile). */
  const runUnlessSent = (): void => {
    const req = request();
    if (req !== null && lastSent !== null && sameRequest(req, lastSent)) return;
    void runNow();
  };

  const slice: SimulationSlice = {
    status: 'idle',
    stopped: null,
    view: null,
    error: null,
    mode: 'main',
    fallbackReason: null,
    filter: EMPTY_FILTER,
    sort: null,
    tagColumns: [...DEFAULT_TAG_COLUMNS],
    selectedTag: null,
    selectedDigest: null,
    schedule() {
      if (runner === null) return;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const delay = ctx.options.debounceMs(runnerIndex?.counts.tags ?? 0);
      if (delay <= 0) {
        runForChange(); // runNow says 'running' itself (one store update per keystroke, not two)
        return;
      }
      ctx.patch('simulation', { status: 'running' });
      timer = setTimeout(() => {
        timer = null;
        void runNow();
      }, delay);
    },
    runNow,
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (runner === null) return;
      runner.cancel();
      ctx.patch('simulation', { status: 'stopped', stopped: { reason: 'cancelled', budgetMs: ctx.options.simulationBudgetMs, costlyRules: [] } });
    },
    setFilter(patch) {
      ctx.patch('simulation', (s) => ({ filter: { ...s.filter, ...patch } }));
    },
    showRepository(repository) {
      const index = runnerIndex;
      ctx.patch('simulation', (s) => {
        const tag = s.selectedTag;
        const ofThisRepository = tag !== null && index !== null && index.artifactRepository[index.tagArtifact[tag]!] === repository;
        return { filter: { ...EMPTY_FILTER, repository }, ...(ofThisRepository ? {} : { selectedTag: null }) };
      });
    },
    setSort(sort) {
      ctx.patch('simulation', { sort });
    },
    setTagColumns(columns) {
      ctx.patch('simulation', { tagColumns: OPTIONAL_TAG_COLUMNS.filter((c) => columns.includes(c)) });
    },
    selectTag(tag) {
      const index = runnerIndex;
      ctx.patch('simulation', { selectedTag: tag, ...(tag !== null && index ? { selectedDigest: index.tagArtifact[tag] ?? null } : {}) });
    },
    selectDigest(artifact) {
      ctx.patch('simulation', { selectedDigest: artifact });
    },
    async effect(req) {
      if (runner === null) return null;
      return runner.ask({ kind: 'effect', request: { ...req, dialect: ctx.get().rules.dialect, harborVersion: judgedHarborVersion(ctx.get().rules) } });
    },
    presets: null,
    askPresets() {
      const current = runner;
      if (current === null) return;
      const { projectIndex, dialect } = ctx.get().rules;
      const key = presetsKey(runnerSnapshot, projectIndex, dialect);
      if (presetsAsked === key) return;
      presetsAsked = key;
      const keep = (view: PresetsView | null, error: string | null) => {
        if (current === runner && presetsAsked === key) ctx.patch('simulation', { presets: { key, view, error } });
      };
      current.ask({ kind: 'presets', request: { projectIndex, dialect } }).then(
        (view) => keep(view, null),
        (error: unknown) => keep(null, error instanceof Error ? error.message : String(error)),
      );
    },
  };

  return {
    slice,
    attach(index, snapshotId) {
      if (runnerIndex === index) return;
      runner?.dispose();
      runnerIndex = index;
      runnerSnapshot = snapshotId;
      const created = ctx.options.runnerFactory(
        index,
        (reason) => {
          ctx.patch('simulation', { fallbackReason: reason, mode: 'main' });
          ctx.get().ui.notify('info', `Simulation runs on the main thread: ${reason}.`);
        },
        ctx.options.simulationBudgetMs,
      );
      runner = created;
      requested = -1;
      lastSent = null;
      presetsAsked = null;
      ctx.patch('simulation', {
        view: null,
        presets: null,
        status: 'idle',
        stopped: null,
        error: null,
        mode: created.mode,
        fallbackReason: null,
        filter: EMPTY_FILTER,
        selectedTag: null,
        selectedDigest: null,
      });
      // Not at once: the snapshot becomes current before its rules are loaded (snapshots.open does both in
      // one go), and a run started now would simulate the previous snapshot's draft on it, to be thrown
      // away the moment the real draft arrives (seconds of worker time at a million tags).
      // A rules change in the same task may have started the run for the real draft already.
      queueMicrotask(() => {
        if (runner === created) runUnlessSent();
      });
    },
    dispose() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      runner?.dispose();
      runner = null;
      runnerIndex = null;
    },
  };
}

/** Which snapshot, project and dialect presets numbers were worked out for. */
export function presetsKey(snapshotId: string, projectIndex: number, dialect: string): string {
  return `${snapshotId}|${projectIndex}|${dialect}`;
}

/** Two requests that simulate the same thing (the draft is the one of the revision). */
function sameRequest(a: SimulationRequest, b: SimulationRequest): boolean {
  return (
    a.snapshotId === b.snapshotId &&
    a.revision === b.revision &&
    a.projectIndex === b.projectIndex &&
    a.dialect === b.dialect &&
    a.harborVersion === b.harborVersion &&
    a.serverKey === b.serverKey
  );
}
