// Runs anywhere (pure).
/**
 * The one contract between the UI and the Node side. Every call the renderer may make is declared here
 * once, with its argument and result types; the Electron preload, the browser host and the main-process
 * handler are all derived from METHODS, which
 * is derived from the per-method argument schemas (method-schemas.ts), which the compiler holds to this
 * interface. Errors cross as data (`ErrorData` with a stable code), never as
 * thrown objects.
 */
import type { ErrorData } from '../errors.js';
import type { PlanStep, StepStatus } from '../publish/plan.js';
import type { WireRule } from '../rules/wire.js';
import { METHOD_ARGUMENTS } from './method-schemas.js';

export interface AppInfo {
  version: string;
  /** Where the UI runs: the desktop shell or a browser served by the local host. */
  shell: 'electron' | 'browser';
  /** Whether secrets can be saved (encrypted by the OS keychain); otherwise they live only in memory. */
  canKeepSecrets: boolean;
}

export type RegistryKindSetting = 'harbor' | 'oci' | 'auto';

export interface Connection {
  id: string;
  name: string;
  url: string;
  kind: RegistryKindSetting;
  username: string | null;
  caFile: string | null;
  insecure: boolean;
  projects: string[];
  /**
   * Token services on another address (origins such as `https://auth.example.com`) that may receive the
   * connection's credentials when the registry sends sign-ins there; the registry's own address always may.
   */
  tokenRealms: string[];
  hasSecret: boolean;
}

export interface ConnectionInput {
  id?: string;
  name: string;
  url: string;
  kind: RegistryKindSetting;
  username: string | null;
  caFile: string | null;
  insecure: boolean;
  projects: string[];
  /** See Connection.tokenRealms; missing means none. */
  tokenRealms?: string[];
  /** A new secret; undefined keeps the stored one, null or "" forgets it. */
  secret?: string | null;
}

export interface ProjectAccessView {
  project: string;
  immutableTag: { list: boolean; create: boolean; update: boolean; delete: boolean };
  repositoryList: boolean;
  artifactList: boolean;
}

export interface ConnectionTestResult {
  kind: 'harbor' | 'oci';
  harborVersion: string | null;
  dialect: 'v1.3.4' | 'v1.1.1';
  /** "user alice", "robot", "anonymous". */
  identity: string;
  credentialsRejected: boolean;
  projects: ProjectAccessView[];
  warnings: string[];
}

export interface SnapshotSummary {
  id: string;
  /** "Demo" for the built-in one. */
  name: string;
  demo: boolean;
  registryUrl: string;
  registryKind: 'harbor' | 'oci';
  fetchedAt: string;
  projects: string[];
  repositories: number;
  artifacts: number;
  tags: number;
}

export interface FetchProgressView {
  phase: string;
  done: number;
  total: number | null;
  requests: number;
  bytes: number;
  etaSeconds: number | null;
}

export interface PlanStepView {
  kind: PlanStep['kind'];
  id: number | null;
  /** For a create: the position of the created rule in the published list (to name it as the draft does). */
  desiredIndex: number | null;
  description: string;
}

export interface PlanView {
  project: string;
  /** Harbor's id of the project planned for, when the server told it: a re-created project has another. */
  projectId: number | null;
  remoteRules: WireRule[];
  steps: PlanStepView[];
  notes: string[];
  /** Identity of the server state planned against; apply refuses if it changed. */
  remoteFingerprint: string;
}

export interface StepResultView {
  description: string;
  status: StepStatus;
  error?: ErrorData;
}

export interface ApplyResultView {
  project: string;
  steps: StepResultView[];
  verified: boolean;
  remaining: string[];
  replanned: boolean;
}

export interface PublishRecordView {
  at: string;
  registry: string;
  project: string;
  actor: string | null;
  steps: { description: string; status: string; error?: string }[];
  verified: boolean;
  outcome: 'applied' | 'nothing-to-do' | 'partial' | 'failed';
}

/** The (registry, project) a draft belongs to; `registry` is the normalised address. */
export interface DraftScopeView {
  registry: string;
  project: string;
  projectId: number | null;
}

/** A draft with unpublished changes, kept for its scope across restarts. */
export interface SavedDraftView {
  scope: DraftScopeView;
  savedAt: string;
  rules: WireRule[];
  /** The stable label of each rule (`#4`, `new A`), and the next new-rule letter. */
  labels: string[];
  nextLabel: number;
}

/** What the app keeps between runs besides connections and snapshots. */
export interface WorkspaceView {
  drafts: SavedDraftView[];
  lastSnapshot: string | null;
}

/** One file of a Terraform folder, as the page read it: the name without any folder, and the text. */
export interface TerraformFileInput {
  name: string;
  text: string;
}

/** A project Taglock knows by name and Harbor id (the open snapshot's), to name projects a configuration gives only by id. */
export interface KnownProjectView {
  name: string;
  id: number | null;
}

