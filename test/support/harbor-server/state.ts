// Test helper (Node): the in-memory model behind the Harbor-faithful server. Tests may read and change
// it directly (e.g. "someone else edited the rules"); the helpers keep ids and blobs consistent.
import { GO_ZERO_TIME, harborTime } from './go-json.js';
import { retentionBlob } from './retention-blob.js';
import { bindRuleBody, listedRule, ruleBlob } from './rule-blob.js';
import type {
  ArtifactOption,
  HarborServerOptions,
  ListedRule,
  ProjectOption,
  ProjectRole,
  ReferenceOption,
  RegistryOption,
  ReplicationPolicyOption,
  RepositoryOption,
  RetentionPolicyOption,
  RobotOption,
  TagOption,
  UserOption,
} from './types.js';

const BASE_TIME = Date.parse('2026-01-05T08:00:00.000Z');
const DEFAULT_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DEFAULT_INDEX = 'application/vnd.oci.image.index.v1+json';
const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export interface StateUser {
  id: number;
  username: string;
  password: string;
  sysadmin: boolean;
  roles: Record<string, ProjectRole>;
  email: string;
  realname: string;
  creation_time: string;
}

export interface StateRobot {
  id: number;
  name: string;
  secret: string;
  permissions: Record<string, string[]>;
  system: string[];
}

/** One row of Harbor's `registry` table. */
export interface StateRegistry {
  id: number;
  name: string;
  url: string;
  type: string;
  description: string;
  insecure: boolean;
  credential: { access_key: string; access_secret: string } | null;
  status: string;
  creation_time: string;
  update_time: string;
}

/** One row of Harbor's `replication_policy` table; registry id 0 is this Harbor. */
export interface StateReplicationPolicy {
  id: number;
  name: string;
  description: string;
  src_registry_id: number;
  dest_registry_id: number;
  dest_namespace: string;
  dest_namespace_replace_count: number;
  filters: Array<{ type: string; value: string | string[]; decoration?: string }>;
  trigger: { type: string; cron?: string };
  enabled: boolean;
  override: boolean;
  replicate_deletion: boolean;
  creation_time: string;
  update_time: string;
}

export interface StateTag {
  id: number;
  name: string;
  push_time: string;
  pull_time: string;
}

export interface StateArtifact {
  id: number;
  digest: string;
  type: string;
  media_type: string;
  manifest_media_type: string;
  size: number;
  push_time: string;
  pull_time: string;
  references: ReferenceOption[];
  tags: StateTag[];
}

export interface StateRepository {
  id: number;
  /** Without the project. */
  name: string;
  description: string;
  pull_count: number;
  creation_time: string;
  update_time: string;
  artifacts: StateArtifact[];
}

export interface StateProject {
  id: number;
  name: string;
  public: boolean;
  owner_name: string;
  creation_time: string;
  update_time: string;
  /** A proxy-cache project's registry; 0 for every other project (Harbor's column default). */
  registry_id: number;
  /** The project metadata `retention_id`: its tag-retention policy; 0 when it has none (no metadata row). */
  retention_id: number;
  repositories: StateRepository[];
}

/** One row of Harbor's `retention_policy` table. */
export interface StoredRetentionPolicy {
  id: number;
  /** `data`: the JSON of Harbor's policy model (retention-blob.ts). */
  blob: string;
}

/** One row of Harbor's `immutable_tag_rule` table. */
export interface StoredRule {
  id: number;
  projectId: number;
  /** The `disabled` column (what the list shows), independent of the blob's own `disabled`. */
  disabled: boolean;
  /** `tag_filter`: the JSON text of the storage struct. */
  blob: string;
}

type IdKind = 'user' | 'robot' | 'project' | 'repository' | 'artifact' | 'tag' | 'rule' | 'registry' | 'policy' | 'retention';

