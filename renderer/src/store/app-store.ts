// Runs in the browser (no DOM needed: tests create it in Node with a fake TaglockApi).
/**
 * The app's one store (zustand, vanilla so it works without React): slices for connections, snapshots,
 * the rule draft, simulation, publishing and the UI, each built by a factory that receives the API.
 *
 *   const store = createAppStore(api, onEvent);
 *   await store.getState().ui.start();
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { TaglockApi, TaglockEvent } from '../../../shared/contract/api.js';
import { DEFAULT_BUDGET_MS, defaultRunnerFactory } from '../sim/runner.js';
import { createCleanupSlice } from './cleanup-slice.js';
import { createConnectionsSlice } from './connections-slice.js';
import { createPublishSlice } from './publish-slice.js';
import { createRulesSlice } from './rules-slice.js';
import { createSimulationSlice } from './simulation-slice.js';
import { createSnapshotsSlice } from './snapshots-slice.js';
import { createTerraformSlice } from './terraform-slice.js';
import type { AppState, SliceContext, StoreOptions } from './types.js';
import { createUiSlice } from './ui-slice.js';
import { DraftStore } from './draft-storage.js';
import type { SaveStatus } from './draft-storage.js';
import { isDirty, savedDraftOf } from './rules-slice.js';

export type AppStore = StoreApi<AppState> & {
  /** Stops the event subscription, timers and the simulation worker. */
  dispose(): void;
};

export type EventSubscription = (listener: (event: TaglockEvent) => void) => () => void;

// Short waits: the runner already keeps only the newest request, so bursts of keystrokes coalesce on
// their own (a keystroke during a run waits for it, then only the newest runs), and feedback must arrive
// within 100 ms of a keystroke on a million tags: a wait here would be spent on every one.
export const defaultDebounce = (tags: number): number => (tags > 20_000 ? 0 : 16);

/** Whether the open project has a retention policy to forecast: a retention draft, or one the snapshot recorded. */
function hasRetentionPolicy(state: AppState): boolean {
  if (state.cleanup.draft !== null) return true;
  const retention = state.snapshots.current?.index.projects[state.rules.projectIndex]?.retention;
  return retention !== undefined && retention !== null;
}

/**
 * The screens that show the cleanup forecast: computed at once while one is open. The Lock map shows
 * only what a policy's rules do to a digest, so without a policy it asks for none (a forecast of no rules
 * still reads every artifact: about 0.2 s at a million tags).
 */
const showsCleanup = (state: AppState): boolean => state.ui.screen === 'cleanup' || (state.ui.screen === 'lockmap' && hasRetentionPolicy(state));

/**
 * The Rules screen lints across both policies from the cleanup forecast (cross-policy-findings.ts), when
 * there is a policy to lint against. There the forecast waits for the next task: the simulation's answer
 * to a keystroke reaches the page first, and a keystroke already waiting is handled before the forecast.
 * On large snapshots it waits for typing to pause (lintForecastDelay): it runs on this thread, and after an
 * immutability rule edit it takes about 20 ms per 100,000 tags, which each keystroke would otherwise wait for.
 */
export const lintForecastDelay = (tags: number): number => (tags > 200_000 ? 500 : 0);

/** Above this many tags, the Cleanup forecast is worked out in pieces, a task each (a side from scratch is about 0.4 s at a million tags). */
const FORECAST_IN_PIECES_ABOVE = 200_000;
/** Work per piece: one repository's evaluation finishes past it (a few ms at most for 500 tags). */
const FORECAST_PIECE_MS = 30;

const lintsWithCleanupForecast = (state: AppState): boolean => state.ui.screen === 'rules' && hasRetentionPolicy(state);

function cleanupInputsChanged(state: AppState, previous: AppState): boolean {
  const c = state.cleanup;
  const p = previous.cleanup;
  return (
    state.simulation.view !== previous.simulation.view ||
    c.runAt !== p.runAt ||
    c.draft !== p.draft ||
    state.ui.screen !== previous.ui.screen ||
    (c.forecast === null && p.forecast !== null)
  );
}

