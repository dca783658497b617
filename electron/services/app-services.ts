// Runs in Node.
/**
 * Everything the UI can ask for, as one plain class over the Node-side services. The Electron shell and
 * the browser host both hand calls to it through the contract's dispatcher; neither holds logic.
 * Secrets: saved ones come from the ProfileStore (encrypted); typed ones are kept in memory for the
 * session only and never written or logged.
 */
import { randomUUID } from 'node:crypto';
import type {
  AppInfo,
  ApplyResultView,
  Connection,
  ConnectionInput,
  ConnectionRef,
  ConnectionTestResult,
  KnownProjectView,
  PlanView,
  PublishRecordView,
  SnapshotSummary,
  TaglockApi,
  TaglockEvent,
  TerraformFileInput,
  TerraformRulesView,
  WorkspaceView,
} from '../../shared/contract/api.js';
import { TaglockError, badInput } from '../../shared/errors.js';
import { describeStep, planRules } from '../../shared/publish/plan.js';
import type { WireRule } from '../../shared/rules/wire.js';
import { parseWireRules, toWireRules } from '../../shared/rules/wire.js';
import type { ConnectionProfile, ProfileStore } from './connections/profile-store.js';
import { displayUrl } from './http/http-error.js';
import type { HttpClient } from './http/http-client.js';
import { applyPlan } from './publish/apply-plan.js';
import type { PublishHistory } from './publish/history-store.js';
import { recordOf } from './publish/history-store.js';
import type { ConnectionSettings } from './registry/connect.js';
import { httpClientFor, isHarbor } from './registry/connect.js';
import { checkHarborConnection } from './registry/harbor/connection-check.js';
import { HarborClient } from './registry/harbor/harbor-client.js';
import { OciRegistryClient } from './registry/oci/oci-client.js';
import { fetchSnapshot } from './snapshots/fetch-snapshot.js';
import { openTerraformFiles } from './terraform/terraform-files.js';
import type { EncodedIndexStream, SnapshotStore } from './snapshots/snapshot-store.js';
import type { WorkspaceStore } from './workspace/workspace-store.js';

export interface AppServicesOptions {
  version: string;
  shell: 'electron' | 'browser';
  profiles: ProfileStore;
  snapshots: SnapshotStore;
  history: PublishHistory;
  /** Drafts and the last snapshot between runs; without it they last as long as this process. */
  workspace?: WorkspaceStore;
  emit: (event: TaglockEvent) => void;
  /** Test seam: timeouts and retries for registry calls. */
  http?: Partial<Parameters<typeof httpClientFor>[1]>;
}

export class AppServices implements TaglockApi {
  private readonly sessionSecrets = new Map<string, string>();
  private readonly jobs = new Map<string, AbortController>();
  private workspaceInMemory: WorkspaceView = { drafts: [], lastSnapshot: null };

  constructor(private readonly options: AppServicesOptions) {}

  async appInfo(): Promise<AppInfo> {
    return { version: this.options.version, shell: this.options.shell, canKeepSecrets: this.options.profiles.canKeepSecrets };
  }

  async listConnections(): Promise<Connection[]> {
    return this.options.profiles.list().map((p) => ({ ...p, hasSecret: p.hasSecret || this.sessionSecrets.has(p.id) }));
  }

  async saveConnection(input: ConnectionInput): Promise<Connection> {
    const { secret, ...rest } = input;
    const keep = this.options.profiles.canKeepSecrets;
    const { profile: saved, originChanged } = this.options.profiles.save({ ...rest, ...(keep && secret !== undefined ? { secret } : {}) });
    if (originChanged) this.sessionSecrets.delete(saved.id);
    if (!keep && typeof secret === 'string' && secret !== '') this.sessionSecrets.set(saved.id, secret);
    if (secret === null || secret === '') this.sessionSecrets.delete(saved.id);
    return { ...saved, hasSecret: saved.hasSecret || this.sessionSecrets.has(saved.id) };
  }

  async removeConnection(id: string): Promise<void> {
    this.options.profiles.remove(id);
    this.sessionSecrets.delete(id);
  }