export class HarborState {
  harborVersion: string;
  robotPrefix: string;
  inlineTagLimit: number;
  latencyMs: number;
  users: StateUser[] = [];
  robots: StateRobot[] = [];
  projects: StateProject[] = [];
  rules: StoredRule[] = [];
  registries: StateRegistry[] = [];
  replicationPolicies: StateReplicationPolicy[] = [];
  retentionPolicies: StoredRetentionPolicy[] = [];
  private nextIds: Record<IdKind, number> = { user: 1, robot: 1, project: 1, repository: 1, artifact: 1, tag: 1, rule: 1, registry: 1, policy: 1, retention: 1 };
  private clock = 0;

  constructor(options: HarborServerOptions = {}) {
    this.harborVersion = options.harborVersion ?? 'v2.15.2-abc';
    this.robotPrefix = options.robotPrefix ?? 'robot$';
    this.inlineTagLimit = options.inlineTagLimit ?? 10;
    this.latencyMs = options.latencyMs ?? 0;
    // The built-in admin is user 1 in every Harbor.
    this.nextIds.user = 2;
    for (const user of options.users ?? []) this.addUser(user);
    for (const robot of options.robots ?? []) this.addRobot(robot);
    for (const registry of options.registries ?? []) this.addRegistry(registry);
    for (const project of options.projects ?? []) this.addProject(project);
    for (const policy of options.replicationPolicies ?? []) this.addReplicationPolicy(policy);
  }

  /** A fresh, strictly increasing time (so later additions are newer). */
  private tick(): string {
    this.clock += 1;
    return new Date(BASE_TIME + this.clock * 60_000).toISOString();
  }

  private id(kind: IdKind): number {
    return this.nextIds[kind]++;
  }

  addUser(user: UserOption): StateUser {
    const record: StateUser = {
      id: this.id('user'),
      username: user.username,
      password: user.password,
      sysadmin: user.sysadmin ?? false,
      roles: { ...(user.roles ?? {}) },
      email: user.email ?? `${user.username}@example.com`,
      realname: user.realname ?? user.username,
      creation_time: this.tick(),
    };
    this.users.push(record);
    return record;
  }

  addRobot(robot: RobotOption): StateRobot {
    const record: StateRobot = { id: this.id('robot'), name: robot.name, secret: robot.secret, permissions: { ...robot.permissions }, system: [...(robot.system ?? [])] };
    this.robots.push(record);
    return record;
  }

  addRegistry(registry: RegistryOption): StateRegistry {
    const id = registry.id ?? this.nextIds.registry;
    if (id <= 0 || this.registries.some((r) => r.id === id)) throw new Error(`harbor-server: registry id ${id} is 0 (this Harbor) or already used`);
    this.nextIds.registry = Math.max(this.nextIds.registry, id + 1);
    const time = this.tick();
    const record: StateRegistry = {
      id,
      name: registry.name,
      url: registry.url,
      type: registry.type ?? 'docker-registry',
      description: registry.description ?? '',
      insecure: registry.insecure ?? false,
      credential: registry.credential ? { ...registry.credential } : null,
      status: 'healthy',
      creation_time: time,
      update_time: time,
    };
    this.registries.push(record);
    return record;
  }

  registry(id: number): StateRegistry | undefined {
    return this.registries.find((r) => r.id === id);
  }