export function createAppStore(api: TaglockApi, onEvent: EventSubscription | null = null, options: StoreOptions = {}): AppStore {
  const resolved: Required<StoreOptions> = {
    runnerFactory: options.runnerFactory ?? defaultRunnerFactory,
    debounceMs: options.debounceMs ?? defaultDebounce,
    simulationBudgetMs: options.simulationBudgetMs ?? DEFAULT_BUDGET_MS,
    now: options.now ?? (() => Date.now()),
    forecastInPiecesAbove: options.forecastInPiecesAbove ?? FORECAST_IN_PIECES_ABOVE,
    forecastPieceMs: options.forecastPieceMs ?? FORECAST_PIECE_MS,
    uploadSnapshot: options.uploadSnapshot ?? null,
  };
  let onSaveStatus: (status: SaveStatus) => void = () => undefined;
  const drafts = new DraftStore(api, (status) => onSaveStatus(status));
  let simulationControl: ReturnType<typeof createSimulationSlice> | null = null;

  const store = createStore<AppState>()((set, get) => {
    const ctx: SliceContext = {
      api,
      set,
      get,
      options: resolved,
      drafts,
      patch(key, patch) {
        set((state) => {
          const slice = state[key];
          const changes = typeof patch === 'function' ? patch(slice) : patch;
          return { [key]: { ...slice, ...changes } } as unknown as Partial<AppState>;
        });
      },
    };
    simulationControl = createSimulationSlice(ctx);
    return {
      ui: createUiSlice(ctx),
      connections: createConnectionsSlice(ctx),
      snapshots: createSnapshotsSlice(ctx),
      rules: createRulesSlice(ctx),
      simulation: simulationControl.slice,
      publish: createPublishSlice(ctx),
      cleanup: createCleanupSlice(ctx),
      terraform: createTerraformSlice(ctx),
    };
  });
  const control = simulationControl!;
  onSaveStatus = (autosave) => store.setState((state) => ({ rules: { ...state.rules, autosave } }));

  let lintForecastTimer: ReturnType<typeof setTimeout> | null = null;
  const refreshForLintSoon = (tags: number) => {
    const delay = lintForecastDelay(tags);
    if (lintForecastTimer !== null) {
      if (delay === 0) return;
      clearTimeout(lintForecastTimer); // still typing: wait for the pause
    }
    lintForecastTimer = setTimeout(() => {
      lintForecastTimer = null;
      const state = store.getState();
      if (lintsWithCleanupForecast(state)) state.cleanup.refresh();
    }, delay);
  };

  // Wiring between slices: a new snapshot starts a runner; any change of what is simulated schedules it;
  // a draft with unpublished changes is saved under its scope (and forgotten once it has none).
  const unsubscribeStore = store.subscribe((state, previous) => {
    const r = state.rules;
    if (r.scope !== null && (r.draft !== previous.rules.draft || r.server !== previous.rules.server || r.scope !== previous.rules.scope)) {
      if (isDirty(r)) drafts.save({ scope: r.scope, savedAt: new Date(resolved.now()).toISOString(), ...savedDraftOf(r) });
      else drafts.remove(r.scope);
    }
    // The presets panel's numbers, worked out by the runner while the Rules screen shows them (asked once per project and dialect).
    if (state.ui.screen === 'rules') state.simulation.askPresets();
    const current = state.snapshots.current;
    if (current && current.index !== previous.snapshots.current?.index) {
      state.cleanup.reset(current.id !== previous.snapshots.current?.id);
      control.attach(current.index, current.id);
      return;
    }
    if (r.projectIndex !== previous.rules.projectIndex) state.cleanup.reset();
    if (cleanupInputsChanged(state, previous)) {
      if (showsCleanup(state)) state.cleanup.refresh();
      else if (lintsWithCleanupForecast(state)) refreshForLintSoon(current?.index.counts.tags ?? 0);
    }
    const p = previous.rules;
    if (r.revision !== p.revision || r.projectIndex !== p.projectIndex || r.server.key !== p.server.key || r.dialect !== p.dialect || r.harborVersionOverride !== p.harborVersionOverride) {
      state.simulation.schedule();
    }
  });

  const unsubscribeEvents =
    onEvent?.((event) => {
      const state = store.getState();
      state.snapshots.handleEvent(event);
      state.publish.handleEvent(event);
    }) ?? (() => undefined);

  return Object.assign(store, {
    dispose() {
      if (lintForecastTimer !== null) clearTimeout(lintForecastTimer);
      unsubscribeEvents();
      unsubscribeStore();
      // A forecast still being worked out in pieces stops.
      store.getState().cleanup.reset();
      control.dispose();
    },
  });
}
