// Runs in the browser (no DOM needed).
/**
 * The Cleanup screen: the "run at" time, the retention draft (Harbor's model; never published, only
 * forecast) and the forecast of the next retention run, server against drafts. The forecast follows the
 * simulation: the app store calls `refresh` whenever the simulation, the draft or the time changes
 * while a screen that shows it is open.
 */
import type { RetentionRule } from '../../../shared/retention/policy.js';
import type { CleanupForecast, CleanupInputs } from '../view/cleanup-forecast.js';
import { CleanupForecaster, emptyRetentionPolicy } from '../view/cleanup-forecast.js';
import { toErrorData } from '../view/format.js';
import { newRetentionRule, withRules } from '../view/retention-rule-form.js';
import type { CleanupSlice, SliceContext } from './types.js';

export function createCleanupSlice(ctx: SliceContext): CleanupSlice {
  let forecaster = new CleanupForecaster();
  /** The next piece of a forecast done in pieces, one task each (see refresh). */
  let nextPiece: ReturnType<typeof setTimeout> | null = null;
  const cancelPieces = () => {
    if (nextPiece !== null) clearTimeout(nextPiece);
    nextPiece = null;
  };

  const recordedPolicy = () => {
    const { snapshots, rules } = ctx.get();
    return snapshots.current?.index.projects[rules.projectIndex]?.retention ?? null;
  };
  /** The draft to edit: the one being edited, else a copy of the recorded policy, else an empty one. */
  const editable = () => {
    const { cleanup, snapshots, rules } = ctx.get();
    if (cleanup.draft !== null) return cleanup.draft;
    const recorded = recordedPolicy();
    return recorded !== null ? withRules(recorded, [...(recorded.rules ?? [])]) : emptyRetentionPolicy(snapshots.current?.index.projects[rules.projectIndex]?.id ?? null);
  };
  const setRules = (change: (rules: RetentionRule[]) => RetentionRule[], selectedRule?: number | null) => {
    const policy = editable();
    const rules = change([...(policy.rules ?? [])]);
    ctx.patch('cleanup', (c) => ({ draft: withRules(policy, rules), selectedRule: selectedRule === undefined ? c.selectedRule : selectedRule }));
  };

  const slice: CleanupSlice = {
    runAt: ctx.options.now(),
    runAtChosen: false,
    draft: null,
    selectedRule: null,
    forecast: null,
    error: null,
    setRunAt(ms) {
      if (!Number.isFinite(ms)) return;
      ctx.patch('cleanup', { runAt: ms, runAtChosen: true });
    },
    runNow() {
      ctx.patch('cleanup', { runAt: ctx.options.now(), runAtChosen: false });
    },
    addRule() {
      setRules((rules) => [...rules, newRetentionRule()], (ctx.get().cleanup.draft?.rules ?? recordedPolicy()?.rules ?? []).length);
    },
    updateRule(position, rule) {
      setRules((rules) => rules.map((r, i) => (i === position ? rule : r)));
    },
    removeRule(position) {
      setRules((rules) => rules.filter((_, i) => i !== position), null);
    },
    selectRule(position) {
      ctx.patch('cleanup', { selectedRule: position });
    },
    resetDraft() {
      ctx.patch('cleanup', { draft: null, selectedRule: null });
    },
    reset(anotherSnapshot) {
      cancelPieces();
      forecaster = new CleanupForecaster();
      ctx.patch('cleanup', { draft: null, selectedRule: null, forecast: null, error: null });
      // A time chosen for one snapshot is not carried to another, as the retention draft is not.
      if (anotherSnapshot) slice.runNow();
    },
    /**
     * The forecast of the current inputs. It runs on the page, so on a large snapshot (StoreOptions.
     * forecastInPiecesAbove) it is worked out in pieces of a few tens of milliseconds, a task each, after
     * the task that asked for it (preparing the snapshot, then each side repository by repository), each
     * piece for the inputs of its own moment: the click that opens the screen, or picks another "run at",
     * then never holds the page for long. Meanwhile the last forecast stays shown.
     */
    refresh() {
      cancelPieces();
      if ((ctx.get().snapshots.current?.index.counts.tags ?? 0) > ctx.options.forecastInPiecesAbove) nextPiece = setTimeout(piece, 0);
      else forecastNow((inputs) => forecaster.forecast(inputs));
    },
  };

  /** One piece of a forecast in pieces (StoreOptions.forecastPieceMs of work), and the next in a task of its own while more is left. */
  function piece(): void {
    nextPiece = null;
    const end = performance.now() + ctx.options.forecastPieceMs;
    if (forecastNow((inputs) => forecaster.advance(inputs, () => performance.now() >= end)) === null) nextPiece = setTimeout(piece, 0);
  }

  /**
   * Runs `step` on the current inputs and keeps the forecast it returns. Returns it; null when pieces
   * are left; undefined when there is nothing to forecast or it failed (the error is kept).
   */
  function forecastNow(step: (inputs: CleanupInputs) => CleanupForecast | null): CleanupForecast | undefined | null {
    const { simulation, rules, cleanup } = ctx.get();
    const view = simulation.view;
    if (view === null || view.projectIndex !== rules.projectIndex) return undefined;
    try {
      const recorded = recordedPolicy();
      const forecast = step({ view, dialect: rules.dialect, runAt: cleanup.runAt, serverPolicy: recorded, draftPolicy: cleanup.draft ?? recorded });
      if (forecast !== null && (forecast !== cleanup.forecast || cleanup.error !== null)) ctx.patch('cleanup', { forecast, error: null });
      return forecast;
    } catch (error) {
      ctx.patch('cleanup', { error: toErrorData(error) });
      return undefined;
    }
  }

  return slice;
}