/** Where the provider makes a rule differ from what the configuration appears to say (docs/terraform-provider.md). */
export interface ProviderNoteView {
  code: 'both-tag-fields' | 'both-repository-fields' | 'comma-list-without-braces' | 'no-repository-field' | 'no-tag-field';
  message: string;
}

/** The Terraform resource one rule comes from. */
export interface TerraformRuleSourceView {
  /** e.g. `harbor_immutable_tag_rule.keep["shop"]`. */
  address: string;
  file: string;
  notes: ProviderNoteView[];
}

/** The rules one project would have, in Harbor's evaluation order, with where each comes from. */
export interface TerraformProjectView {
  /** The project's name; `/projects/<id>` when the configuration gives only an id no known project has. */
  project: string;
  projectId: number | null;
  rules: WireRule[];
  /** One per rule, in the order of `rules`. */
  sources: TerraformRuleSourceView[];
}

/** What was read from a Terraform folder (or state or plan JSON): the rules the provider would send. */
export interface TerraformRulesView {
  kind: 'configuration' | 'json';
  projects: TerraformProjectView[];
  /** Resources not converted, or whose project is unknown: unresolved expressions and the like. */
  leftOut: { address: string; file: string; reasons: string[] }[];
  /** About the input as a whole: modules not followed, variable files Terraform would not load… */
  problems: string[];
}

/** Where a registry call gets its secret: the saved one, or one typed for this session only. */
export interface ConnectionRef {
  connectionId: string;
  /** Used (and kept in memory for the session) when no secret is saved. */
  secret?: string;
}

export interface TaglockApi {
  appInfo(): Promise<AppInfo>;
  listConnections(): Promise<Connection[]>;
  saveConnection(input: ConnectionInput): Promise<Connection>;
  removeConnection(id: string): Promise<void>;
  testConnection(ref: ConnectionRef): Promise<ConnectionTestResult>;
  /** The names of the projects the connection's account can see on a Harbor, sorted; none on a plain registry. */
  listProjects(ref: ConnectionRef): Promise<string[]>;
  listSnapshots(): Promise<SnapshotSummary[]>;
  /**
   * A saved snapshot in its compact form, encoded as one buffer (shared/snapshot/index-codec.ts): what a
   * page opens, without the JSON tree. Travels as binary (see BINARY_METHODS in transport-names.ts). A
   * page that may share memory with its workers receives it as a SharedArrayBuffer (held once for both).
   */
  loadSnapshotIndex(id: string): Promise<ArrayBuffer | SharedArrayBuffer>;
  /** Starts a fetch; progress and the end arrive as events with the returned job id. */
  fetchSnapshot(request: ConnectionRef & { projects: string[]; name?: string }): Promise<{ jobId: string }>;
  cancelFetch(jobId: string): Promise<void>;
  importSnapshot(request: { fileName: string; text: string }): Promise<SnapshotSummary>;
  /**
   * A snapshot as a file: the bytes of the stored snapshot file (documented JSON), never re-serialised, so
   * a snapshot of any size that could be opened can be exported. Travels as binary; name the file with
   * snapshotFileName(summary.name).
   */
  exportSnapshot(id: string): Promise<ArrayBuffer>;
  deleteSnapshot(id: string): Promise<void>;
  pullRules(request: ConnectionRef & { project: string }): Promise<WireRule[]>;
  planPublish(request: ConnectionRef & { project: string; rules: WireRule[] }): Promise<PlanView>;
  applyPublish(request: ConnectionRef & { project: string; rules: WireRule[]; remoteFingerprint: string; force: boolean }): Promise<ApplyResultView>;
  publishHistory(): Promise<PublishRecordView[]>;
  /**
   * The rules a Terraform configuration (its folder's files) or `terraform show -json` output would
   * make the Harbor provider send, per project, with the provider's changes of meaning per rule.
   */
  openTerraform(request: { files: TerraformFileInput[]; knownProjects: KnownProjectView[] }): Promise<TerraformRulesView>;
  /** The saved drafts and the last opened snapshot (empty on a first start). */
  loadWorkspace(): Promise<WorkspaceView>;
  /** Replaces them (the whole workspace: a few drafts, small). */
  saveWorkspace(workspace: WorkspaceView): Promise<void>;
}

export type MethodName = keyof TaglockApi;

/** Every method, for the preload, the host and the dispatcher to derive from (one per schema entry). */
export const METHODS = Object.freeze(Object.keys(METHOD_ARGUMENTS) as MethodName[]);

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHODS as readonly string[]).includes(value);
}

/** Events the Node side pushes to the UI. */
export type TaglockEvent =
  | { type: 'fetch-progress'; jobId: string; progress: FetchProgressView }
  | { type: 'fetch-done'; jobId: string; snapshot: SnapshotSummary }
  | { type: 'fetch-failed'; jobId: string; error: ErrorData }
  | { type: 'apply-step'; project: string; index: number; total: number; step: StepResultView };

/** What travels back for each call: the result, or the error as data. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

export type Args<M extends MethodName> = Parameters<TaglockApi[M]>;
export type Result<M extends MethodName> = Awaited<ReturnType<TaglockApi[M]>>;
