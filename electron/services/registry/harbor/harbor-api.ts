// Runs in Node.
/** The parts of Harbor's API v2.0 answers Taglock reads (see the swagger contract in shared material). */
import { requireProjectName } from '../../../../shared/registry/project-name.js';

export interface HarborProject {
  project_id: number;
  name: string;
  repo_count?: number;
  /** Every metadata row of the project (strings); `retention_id` names its tag-retention policy, when it has one. */
  metadata?: { public?: string; retention_id?: string | null } | null;
  /** The registry a proxy-cache project caches; absent (0, omitted) for every other project. */
  registry_id?: number | null;
}

/** Swagger `Registry`: another registry Harbor knows (id 0 is this Harbor in replication policies). */
export interface HarborRegistry {
  id?: number;
  name?: string;
  url?: string;
  type?: string;
}

/** Swagger `ProjectSummary`, the part Taglock reads: a proxy-cache project's registry, credentials removed. */
export interface HarborProjectSummary {
  registry?: HarborRegistry | null;
}

export interface HarborReplicationFilter {
  /** `name`, `tag`, `label` or `resource`. */
  type?: string;
  /** A string for name, tag and resource filters; a list for label filters. */
  value?: unknown;
  /** `matches` or `excludes` (tag and label filters); omitted when empty. */
  decoration?: string;
}

/** Swagger `ReplicationPolicy`, the part Taglock reads. `enabled` is omitted when false. */
export interface HarborReplicationPolicy {
  id: number;
  name: string;
  enabled?: boolean;
  src_registry?: HarborRegistry | null;
  dest_registry?: HarborRegistry | null;
  dest_namespace?: string;
  filters?: HarborReplicationFilter[] | null;
  trigger?: { type?: string } | null;
}

export interface HarborRepository {
  id?: number;
  /** Includes the project: `library/team/app`. */
  name: string;
  artifact_count?: number;
}

export interface HarborTag {
  name: string;
  push_time?: string;
  pull_time?: string;
  immutable?: boolean;
}

export interface HarborArtifact {
  digest: string;
  type?: string;
  media_type?: string;
  manifest_media_type?: string;
  size?: number;
  push_time?: string;
  pull_time?: string;
  references?: { child_digest?: string }[] | null;
  tags?: HarborTag[] | null;
}

export interface HarborPermission {
  resource: string;
  action: string;
}

export interface HarborUser {
  username: string;
  sysadmin_flag?: boolean;
}

export interface HarborSystemInfo {
  harbor_version?: string;
  auth_mode?: string;
}

export const API_PREFIX = 'api/v2.0';

/**
 * Harbor reads `/projects/{project_name_or_id}` as a project *id* when the segment is all digits, unless
 * the request says `X-Is-Resource-Name: true` (swagger parameter `isResourceName`). Every project-scoped
 * request Taglock sends carries it, so project `2024` is never project id 2024.
 */
export const PROJECT_BY_NAME = Object.freeze({ 'X-Is-Resource-Name': 'true' });

/** The project's API path; the name is checked against Harbor's own rule first. */
export function projectPath(project: string): string {
  return `${API_PREFIX}/projects/${encodeURIComponent(requireProjectName(project))}`;
}

/**
 * Harbor wants the repository name without its project and with every "/" encoded twice
 * (`team/app` -> `team%252Fapp`), because its router decodes the path once before matching.
 */
export function repositoryPath(project: string, repository: string): string {
  return `${projectPath(project)}/repositories/${encodeURIComponent(encodeURIComponent(repository))}`;
}

/**
 * The form toISOString writes, with every field in range (days up to 28, valid in any month); a value
 * already in it is kept as it is. Tested without capturing: no match array per value.
 */
const CANONICAL_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** Harbor writes "never" as the zero time of Go. */
export function harborTime(value: string | undefined | null): string | null {
  if (!value || value.startsWith('0001-01-01')) return null;
  // A fetch reads hundreds of thousands of times, nearly all already canonical: no Date for those.
  if (CANONICAL_TIME.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** `library/team/app` in project `library` -> `team/app`. */
export function withoutProject(project: string, repository: string): string {
  return repository.startsWith(`${project}/`) ? repository.slice(project.length + 1) : repository;
}