  /** Harbor refuses a policy unless exactly one end is this Harbor and the other a known registry. */
  addReplicationPolicy(policy: ReplicationPolicyOption): StateReplicationPolicy {
    const source = policy.src_registry ?? 0;
    const destination = policy.dest_registry ?? 0;
    if ((source === 0) === (destination === 0)) throw new Error(`harbor-server: policy ${policy.name}: exactly one of src_registry and dest_registry must be set`);
    if (!this.registry(source || destination)) throw new Error(`harbor-server: policy ${policy.name}: no registry ${source || destination}`);
    const id = policy.id ?? this.nextIds.policy;
    this.nextIds.policy = Math.max(this.nextIds.policy, id + 1);
    const time = this.tick();
    const record: StateReplicationPolicy = {
      id,
      name: policy.name,
      description: policy.description ?? '',
      src_registry_id: source,
      dest_registry_id: destination,
      dest_namespace: policy.dest_namespace ?? '',
      dest_namespace_replace_count: policy.dest_namespace_replace_count ?? -1,
      filters: (policy.filters ?? []).map((f) => ({ ...f })),
      trigger: { ...(policy.trigger ?? { type: 'manual' }) },
      enabled: policy.enabled ?? true,
      override: policy.override ?? false,
      replicate_deletion: policy.replicate_deletion ?? false,
      creation_time: time,
      update_time: time,
    };
    this.replicationPolicies.push(record);
    return record;
  }

  addProject(project: ProjectOption): StateProject {
    if (project.registry_id !== undefined && !this.registry(project.registry_id)) throw new Error(`harbor-server: project ${project.name}: no registry ${project.registry_id}`);
    const id = project.id ?? this.nextIds.project;
    this.nextIds.project = Math.max(this.nextIds.project, id + 1);
    const time = this.tick();
    const record: StateProject = {
      id,
      name: project.name,
      public: project.public ?? false,
      owner_name: 'admin',
      creation_time: time,
      update_time: time,
      registry_id: project.registry_id ?? 0,
      retention_id: 0,
      repositories: [],
    };
    this.projects.push(record);
    for (const repository of project.repositories ?? []) this.addRepository(project.name, repository);
    for (const rule of project.rules ?? []) this.addRule(project.name, rule);
    if (project.retention) this.setRetention(project.name, project.retention);
    return record;
  }

  /**
   * Give a project a tag-retention policy, as `POST /retentions` does: the policy is stored with the
   * project as its scope and its id written into the project's metadata (`retention_id`). A project that
   * already has one gets it replaced, as an edit would. Returns the id.
   */
  setRetention(projectName: string | number, policy: RetentionPolicyOption): number {
    const project = this.requireProject(projectName);
    const blob = retentionBlob(policy, project.id);
    const existing = this.retentionPolicies.find((p) => p.id === project.retention_id);
    if (existing) {
      existing.blob = blob;
      return existing.id;
    }
    const id = policy.id ?? this.nextIds.retention;
    if (this.retentionPolicies.some((p) => p.id === id)) throw new Error(`harbor-server: retention policy id ${id} already used`);
    this.nextIds.retention = Math.max(this.nextIds.retention, id + 1);
    this.retentionPolicies.push({ id, blob });
    project.retention_id = id;
    return id;
  }

  /** Remove a project's policy and its `retention_id`, as `DELETE /retentions/{id}` does. */
  deleteRetention(projectName: string | number): void {
    const project = this.requireProject(projectName);
    this.retentionPolicies = this.retentionPolicies.filter((p) => p.id !== project.retention_id);
    project.retention_id = 0;
  }

  addRepository(projectName: string, repository: RepositoryOption): StateRepository {
    const project = this.requireProject(projectName);
    const time = this.tick();
    const record: StateRepository = {
      id: this.id('repository'),
      name: repository.name,
      description: repository.description ?? '',
      pull_count: repository.pull_count ?? 0,
      creation_time: time,
      update_time: time,
      artifacts: [],
    };
    project.repositories.push(record);
    for (const artifact of repository.artifacts ?? []) this.addArtifact(projectName, repository.name, artifact);
    return record;
  }