  private settings(ref: ConnectionRef): { profile: ConnectionProfile; settings: ConnectionSettings } {
    const profile = this.options.profiles.get(ref.connectionId);
    if (ref.secret) this.sessionSecrets.set(profile.id, ref.secret);
    const password = profile.username ? (this.sessionSecrets.get(profile.id) ?? this.options.profiles.secret(profile.id)) : null;
    if (profile.username && password === null) throw new TaglockError('auth', `enter the secret for ${profile.username} to connect to ${profile.name}`);
    return { profile, settings: { url: profile.url, username: profile.username, password, caFile: profile.caFile, insecure: profile.insecure, allowedTokenRealms: profile.tokenRealms } };
  }

  private async withHttp<T>(ref: ConnectionRef, run: (http: HttpClient, profile: ConnectionProfile) => Promise<T>): Promise<T> {
    const { profile, settings } = this.settings(ref);
    const http = httpClientFor(settings, this.options.http ?? {});
    try {
      return await run(http, profile);
    } finally {
      await http.close();
    }
  }

  private async harbor<T>(ref: ConnectionRef, run: (client: HarborClient, profile: ConnectionProfile) => Promise<T>): Promise<T> {
    return this.withHttp(ref, async (http, profile) => {
      if (profile.kind === 'oci' || !(await isHarbor(http))) throw badInput(`${profile.name} is not a Harbor registry: rules can only be read and published on Harbor`);
      return run(new HarborClient(http), profile);
    });
  }

  async testConnection(ref: ConnectionRef): Promise<ConnectionTestResult> {
    return this.withHttp(ref, async (http, profile) => {
      const harbor = profile.kind === 'harbor' || (profile.kind === 'auto' && (await isHarbor(http)));
      if (!harbor) {
        const ping = await new OciRegistryClient(http).ping();
        return {
          kind: 'oci',
          harborVersion: null,
          dialect: 'v1.3.4',
          identity: profile.username ? `user ${profile.username}` : 'anonymous',
          credentialsRejected: false,
          projects: [],
          warnings: [`Plain OCI registry (${ping.scheme} auth): read-only, rules cannot be published here.`],
        };
      }
      const report = await checkHarborConnection(new HarborClient(http), { projects: profile.projects, credentialsGiven: Boolean(profile.username) });
      const identity = report.identity.kind === 'user' ? `user ${report.identity.username}${report.identity.sysadmin ? ' (system admin)' : ''}` : report.identity.kind;
      return {
        kind: 'harbor',
        harborVersion: report.harborVersion,
        dialect: report.dialect,
        identity,
        credentialsRejected: report.credentialsRejected,
        projects: report.projects.map(({ projectId: _id, ...access }) => access),
        warnings: report.warnings,
      };
    });
  }

  async listProjects(ref: ConnectionRef): Promise<string[]> {
    return this.withHttp(ref, async (http, profile) => {
      // A plain registry has no projects to list (its catalog is not the project list a fetch takes).
      if (profile.kind === 'oci' || !(profile.kind === 'harbor' || (await isHarbor(http)))) return [];
      const projects = await new HarborClient(http).listProjects();
      return [...new Set(projects.map((p) => p.name))].sort((a, b) => a.localeCompare(b));
    });
  }

  /** Makes what a starting page asks for first (snapshot-store.ts), for a caller with a moment to spare. */
  warmUp(): void {
    this.options.snapshots.warmUp();
  }

  listSnapshots(): Promise<SnapshotSummary[]> {
    return this.options.snapshots.list();
  }

  loadSnapshotIndex(id: string): Promise<ArrayBuffer> {
    return this.options.snapshots.loadEncodedIndex(id);
  }

