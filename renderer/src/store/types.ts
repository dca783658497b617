// Runs in the browser (no DOM needed: the store is testable in Node).
/** The shape of the app's state: one slice per area, each with its data and its actions. */
import type {
  AppInfo,
  ApplyResultView,
  Connection,
  ConnectionInput,
  ConnectionTestResult,
  FetchProgressView,
  PlanView,
  PublishRecordView,
  SnapshotSummary,
  TerraformFileInput,
  TerraformRulesView,
  StepResultView,
  TaglockApi,
  TaglockEvent,
} from '../../../shared/contract/api.js';
import type { ErrorData } from '../../../shared/errors.js';
import type { Dialect } from '../../../shared/glob/dialect.js';
import type { RuleForm } from '../../../shared/rules/editor-form.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import type { WireRule } from '../../../shared/rules/wire.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import type { EffectSummary, SimulationView } from '../sim/compute.js';
import type { RunnerFactory } from '../sim/runner.js';
import type { TagFilter } from '../view/tag-table.js';
import type { TagSort } from '../view/tag-sort.js';
import type { OptionalTagColumn } from '../view/tag-columns.js';
import type { ServerChange } from '../../../shared/publish/drift.js';
import type { DraftScope } from './draft-scope.js';
import type { RetentionPolicy, RetentionRule } from '../../../shared/retention/policy.js';
import type { CleanupForecast } from '../view/cleanup-forecast.js';
import type { PresetsView } from '../view/preset-view.js';
import type { DraftStore, SaveStatus } from './draft-storage.js';

export type Screen = 'connections' | 'snapshots' | 'rules' | 'simulation' | 'lockmap' | 'cleanup' | 'publish';

export const SCREENS: readonly { id: Screen; label: string }[] = [
  { id: 'connections', label: 'Connections' },
  { id: 'snapshots', label: 'Snapshots' },
  { id: 'rules', label: 'Rules' },
  { id: 'simulation', label: 'Simulation' },
  { id: 'lockmap', label: 'Lock map' },
  { id: 'cleanup', label: 'Cleanup' },
  { id: 'publish', label: 'Publish' },
];

export interface Notice {
  id: number;
  tone: 'error' | 'info' | 'success';
  text: string;
  error: ErrorData | null;
}

export interface UiSlice {
  screen: Screen;
  appInfo: AppInfo | null;
  /** Start-up finished (successfully or not). */
  started: boolean;
  startError: ErrorData | null;
  notices: Notice[];
  go(screen: Screen): void;
  notify(tone: Notice['tone'], text: string, error?: ErrorData | null): number;
  dismiss(id: number): void;
  /** Loads app info, connections, snapshots and history, then opens the last opened snapshot (or the demo, or the first). */
  start(): Promise<void>;
}

export interface ConnectionTestState {
  status: 'running' | 'done' | 'failed';
  result: ConnectionTestResult | null;
  error: ErrorData | null;
}

/** The projects a connection's account can see on the server, as last listed. */
export interface ServerProjects {
  status: 'loading' | 'done' | 'failed';
  names: string[];
  error: ErrorData | null;
}

export interface ConnectionsSlice {
  list: Connection[];
  /** Per connection id. */
  serverProjects: Record<string, ServerProjects>;
  /** Lists the projects on the connection's server (a secret typed now is kept for the session). */
  listProjects(id: string, secret?: string): Promise<void>;
  loaded: boolean;
  error: ErrorData | null;
  saving: boolean;
  saveError: ErrorData | null;
  tests: Record<string, ConnectionTestState>;
  refresh(): Promise<void>;
  /** The saved connection, or null (then `saveError` says why). */
  save(input: ConnectionInput): Promise<Connection | null>;
  remove(id: string): Promise<boolean>;
  test(id: string, secret?: string): Promise<void>;
  clearSaveError(): void;
}

export interface CurrentSnapshot {
  id: string;
  summary: SnapshotSummary | null;
  index: SnapshotIndex;
}

export interface FetchJob {
  /** Null until fetchSnapshot answered. */
  jobId: string | null;
  connectionId: string;
  projects: string[];
  progress: FetchProgressView | null;
  startedAt: number;
  cancelling: boolean;
  /** Open the snapshot when the fetch is done (a re-fetch of the open one). */
  openWhenDone: boolean;
}

/** The open snapshot's Harbor verdicts predate a publish to its project (until it is fetched again). */
export interface VerdictsOutdated {
  snapshotId: string;
  project: string;
  publishedAt: string;
}

