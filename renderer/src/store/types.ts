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

export type Screen = 'connections' | 'snapshots' | 'rules' | 'simulation' | 'lockmap' | 'publish';

export const SCREENS: readonly { id: Screen; label: string }[] = [
  { id: 'connections', label: 'Connections' },
  { id: 'snapshots', label: 'Snapshots' },
  { id: 'rules', label: 'Rules' },
  { id: 'simulation', label: 'Simulation' },
  { id: 'lockmap', label: 'Lock map' },
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
  /** Loads app info, connections, snapshots and history, then opens the demo (or first) snapshot. */
  start(): Promise<void>;
}

export interface ConnectionTestState {
  status: 'running' | 'done' | 'failed';
  result: ConnectionTestResult | null;
  error: ErrorData | null;
}

export interface ConnectionsSlice {
  list: Connection[];
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
  refresh(): Promise<void>;
  open(id: string): Promise<boolean>;
  startFetch(request: { connectionId: string; projects: string[]; name?: string; secret?: string }): Promise<boolean>;
  cancelFetch(): Promise<void>;
  importFile(fileName: string, text: string): Promise<SnapshotSummary | null>;
  /** The file to download, or null (a notice says why). */
  exportFile(id: string): Promise<{ fileName: string; text: string } | null>;
  remove(id: string): Promise<boolean>;
  handleEvent(event: TaglockEvent): void;
}

export interface DraftRule {
  /** Stable key for lists (drafts have no id). */
  key: number;
  rule: ImmutableRule;
}

export interface RuleEditor {
  /** Position in the draft being edited, or null for a new rule. */
  index: number | null;
  form: RuleForm;
}

export interface ServerRules {
  rules: ImmutableRule[];
  /** Where they come from: the snapshot's project at fetch time, a live pull, or nothing known. */
  source: 'snapshot' | 'live' | 'none';
  connectionId: string | null;
  at: string | null;
  /** Changes whenever the server rules change (the simulation recomputes them then). */
  key: string;
}

export interface RulesSlice {
  projectIndex: number;
  projectNames: string[];
  dialect: Dialect;
  server: ServerRules;
  draft: DraftRule[];
  past: DraftRule[][];
  future: DraftRule[][];
  editor: RuleEditor | null;
  selected: number | null;
  tester: string;
  /** Increments on every change of the draft or of the open editor's form. */
  revision: number;
  pulling: boolean;
  pullError: ErrorData | null;
  /** Take the rules of a freshly opened snapshot (called by snapshots.open). */
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
  replaceDraft(rules: readonly ImmutableRule[]): void;
  resetToServer(): void;
  undo(): void;
  redo(): void;
  select(index: number | null): void;
  setTester(text: string): void;
  /**
   * Loads the live rules of the edited project as the server rules. The draft follows them when it was
   * not edited (or with mode 'replace', e.g. right after a publish); an edited draft is kept otherwise.
   */
  pull(connectionId: string, secret?: string, mode?: 'auto' | 'replace'): Promise<boolean>;
}

export interface SimulationSlice {
  status: 'idle' | 'running' | 'ready' | 'failed';
  view: SimulationView | null;
  error: ErrorData | null;
  mode: 'main' | 'worker';
  fallbackReason: string | null;
  filter: TagFilter;
  selectedTag: number | null;
  selectedDigest: number | null;
  /** Simulate the current draft soon (debounced). */
  schedule(): void;
  /** Simulate now and wait for it. */
  runNow(): Promise<void>;
  setFilter(patch: Partial<TagFilter>): void;
  selectTag(tag: number | null): void;
  selectDigest(artifact: number | null): void;
  effect(request: { project: string; remote: readonly ImmutableRule[]; desired: readonly ImmutableRule[] }): Promise<EffectSummary | null>;
}

export interface PublishProgress {
  index: number;
  total: number;
  steps: StepResultView[];
}

export interface PublishSlice {
  connectionId: string | null;
  project: string;
  planning: boolean;
  plan: PlanView | null;
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
  loadHistory(): Promise<void>;
  handleEvent(event: TaglockEvent): void;
}

export interface AppState {
  ui: UiSlice;
  connections: ConnectionsSlice;
  snapshots: SnapshotsSlice;
  rules: RulesSlice;
  simulation: SimulationSlice;
  publish: PublishSlice;
}

export interface StoreOptions {
  runnerFactory?: RunnerFactory;
  /** Pause between an edit and its simulation, per snapshot size. */
  debounceMs?: (tags: number) => number;
  /** Clock, for fetch ETA displays and tests. */
  now?: () => number;
}

export type SetState = (partial: Partial<AppState> | ((state: AppState) => Partial<AppState>)) => void;
export type GetState = () => AppState;

export interface SliceContext {
  api: TaglockApi;
  set: SetState;
  get: GetState;
  options: Required<StoreOptions>;
  patch<K extends keyof AppState>(key: K, patch: Partial<AppState[K]> | ((slice: AppState[K]) => Partial<AppState[K]>)): void;
}