  async fetchSnapshot(request: ConnectionRef & { projects: string[]; name?: string }): Promise<{ jobId: string }> {
    const { profile } = this.settings(request); // fail now, not in the background, on a missing secret
    const jobId = randomUUID();
    const controller = new AbortController();
    this.jobs.set(jobId, controller);
    const emit = this.options.emit;
    void this.withHttp(request, async (http) => {
      const snapshot = await fetchSnapshot(http, {
        projects: request.projects.length ? request.projects : profile.projects,
        kind: profile.kind,
        signal: controller.signal,
        onProgress: (p) =>
          emit({ type: 'fetch-progress', jobId, progress: { phase: p.phase, done: p.done, total: p.total, requests: p.requests, bytes: p.bytes, etaSeconds: p.etaSeconds } }),
      });
      const name = request.name?.trim() || `${profile.name} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
      return this.options.snapshots.save(snapshot, name);
    }).then(
      (summary) => emit({ type: 'fetch-done', jobId, snapshot: summary }),
      (error: unknown) =>
        emit({
          type: 'fetch-failed',
          jobId,
          error: error instanceof TaglockError ? error.toData() : { code: 'internal', message: 'the fetch failed unexpectedly' },
        }),
    ).finally(() => this.jobs.delete(jobId));
    return { jobId };
  }

  async cancelFetch(jobId: string): Promise<void> {
    this.jobs.get(jobId)?.abort();
  }

  importSnapshot(request: { fileName: string; text: string }): Promise<SnapshotSummary> {
    return this.options.snapshots.import(request.fileName, request.text);
  }

  /** Not a contract method: the browser host's streamed upload (its body is the file, not JSON). */
  importSnapshotStream(fileName: string, body: AsyncIterable<Uint8Array>): Promise<SnapshotSummary> {
    return this.options.snapshots.importStream(fileName, body);
  }

  /** Not a contract method: the browser host sends a kept encoding as it reads it (loadSnapshotIndex answers the same bytes). */
  openSnapshotIndexStream(id: string): Promise<EncodedIndexStream | null> {
    return this.options.snapshots.openEncodedIndex(id);
  }

  exportSnapshot(id: string): Promise<ArrayBuffer> {
    return this.options.snapshots.export(id);
  }

  deleteSnapshot(id: string): Promise<void> {
    return this.options.snapshots.remove(id);
  }

  async pullRules(request: ConnectionRef & { project: string }): Promise<WireRule[]> {
    return this.harbor(request, async (client) => toWireRules(await client.listRules(request.project)));
  }

  async planPublish(request: ConnectionRef & { project: string; rules: WireRule[] }): Promise<PlanView> {
    const desired = parseWireRules(request.rules);
    return this.harbor(request, async (client) => {
      const remote = await client.listRules(request.project);
      const plan = planRules(desired, remote);
      // The id tells a project deleted and created again under the same name from the one snapshotted.
      const projectId = await client.getProject(request.project).then((p) => p.project_id, () => null);
      return {
        project: request.project,
        projectId,
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
    });
  }

  async applyPublish(request: ConnectionRef & { project: string; rules: WireRule[]; remoteFingerprint: string; force: boolean }): Promise<ApplyResultView> {
    const desired = parseWireRules(request.rules);
    return this.harbor(request, async (client) => {
      // Plan against the state the user saw; applyPlan refuses if the server moved since.
      const remote = await client.listRules(request.project);
      const plan = { ...planRules(desired, remote), remoteFingerprint: request.remoteFingerprint };
      const report = await applyPlan(client, request.project, desired, plan, {
        force: request.force,
        onStep: (result, index, total) =>
          this.options.emit({
            type: 'apply-step',
            project: request.project,
            index,
            total,
            step: { description: result.description, status: result.status, ...(result.error ? { error: result.error } : {}) },
          }),
      });
      const identity = await client.identity().catch(() => null);
      const actor = identity === null ? null : identity.kind === 'user' ? identity.username : identity.kind;
      await this.options.history.append(recordOf(report, displayUrl(client.http.baseUrl), actor));
      return {
        project: report.project,
        steps: report.steps.map((s) => ({ description: s.description, status: s.status, ...(s.error ? { error: s.error } : {}) })),
        verified: report.verified,
        remaining: report.remaining,
        replanned: report.replanned,
      };
    });
  }

  publishHistory(): Promise<PublishRecordView[]> {
    return this.options.history.list();
  }

  openTerraform(request: { files: TerraformFileInput[]; knownProjects: KnownProjectView[] }): Promise<TerraformRulesView> {
    return openTerraformFiles(request.files, request.knownProjects);
  }

  async loadWorkspace(): Promise<WorkspaceView> {
    return this.options.workspace ? this.options.workspace.load() : this.workspaceInMemory;
  }

  async saveWorkspace(workspace: WorkspaceView): Promise<void> {
    if (this.options.workspace) await this.options.workspace.save(workspace);
    else this.workspaceInMemory = workspace;
  }
}