export interface SnapshotsSlice {
  list: SnapshotSummary[];
  loaded: boolean;
  error: ErrorData | null;
  current: CurrentSnapshot | null;
  /** Id being loaded. */
  opening: string | null;
  openError: ErrorData | null;
  fetch: FetchJob | null;
  fetchError: ErrorData | null;
  /** The last snapshot a fetch produced (offered for opening). */
  fetched: SnapshotSummary | null;
  importing: boolean;
  importError: ErrorData | null;
  verdictsOutdated: VerdictsOutdated | null;
  refresh(): Promise<void>;
  open(id: string): Promise<boolean>;
  startFetch(request: { connectionId: string; projects: string[]; name?: string; secret?: string; openWhenDone?: boolean }): Promise<boolean>;
  markVerdictsOutdated(outdated: VerdictsOutdated | null): void;
  cancelFetch(): Promise<void>;
  /** A file, or its text; a file is streamed where the transport can (see StoreOptions.uploadSnapshot). */
  importFile(fileName: string, content: string | Blob): Promise<SnapshotSummary | null>;
  /** The snapshot's stored file, to save; null when it could not be had (the error is notified). */
  exportFile(id: string): Promise<ArrayBuffer | null>;
  remove(id: string): Promise<boolean>;
  handleEvent(event: TaglockEvent): void;
}

export interface DraftRule {
  /** Stable key for lists (drafts have no id). */
  key: number;
  /** `#4` for a server rule, `new A` for a rule only the draft has: stable through moves and edits (see rule-labels.ts). */
  label: string;
  rule: ImmutableRule;
}

export interface RuleEditor {
  /** Position in the draft being edited, or null for a new rule. */
  index: number | null;
  form: RuleForm;
}

export interface ServerRules {
  rules: ImmutableRule[];
  /** Where they come from: the snapshot's project at fetch time, a live reading, or nothing known. */
  source: 'snapshot' | 'live' | 'none';
  connectionId: string | null;
  at: string | null;
  /** Changes whenever the server rules change (the simulation recomputes them then). */
  key: string;
}

/** The rules on the server as last read (by a pull, a plan, a publish or a refused publish). */
export interface LiveRules {
  rules: ImmutableRule[];
  connectionId: string | null;
  at: string;
}

/** Rules copied from one project's draft, without ids, to be used for another project. */
export interface CarriedRules {
  from: DraftScope;
  rules: ImmutableRule[];
}

export interface RulesSlice {
  projectIndex: number;
  projectNames: string[];
  /** The glob library judged: the snapshot's, or the override's. */
  dialect: Dialect;
  /** The Harbor version the open snapshot recorded (null: a Harbor that did not say). */
  recordedHarborVersion: string | null;
  /** A version the admin chose to judge as instead (null: the recorded one). */
  harborVersionOverride: string | null;
  /** Judge as another Harbor version (null: as the snapshot recorded). */
  setHarborVersion(version: string | null): void;
  /** The (registry, project) the draft belongs to; null before a snapshot is open. */
  scope: DraftScope | null;
  /** The rules recorded in the open snapshot for this project; null when unknown (plain registries). */
  recorded: ImmutableRule[] | null;
  /** The live server rules, once read in this session. */
  live: LiveRules | null;
  /** What the draft is compared with and simulated against: the live rules when known, else the recorded ones. */
  server: ServerRules;
  draft: DraftRule[];
  /** The next new-rule letter (see rule-labels.ts). */
  nextLabel: number;
  /** When the draft was restored from the autosave (its save time), or null. */
  restoredFrom: string | null;
  /** The last write of the saved drafts (see draft-storage.ts). */
  autosave: SaveStatus;
  carried: CarriedRules | null;
  past: DraftRule[][];
  future: DraftRule[][];
  editor: RuleEditor | null;
  selected: number | null;
  tester: string;
  /** Increments on every change of the draft or of the open editor's form. */
  revision: number;
  pulling: boolean;
  pullError: ErrorData | null;
  /**
   * Take a freshly opened snapshot (called by snapshots.open). The draft stays only when the snapshot is
   * of the same registry and project; otherwise the saved draft of that scope, or its recorded rules.
   */
  loadFromSnapshot(index: SnapshotIndex): void;
  setProject(projectIndex: number): void;
  startAdd(): void;
  startEdit(index: number): void;
  updateForm(patch: Partial<RuleForm>): void;
  cancelEdit(): void;
  /** Saves the editor into the draft; false (and nothing changes) when Harbor's UI would refuse it. */
  commitEdit(): boolean;
  duplicate(index: number): void;
  toggle(index: number): void;
  remove(index: number): void;
  move(index: number, delta: number): void;
  applyPreset(id: string, mode: 'replace' | 'append'): void;
  /** Rules made for this snapshot (a suggested preset), under a title for the notice. */
  applyPresetRules(title: string, rules: ImmutableRule[], mode: 'replace' | 'append'): void;
  /** Replaces the draft; rules keep their labels by id, or by being the same object as a draft rule. */
  replaceDraft(rules: readonly ImmutableRule[]): void;
  /** Start again from the live rules or from the rules recorded in the snapshot. */
  resetTo(which: 'live' | 'snapshot'): void;
  /** Records a live reading of this scope's rules (from a plan, a publish, a refused publish). */
  setLive(rules: ImmutableRule[], connectionId: string | null): void;
  /** Copies the draft's rules without ids, to use them for another project. */
  carryRules(): void;
  /** Replaces this project's draft with the copied rules (they get new labels here). */
  useCarried(): void;
  dropCarried(): void;
  undo(): void;
  redo(): void;
  select(index: number | null): void;
  setTester(text: string): void;
  /**
   * Loads the live rules of the edited project as the server rules. The draft follows them when it was
   * not edited (or with mode 'replace', e.g. right after a publish); an edited draft is kept otherwise.
   * 'quiet' is 'auto' without the busy state, errors or notices of a pull the user asked for.
   */
  pull(connectionId: string, secret?: string, mode?: 'auto' | 'replace' | 'quiet'): Promise<boolean>;
  /**
   * Reads the live rules in the background when a connection of the snapshot's registry can answer
   * without a typed secret (called when a snapshot opens): 'quiet' pulls set no busy state or error.
   */
  checkLive(): Promise<void>;
  /** Re-applies the draft's own changes (against the snapshot's rules) on top of the live rules. */
  rebaseOnLive(): void;
}

