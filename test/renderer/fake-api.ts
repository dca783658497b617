// Test helper (Node): an in-memory TaglockApi for the renderer's unit tests. It behaves like the real
// services where the UI depends on it (errors as TaglockErrors with codes, events for fetch and apply,
// the demo snapshot always first), but talks to no registry.
import type {
  AppInfo,
  ApplyResultView,
  Connection,
  ConnectionInput,
  ConnectionRef,
  ConnectionTestResult,
  PlanView,
  PublishRecordView,
  SnapshotSummary,
  TaglockApi,
  TaglockEvent,
  TerraformFileInput,
  TerraformRulesView,
  KnownProjectView,
  WorkspaceView,
} from '../../shared/contract/api.js';
import { demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { TaglockError } from '../../shared/errors.js';
import { describeStep, planRules, rulesFingerprint } from '../../shared/publish/plan.js';
import type { WireRule } from '../../shared/rules/wire.js';
import { parseWireRules, toWireRules } from '../../shared/rules/wire.js';
import type { Snapshot } from '../../shared/snapshot/schema.js';
import { parseSnapshot } from '../../shared/snapshot/validate.js';
import { encodeSnapshotIndex } from '../../shared/snapshot/index-codec.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import { summarizeSnapshot } from '../../shared/snapshot/summary.js';

const summarize = summarizeSnapshot;

export class FakeApi implements TaglockApi {
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly listeners = new Set<(event: TaglockEvent) => void>();
  connections: (Connection & { secret: string | null })[] = [];
  snapshots = new Map<string, { summary: SnapshotSummary; snapshot: Snapshot }>();
  /** Live rules per project on the fake server. */
  remoteRules = new Map<string, WireRule[]>();
  history: PublishRecordView[] = [];
  canKeepSecrets = true;
  /** Set to make the next call of that method fail with this error. */
  failNext = new Map<keyof TaglockApi, TaglockError>();
  /** The registry URL of each fetch job's connection. */
  private readonly jobRegistries = new Map<string, string>();
  /** Harbor project ids by name (plans report them). */
  projectIds = new Map<string, number>();
  /** Steps of the next apply that fail (by index). */
  failingSteps = new Set<number>();
  /** What openTerraform answers (the real reading runs HashiCorp's parser in Node; its tests are the services'). */
  terraformView: TerraformRulesView = { kind: 'configuration', projects: [], leftOut: [], problems: [] };
  private seq = 0;

  constructor() {
    const demo = demoSnapshot();
    this.snapshots.set('demo', { summary: summarize('demo', 'Demo', demo, true), snapshot: demo });
    this.remoteRules.set('shop', toWireRules(parseWireRules(demo.projects[0]!.rules)));
  }

  emit(event: TaglockEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  onEvent = (listener: (event: TaglockEvent) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private record(method: keyof TaglockApi, args: unknown[]): void {
    this.calls.push({ method, args });
    const failure = this.failNext.get(method);
    if (failure) {
      this.failNext.delete(method);
      throw failure;
    }
  }

  private connection(ref: ConnectionRef) {
    const connection = this.connections.find((c) => c.id === ref.connectionId);
    if (!connection) throw new TaglockError('not-found', `no connection ${ref.connectionId}`);
    if (ref.secret) connection.secret = ref.secret;
    if (connection.username && !connection.secret) throw new TaglockError('auth', `enter the secret for ${connection.username} to connect to ${connection.name}`);
    connection.hasSecret = connection.secret !== null;
    return connection;
  }

  async appInfo(): Promise<AppInfo> {
    this.record('appInfo', []);
    return { version: '0.1.0-test', shell: 'browser', canKeepSecrets: this.canKeepSecrets };
  }

  async listConnections(): Promise<Connection[]> {
    this.record('listConnections', []);
    return this.connections.map(({ secret: _secret, ...c }) => ({ ...c }));
  }

  async saveConnection(input: ConnectionInput): Promise<Connection> {
    this.record('saveConnection', [input]);
    const { secret, id, ...rest } = input;
    const existing = id ? this.connections.find((c) => c.id === id) : undefined;
    // As the real profile store: a secret belongs to the origin it was given for.
    const originChanged = existing !== undefined && new URL(existing.url).origin !== new URL(rest.url).origin;
    const keptSecret = secret === undefined ? (originChanged ? null : (existing?.secret ?? null)) : secret === '' || secret === null ? null : secret;
    const saved = { ...rest, tokenRealms: rest.tokenRealms ?? [], id: existing?.id ?? `conn-${++this.seq}`, secret: keptSecret, hasSecret: keptSecret !== null };
    this.connections = existing ? this.connections.map((c) => (c.id === saved.id ? saved : c)) : [...this.connections, saved];
    const { secret: _s, ...view } = saved;
    return view;
  }

  async removeConnection(id: string): Promise<void> {
    this.record('removeConnection', [id]);
    this.connections = this.connections.filter((c) => c.id !== id);
  }

  async testConnection(ref: ConnectionRef): Promise<ConnectionTestResult> {
    this.record('testConnection', [ref]);
    const connection = this.connection(ref);
    return {
      kind: 'harbor',
      harborVersion: 'v2.11.0',
      dialect: 'v1.3.4',
      identity: connection.username ? `user ${connection.username}` : 'anonymous',
      credentialsRejected: false,
      projects: connection.projects.map((project) => ({
        project,
        immutableTag: { list: true, create: true, update: true, delete: false },
        repositoryList: true,
        artifactList: true,
      })),
      warnings: [],
    };
  }

  async listProjects(ref: ConnectionRef): Promise<string[]> {
    this.record('listProjects', [ref]);
    this.connection(ref);
    return [...new Set([...this.remoteRules.keys(), ...this.projectIds.keys()])].sort();
  }

  async listSnapshots(): Promise<SnapshotSummary[]> {
    this.record('listSnapshots', []);
    return [...this.snapshots.values()].map((s) => s.summary);
  }

  async loadSnapshotIndex(id: string): Promise<ArrayBuffer> {
    this.record('loadSnapshotIndex', [id]);
    const entry = this.snapshots.get(id);
    if (!entry) throw new TaglockError('not-found', 'that snapshot is gone');
    return encodeSnapshotIndex(buildSnapshotIndex(entry.snapshot));
  }

  async fetchSnapshot(request: ConnectionRef & { projects: string[]; name?: string }): Promise<{ jobId: string }> {
    this.record('fetchSnapshot', [request]);
    const connection = this.connection(request);
    const jobId = `job-${++this.seq}`;
    this.jobRegistries.set(jobId, connection.url);
    return { jobId };
  }

  async cancelFetch(jobId: string): Promise<void> {
    this.record('cancelFetch', [jobId]);
    this.emit({ type: 'fetch-failed', jobId, error: { code: 'cancelled', message: 'the fetch was cancelled' } });
  }

  /**
   * Finish a fetch job with a copy of the demo snapshot, as fetched from the job's connection: its
   * registry URL, the project ids and the live rules the fake server has then.
   */
  finishFetch(jobId: string, name = 'Fetched', fetchedAt = '2026-11-02T10:00:00.000Z'): SnapshotSummary {
    const snapshot = demoSnapshot();
    const url = this.jobRegistries.get(jobId);
    if (url !== undefined) {
      snapshot.registry = { ...snapshot.registry, url };
      snapshot.projects = snapshot.projects.map((p) => ({ ...p, id: this.projectIds.get(p.name) ?? p.id, rules: structuredClone(this.remoteRules.get(p.name) ?? p.rules) }));
    }
    snapshot.fetchedAt = fetchedAt;
    const id = `snap-${++this.seq}`;
    const summary = { ...summarize(id, name, snapshot), fetchedAt };
    this.snapshots.set(id, { summary, snapshot });
    this.emit({ type: 'fetch-done', jobId, snapshot: summary });
    return summary;
  }

  async importSnapshot(request: { fileName: string; text: string }): Promise<SnapshotSummary> {
    this.record('importSnapshot', [request]);
    let snapshot: Snapshot;
    try {
      snapshot = parseSnapshot(request.text);
    } catch (error) {
      throw new TaglockError('bad-input', `${request.fileName} is not a usable snapshot: ${(error as Error).message}`);
    }
    const id = `snap-${++this.seq}`;
    const summary = summarize(id, request.fileName.replace(/\.json$/i, ''), snapshot);
    this.snapshots.set(id, { summary, snapshot });
    return summary;
  }

  async exportSnapshot(id: string): Promise<ArrayBuffer> {
    this.record('exportSnapshot', [id]);
    const entry = this.snapshots.get(id);
    if (!entry) throw new TaglockError('not-found', 'that snapshot is gone');
    return new TextEncoder().encode(JSON.stringify(entry.snapshot)).buffer as ArrayBuffer;
  }

  async deleteSnapshot(id: string): Promise<void> {
    this.record('deleteSnapshot', [id]);
    if (id === 'demo') throw new TaglockError('bad-input', 'the demo snapshot is built in and cannot be deleted');
    this.snapshots.delete(id);
  }

  async pullRules(request: ConnectionRef & { project: string }): Promise<WireRule[]> {
    this.record('pullRules', [request]);
    this.connection(request);
    const rules = this.remoteRules.get(request.project);
    if (!rules) throw new TaglockError('forbidden', `no access to project ${request.project}`);
    return structuredClone(rules);
  }

  async planPublish(request: ConnectionRef & { project: string; rules: WireRule[] }): Promise<PlanView> {
    this.record('planPublish', [request]);
    this.connection(request);
    const remote = parseWireRules(this.remoteRules.get(request.project) ?? []);
    const plan = planRules(parseWireRules(request.rules), remote);
    return {
      project: request.project,
      projectId: this.projectIds.get(request.project) ?? null,
      remoteRules: toWireRules(remote),
      steps: plan.steps.map((step) => ({
        kind: step.kind,
        id: 'id' in step ? step.id : null,
        desiredIndex: step.kind === 'create' ? step.desiredIndex : null,
        description: describeStep(step),
      })),
      notes: plan.notes,
      remoteFingerprint: plan.remoteFingerprint,
    };
  }

  async applyPublish(request: ConnectionRef & { project: string; rules: WireRule[]; remoteFingerprint: string; force: boolean }): Promise<ApplyResultView> {
    this.record('applyPublish', [request]);
    this.connection(request);
    // As the real apply: refused, with nothing written, when the server changed since the plan.
    const now = rulesFingerprint(parseWireRules(this.remoteRules.get(request.project) ?? []));
    if (now !== request.remoteFingerprint && !request.force) {
      throw new TaglockError('drift', `the rules of project ${request.project} changed on the server since the plan (someone else edited them): nothing was changed`);
    }
    const plan = await this.planPublish(request);
    const steps: ApplyResultView['steps'] = [];
    let failed = false;
    plan.steps.forEach((step, index) => {
      if (failed) {
        steps.push({ description: step.description, status: 'not-attempted' });
      } else if (this.failingSteps.has(index)) {
        failed = true;
        steps.push({ description: step.description, status: 'failed', error: { code: 'server', message: 'Harbor answered 500' } });
      } else {
        steps.push({ description: step.description, status: 'done' });
      }
      this.emit({ type: 'apply-step', project: request.project, index, total: plan.steps.length, step: steps[index]! });
    });
    if (!failed) {
      let id = Math.max(0, ...(this.remoteRules.get(request.project) ?? []).map((r) => r.id ?? 0));
      this.remoteRules.set(request.project, request.rules.map((r) => ({ ...r, id: r.id ?? ++id })));
    }
    const result: ApplyResultView = { project: request.project, steps, verified: !failed, remaining: failed ? ['some steps'] : [], replanned: false };
    this.history.push({
      at: new Date(Date.UTC(2026, 10, 2, 12, this.history.length)).toISOString(),
      registry: 'https://harbor.example.test',
      project: request.project,
      actor: 'alice',
      steps: steps.map((s) => ({ description: s.description, status: s.status, ...(s.error ? { error: s.error.message } : {}) })),
      verified: !failed,
      outcome: failed ? 'partial' : steps.length === 0 ? 'nothing-to-do' : 'applied',
    });
    return result;
  }

  async publishHistory(): Promise<PublishRecordView[]> {
    this.record('publishHistory', []);
    return [...this.history];
  }

  /** The saved workspace, as the data folder would hold it (a copy, as over the wire). */
  workspace: WorkspaceView = { drafts: [], lastSnapshot: null };

  async openTerraform(request: { files: TerraformFileInput[]; knownProjects: KnownProjectView[] }): Promise<TerraformRulesView> {
    this.record('openTerraform', [request]);
    return structuredClone(this.terraformView);
  }

  async loadWorkspace(): Promise<WorkspaceView> {
    this.record('loadWorkspace', []);
    return structuredClone(this.workspace);
  }

  async saveWorkspace(workspace: WorkspaceView): Promise<void> {
    this.record('saveWorkspace', [workspace]);
    this.workspace = structuredClone(workspace);
  }
}
