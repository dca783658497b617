// Test helper (Node): the option and record types of the Harbor-faithful test server.

export type ProjectRole = 'projectAdmin' | 'maintainer' | 'developer' | 'guest' | 'limitedGuest';

export interface UserOption {
  username: string;
  password: string;
  sysadmin?: boolean;
  /** Project name -> role in that project. */
  roles?: Record<string, ProjectRole>;
  email?: string;
  realname?: string;
}

export interface RobotOption {
  /** Without the robot prefix: the Basic-auth username is `robotPrefix + name`. */
  name: string;
  secret: string;
  /**
   * Project name (or `*` for every project) -> `resource:action` strings, e.g. `immutable-tag:list`,
   * `repository:list`, `artifact:list`, `tag:list`, `project:read`.
   */
  permissions: Record<string, string[]>;
  /**
   * System-level permissions (a system robot), `resource:action` strings such as
   * `replication-policy:list` or `registry:read`.
   */
  system?: string[];
}

export interface TagOption {
  name: string;
  push_time?: string | Date;
  pull_time?: string | Date;
}

export interface ReferenceOption {
  digest: string;
  platform?: { architecture?: string; os?: string; variant?: string };
}

export interface ArtifactOption {
  digest: string;
  /** Harbor's artifact type: IMAGE (default), CHART, CNAB, ... */
  type?: string;
  media_type?: string;
  manifest_media_type?: string;
  size?: number;
  push_time?: string | Date;
  /** Omitted: never pulled (`0001-01-01T00:00:00.000Z`). */
  pull_time?: string | Date;
  /** Index children, by digest. A child stored in the same repository is hidden from listings (Harbor lists top-level artifacts only). */
  references?: Array<string | ReferenceOption>;
  tags?: Array<string | TagOption>;
}

export interface RepositoryOption {
  /** WITHOUT the project: `team/app` in project `library`. */
  name: string;
  description?: string;
  pull_count?: number;
  artifacts?: ArtifactOption[];
}

export interface ProjectOption {
  name: string;
  id?: number;
  public?: boolean;
  repositories?: RepositoryOption[];
  /**
   * Wire rules (as the list endpoint shows them, or as a client would POST them). Each is stored as
   * Harbor's UI creates one: POSTed without `id` and with `disabled: false` (the stored blob), then
   * toggled when `disabled: true`. An `id` given here becomes the rule's id.
   */
  rules?: unknown[];
  /** A proxy-cache project: the id of the registry (see `registries`) it caches. */
  registry_id?: number;
  /**
   * The project's tag-retention policy, as a client POSTs it to `/retentions` (swagger `RetentionPolicy`;
   * `scope` is set to this project). Its id lands in the project's metadata as `retention_id`.
   */
  retention?: RetentionPolicyOption;
}

/** A retention policy body as the web UI sends it; what Harbor stores is the JSON of its own model (state.ts). */
export interface RetentionPolicyOption {
  id?: number;
  /** Default `or`. */
  algorithm?: string;
  rules?: Array<Record<string, unknown>>;
  /** Default `{kind: 'Schedule', settings: {cron: ''}}` (the UI's "None"). A cron must be daily (`s m h * * *`). */
  trigger?: { kind?: string; settings?: Record<string, unknown> };
}

/** Another registry Harbor knows (the "Registries" page): a proxy cache's upstream, a replication's remote end. */
export interface RegistryOption {
  /** Default: the next free id (from 1; id 0 is this Harbor in replication policies). */
  id?: number;
  name: string;
  url: string;
  /** Harbor's adapter type. Default `docker-registry`. */
  type?: string;
  description?: string;
  insecure?: boolean;
  /** Basic credential; the secret is never shown (replication policies list it as `*****`). */
  credential?: { access_key: string; access_secret: string };
}

export interface ReplicationFilterOption {
  type: 'name' | 'tag' | 'label' | 'resource';
  /** A string for name, tag and resource filters; a list of label names for label filters. */
  value: string | string[];
  decoration?: 'matches' | 'excludes';
}

/** A replication policy; exactly one of `src_registry` and `dest_registry` is set (the other end is this Harbor). */
export interface ReplicationPolicyOption {
  id?: number;
  name: string;
  description?: string;
  /** The remote registry's id: a pull-based policy (from there into this Harbor). */
  src_registry?: number;
  /** The remote registry's id: a push-based policy (from this Harbor to there). */
  dest_registry?: number;
  dest_namespace?: string;
  /** Default -1 (Harbor's legacy flattening). */
  dest_namespace_replace_count?: number;
  filters?: ReplicationFilterOption[];
  /** Default `manual`. */
  trigger?: { type: 'manual' | 'event_based' | 'scheduled'; cron?: string };
  /** Default true. */
  enabled?: boolean;
  override?: boolean;
  replicate_deletion?: boolean;
}

/** Decides whether one tag is immutable. Default: the shared engine with the dialect of `harborVersion`. */
export type ImmutabilityJudge = (projectName: string, rules: readonly ListedRule[], repository: string, tags: readonly string[]) => boolean;

export interface HarborServerOptions {
  /** `harbor_version` of /systeminfo. Default `v2.15.2-abc`. */
  harborVersion?: string;
  /** Default `robot$`. */
  robotPrefix?: string;
  users?: UserOption[];
  robots?: RobotOption[];
  projects?: ProjectOption[];
  /** Registries Harbor knows (proxy-cache upstreams, replication ends). */
  registries?: RegistryOption[];
  replicationPolicies?: ReplicationPolicyOption[];
  /** How many tags an artifact listing embeds per artifact (the rest only via `/artifacts/{ref}/tags`). Default 10. */
  inlineTagLimit?: number;
  /** Added before every answer. Default 0. */
  latencyMs?: number;
  judge?: ImmutabilityJudge;
  /** Check every answer against the swagger; problems land in `server.contractProblems`. Default true. */
  validate?: boolean;
  /** PEM strings: serve HTTPS instead of HTTP. */
  tls?: { cert: string; key: string };
}

/** A rule in the list endpoint's form (`disabled` only when true, `priority` only when non-zero). */
export interface ListedRule {
  id: number;
  action?: string;
  disabled?: boolean;
  params?: Record<string, unknown>;
  priority?: number;
  scope_selectors?: Record<string, ListedSelector[] | null>;
  tag_selectors?: ListedSelector[];
  template?: string;
}

export interface ListedSelector {
  decoration?: string;
  kind?: string;
  pattern?: string;
}

/** One answered (or broken) request, for assertions. */
export interface RequestLogEntry {
  method: string;
  /** The path as sent (still percent-encoded), without the query. */
  path: string;
  /** First value of each query parameter. */
  query: Record<string, string>;
  rawQuery: string;
  /** Lower-case names; `authorization` removed. */
  headers: Record<string, string | string[] | undefined>;
  /** Who Harbor took the caller for: a username, `robot$name`, or null (anonymous). */
  principal: string | null;
  /** The body of a non-GET request, as text. */
  body: string;
  /** The status the client got; 0 when the connection was reset, -1 while still pending. */
  status: number;
  /** The injected fault, if one answered this request. */
  fault?: string;
}