export interface SimulationSlice {
  /** 'stopped': the newest run was cancelled or went over its time budget (`stopped` says which). */
  status: 'idle' | 'running' | 'ready' | 'failed' | 'stopped';
  stopped: { reason: 'budget' | 'cancelled'; budgetMs: number; costlyRules: string[] } | null;
  view: SimulationView | null;
  error: ErrorData | null;
  mode: 'main' | 'worker';
  fallbackReason: string | null;
  filter: TagFilter;
  /** The tag table's order: null is the snapshot's own (by repository, as fetched). */
  sort: TagSort | null;
  /** The tag table's optional columns shown, in table order. */
  tagColumns: OptionalTagColumn[];
  selectedTag: number | null;
  selectedDigest: number | null;
  /** Simulate the current draft soon (debounced). */
  schedule(): void;
  /** Simulate now and wait for it. */
  runNow(): Promise<void>;
  /** Stops the running simulation; the next edit starts a new one. */
  cancel(): void;
  setFilter(patch: Partial<TagFilter>): void;
  /**
   * The tag table shows every tag of one repository: the other filters are cleared (a search or a verdict
   * could hide them all), and a selected tag of another repository is let go, so the Why panel does not
   * explain it beside them.
   */
  showRepository(repository: number): void;
  setSort(sort: TagSort | null): void;
  setTagColumns(columns: OptionalTagColumn[]): void;
  selectTag(tag: number | null): void;
  selectDigest(artifact: number | null): void;
  effect(request: { project: string; remote: readonly ImmutableRule[]; desired: readonly ImmutableRule[] }): Promise<EffectSummary | null>;
  /** The presets panel's numbers, worked out by the runner for the snapshot, project and dialect of `key` (presetsKey). */
  presets: HeldPresets | null;
  /** Asks the runner for the presets panel's numbers of the open project, unless they are held or asked for already. */
  askPresets(): void;
}

export interface HeldPresets {
  key: string;
  /** Null when they could not be worked out (`error` says why). */
  view: PresetsView | null;
  error: string | null;
}

export interface CleanupSlice {
  /** Epoch ms the retention run is forecast at ("now" of the day-counting templates). */
  runAt: number;
  /** The admin moved it (else it is the time the app started or "Now" was pressed). */
  runAtChosen: boolean;
  /** The retention draft; null: the policy recorded in the snapshot, unchanged. Never published. */
  draft: RetentionPolicy | null;
  selectedRule: number | null;
  forecast: CleanupForecast | null;
  error: ErrorData | null;
  setRunAt(ms: number): void;
  runNow(): void;
  addRule(): void;
  updateRule(position: number, rule: RetentionRule): void;
  removeRule(position: number): void;
  selectRule(position: number | null): void;
  /** Back to the recorded policy. */
  resetDraft(): void;
  /** A new snapshot or project: the draft and the forecasts start again; for another snapshot the run time is now again. */
  reset(anotherSnapshot?: boolean): void;
  /** Forecast the current simulation, drafts and time (reusing what did not change). */
  refresh(): void;
}