  addArtifact(projectName: string, repositoryName: string, artifact: ArtifactOption): StateArtifact {
    const repository = this.requireRepository(projectName, repositoryName);
    const pushTime = harborTime(artifact.push_time, this.tick());
    const references = (artifact.references ?? []).map((r) => (typeof r === 'string' ? { digest: r } : r));
    const record: StateArtifact = {
      id: this.id('artifact'),
      digest: artifact.digest,
      type: artifact.type ?? 'IMAGE',
      media_type: artifact.media_type ?? (references.length > 0 ? DEFAULT_INDEX : DEFAULT_MANIFEST),
      manifest_media_type: artifact.manifest_media_type ?? artifact.media_type ?? (references.length > 0 ? DEFAULT_INDEX : DEFAULT_MANIFEST),
      size: artifact.size ?? 1024,
      push_time: pushTime,
      pull_time: harborTime(artifact.pull_time, GO_ZERO_TIME),
      references,
      tags: [],
    };
    repository.artifacts.push(record);
    for (const tag of artifact.tags ?? []) this.addTag(projectName, repositoryName, artifact.digest, tag);
    return record;
  }

  addTag(projectName: string, repositoryName: string, digest: string, tag: string | TagOption): StateTag {
    const artifact = this.requireRepository(projectName, repositoryName).artifacts.find((a) => a.digest === digest);
    if (!artifact) throw new Error(`harbor-server: no artifact ${digest} in ${projectName}/${repositoryName}`);
    const option = typeof tag === 'string' ? { name: tag } : tag;
    const record: StateTag = {
      id: this.id('tag'),
      name: option.name,
      push_time: harborTime(option.push_time, this.tick()),
      pull_time: harborTime(option.pull_time, GO_ZERO_TIME),
    };
    artifact.tags.push(record);
    return record;
  }

  /**
   * Assign ids and defaults to records a test pushed into the arrays directly. Lookups do it lazily for
   * what they return (a project's repositories, a repository's artifacts and tags), so a request costs
   * no more than what it reads; this does it everywhere.
   */
  normalize(): void {
    for (const project of this.projects) {
      this.normalizeProject(project);
      for (const repository of project.repositories) this.normalizeRepository(repository);
    }
  }

  private normalizeProject(project: StateProject): void {
    project.registry_id ??= 0;
    project.retention_id ??= 0;
    project.repositories ??= [];
    for (const repository of project.repositories) {
      repository.id ??= this.id('repository');
      repository.creation_time ??= this.tick();
      repository.update_time ??= repository.creation_time;
      repository.description ??= '';
      repository.pull_count ??= 0;
      repository.artifacts ??= [];
    }
  }

  private normalizeRepository(repository: StateRepository): void {
    const time = (value: unknown, fallback: () => string): string =>
      typeof value === 'string' && CANONICAL_TIME.test(value) ? value : harborTime(value as string | Date | undefined, fallback());
    for (const artifact of repository.artifacts) {
      artifact.id ??= this.id('artifact');
      artifact.references ??= [];
      if (artifact.references.some((r) => typeof r === 'string')) {
        artifact.references = artifact.references.map((r: ReferenceOption | string) => (typeof r === 'string' ? { digest: r } : r));
      }
      artifact.type ??= 'IMAGE';
      artifact.media_type ??= artifact.references.length > 0 ? DEFAULT_INDEX : DEFAULT_MANIFEST;
      artifact.manifest_media_type ??= artifact.media_type;
      artifact.size ??= 1024;
      artifact.push_time = time(artifact.push_time, () => this.tick());
      artifact.pull_time = time(artifact.pull_time, () => GO_ZERO_TIME);
      artifact.tags ??= [];
      if (artifact.tags.some((t) => typeof t === 'string')) {
        artifact.tags = artifact.tags.map((t: StateTag | string) => (typeof t === 'string' ? ({ name: t } as StateTag) : t));
      }
      for (const tag of artifact.tags) {
        tag.id ??= this.id('tag');
        tag.push_time = time(tag.push_time, () => this.tick());
        tag.pull_time = time(tag.pull_time, () => GO_ZERO_TIME);
      }
    }
  }