export interface PublishProgress {
  index: number;
  total: number;
  steps: StepResultView[];
}

/** The publish was refused because the server's rules changed since the plan. */
export interface DriftState {
  error: ErrorData;
  /** The server's rules the plan was made on. */
  base: ImmutableRule[];
  /** The server's rules now, or null when they could not be read (then `liveError`). */
  live: ImmutableRule[] | null;
  liveError: ErrorData | null;
  changes: ServerChange[];
}

export interface PublishSlice {
  connectionId: string | null;
  project: string;
  planning: boolean;
  plan: PlanView | null;
  /** For a plan that overwrites another writer's change: what it reverts (named in the confirm). */
  overwrites: ServerChange[] | null;
  drift: DriftState | null;
  /** The wire rules the plan was made for (apply sends exactly these). */
  plannedRules: WireRule[] | null;
  planError: ErrorData | null;
  effect: EffectSummary | null;
  effectNote: string | null;
  applying: boolean;
  progress: PublishProgress | null;
  result: ApplyResultView | null;
  applyError: ErrorData | null;
  history: PublishRecordView[];
  historyError: ErrorData | null;
  choose(patch: { connectionId?: string | null; project?: string }): void;
  makePlan(secret?: string): Promise<boolean>;
  apply(secret?: string): Promise<boolean>;
  /** After drift: re-apply the draft on top of the server's change, then plan again. */
  rebaseOnDrift(): Promise<boolean>;
  /** After drift: plan the unchanged draft against the server as it is now, naming what it reverts. */
  planOverwrite(): Promise<boolean>;
  /** Fetch the publish target's project and open it (when the open snapshot is of another one). */
  fetchTarget(options?: { carryRules?: boolean; secret?: string }): Promise<boolean>;
  loadHistory(): Promise<void>;
  handleEvent(event: TaglockEvent): void;
}

/** A Terraform configuration opened in Rules (terraform-slice.ts). */
export interface TerraformSlice {
  reading: boolean;
  /** What the last opening read; null before one, or after closing. */
  view: TerraformRulesView | null;
  /** The files read, by name. */
  fileNames: string[];
  /** Counts the readings, so a view of a new reading starts afresh. */
  readings: number;
  error: ErrorData | null;
  /** Picked files not read (other files, subfolders), with how they were picked. */
  leftAside: { names: string[]; from: 'folder' | 'files' } | null;
  /** Reads the picked files (or shows `picking.problem`, found while picking them, as the refusal). */
  open(files: TerraformFileInput[], picking?: { problem: string | null; leftAside: { names: string[]; from: 'folder' | 'files' } | null }): Promise<void>;
  /** Replaces the draft with the rules of one of the view's projects (Undo brings the old draft back). */
  takeAsDraft(projectIndex: number): void;
  close(): void;
}

export interface AppState {
  ui: UiSlice;
  connections: ConnectionsSlice;
  snapshots: SnapshotsSlice;
  rules: RulesSlice;
  simulation: SimulationSlice;
  publish: PublishSlice;
  cleanup: CleanupSlice;
  terraform: TerraformSlice;
}

export interface StoreOptions {
  runnerFactory?: RunnerFactory;
  /** Pause between an edit and its simulation, per snapshot size. */
  debounceMs?: (tags: number) => number;
  /** How long one simulation may run before it is stopped (a crafted glob can take minutes). */
  simulationBudgetMs?: number;
  /** Clock, for fetch ETA displays and tests. */
  now?: () => number;
  /** Tags in a snapshot above which the Cleanup forecast is worked out a piece per task (cleanup-slice.ts). */
  forecastInPiecesAbove?: number;
  /** How long one such piece works before it leaves the rest to the next task. */
  forecastPieceMs?: number;
  /** Streamed import of a file (the browser host); null: files go as text through importSnapshot. */
  uploadSnapshot?: ((fileName: string, file: Blob) => Promise<SnapshotSummary>) | null;
}

export type SetState = (partial: Partial<AppState> | ((state: AppState) => Partial<AppState>)) => void;
export type GetState = () => AppState;

export interface SliceContext {
  api: TaglockApi;
  set: SetState;
  get: GetState;
  options: Required<StoreOptions>;
  drafts: DraftStore;
  patch<K extends keyof AppState>(key: K, patch: Partial<AppState[K]> | ((slice: AppState[K]) => Partial<AppState[K]>)): void;
}