  project(nameOrId: string | number): StateProject | undefined {
    const project = typeof nameOrId === 'number' ? this.projects.find((p) => p.id === nameOrId) : this.projects.find((p) => p.name === nameOrId);
    if (project) this.normalizeProject(project);
    return project;
  }

  /** A repository of a project (name without the project), its artifacts and tags normalized. */
  repositoryIn(project: StateProject, repositoryName: string): StateRepository | undefined {
    const repository = project.repositories.find((r) => r.name === repositoryName);
    if (repository) this.normalizeRepository(repository);
    return repository;
  }

  requireProject(name: string | number): StateProject {
    const project = this.project(name);
    if (!project) throw new Error(`harbor-server: no project ${name}`);
    return project;
  }

  repository(projectName: string, repositoryName: string): StateRepository | undefined {
    const project = this.project(projectName);
    return project && this.repositoryIn(project, repositoryName);
  }

  requireRepository(projectName: string, repositoryName: string): StateRepository {
    const repository = this.repository(projectName, repositoryName);
    if (!repository) throw new Error(`harbor-server: no repository ${repositoryName} in project ${projectName}`);
    return repository;
  }

  // ---- immutable-tag rules --------------------------------------------------------------------

  /** The next id the table would give (ids are never reused). */
  allocateRuleId(): number {
    for (const rule of this.rules) this.nextIds.rule = Math.max(this.nextIds.rule, rule.id + 1);
    return this.nextIds.rule++;
  }

  /**
   * Store a rule as Harbor's UI (and Taglock) create one: POSTed without `id` and with `disabled: false`
   * (that is the stored blob), then, for `disabled: true`, toggled by a PUT (only the flag column
   * changes). `rule.id`, when given, becomes the row id. Returns the id.
   */
  addRule(projectName: string | number, rule: unknown): number {
    const project = this.requireProject(projectName);
    const body = { ...(rule as Record<string, unknown>) };
    const requestedId = typeof body.id === 'number' ? body.id : null;
    const disabled = body.disabled === true;
    delete body.id;
    const metadata = bindRuleBody(JSON.stringify({ ...body, disabled: false }));
    const id = requestedId ?? this.allocateRuleId();
    if (this.rules.some((r) => r.id === id)) throw new Error(`harbor-server: rule id ${id} already used`);
    this.rules.push({ id, projectId: project.id, disabled, blob: ruleBlob(metadata, project.id) });
    this.nextIds.rule = Math.max(this.nextIds.rule, id + 1);
    return id;
  }

  /** Replace every rule of a project (another admin rewrote them). New ids are allocated unless given. */
  setRules(projectName: string | number, rules: readonly unknown[]): number[] {
    const project = this.requireProject(projectName);
    this.rules = this.rules.filter((r) => r.projectId !== project.id);
    return rules.map((rule) => this.addRule(project.id, rule));
  }

  /** Edit a stored rule's content in place, as an edit PUT would (the `disabled` column is kept). */
  editRule(id: number, rule: unknown): void {
    const stored = this.requireRule(id);
    const metadata = bindRuleBody(JSON.stringify({ ...(rule as Record<string, unknown>), id, disabled: stored.disabled }));
    stored.blob = ruleBlob(metadata, stored.projectId);
  }

  setRuleDisabled(id: number, disabled: boolean): void {
    this.requireRule(id).disabled = disabled;
  }

  deleteRule(id: number): void {
    this.requireRule(id);
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  requireRule(id: number): StoredRule {
    const rule = this.rules.find((r) => r.id === id);
    if (!rule) throw new Error(`harbor-server: no rule ${id}`);
    return rule;
  }

  /** A project's rules as the list endpoint shows them, by id ascending. */
  rulesOf(projectName: string | number): ListedRule[] {
    const project = this.requireProject(projectName);
    return this.rules
      .filter((r) => r.projectId === project.id)
      .sort((a, b) => a.id - b.id)
      .map((r) => listedRule(r.id, r.disabled, r.blob));
  }
}
