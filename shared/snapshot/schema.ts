// Runs anywhere (pure).
/**
 * Taglock's snapshot: what was fetched from a registry, kept as a versioned JSON file so everything works
 * offline. Documented for people in docs/snapshot-format.md; `validateSnapshot` checks a parsed file.
 */
import type { Dialect } from '../glob/dialect.js';
import type { WireRule } from '../rules/wire.js';
import type { RetentionPolicy } from '../retention/policy.js';

export const SNAPSHOT_FORMAT = 'taglock-snapshot';
export const SNAPSHOT_VERSION = 1;

export type RegistryKind = 'harbor' | 'oci';

export interface SnapshotRegistry {
  /** Base URL, no credentials in it. */
  url: string;
  kind: RegistryKind;
  /** `harbor_version` from /systeminfo, when the caller could see it. */
  harborVersion: string | null;
  /** The glob dialect the rules are judged with (from the Harbor version, v1.3.4 when unknown). */
  dialect: Dialect;
}

export interface SnapshotTag {
  name: string;
  /** ISO 8601, or null when unknown or never (Harbor's 0001-01-01). */
  pushTime: string | null;
  pullTime: string | null;
  /** Harbor's own verdict when fetched with_immutable_status; null when unknown. */
  immutable: boolean | null;
}

export interface SnapshotArtifact {
  digest: string;
  /** Harbor's artifact type (IMAGE, CHART, ...) or the manifest media type on plain registries. */
  type: string | null;
  mediaType: string | null;
  /** Bytes, null when unknown. */
  size: number | null;
  pushTime: string | null;
  pullTime: string | null;
  /** Child manifests of an index (multi-arch), by digest. */
  references: string[];
  tags: SnapshotTag[];
}

export interface SnapshotRepository {
  /** The name WITHOUT the project (`team/app` in project `library`), as Harbor's rules see it. */
  name: string;
  artifacts: SnapshotArtifact[];
}

/** Another registry Harbor knows (its "Registries" endpoints): what a proxy cache or a replication reads or writes. */
export interface SnapshotRemoteRegistry {
  /** Harbor's registry id. */
  id: number;
  name: string | null;
  url: string | null;
  /** Harbor's adapter type: `docker-hub`, `harbor`, `docker-registry`, ... */
  type: string | null;
}

/** A Harbor replication policy that copies into or out of one project. */
export interface SnapshotReplication {
  id: number;
  name: string;
  enabled: boolean;
  /**
   * `destination`: the policy pulls from `remote` into this project; `source`: it pushes from this
   * project to `remote`.
   */
  role: 'destination' | 'source';
  /**
   * What ties the policy to this project: its destination namespace (`namespace`), its name filter
   * (`name-filter`), or nothing, so it reaches every project (`unfiltered`).
   */
  via: 'namespace' | 'name-filter' | 'unfiltered';
  remote: SnapshotRemoteRegistry | null;
  /** The name filter (a doublestar pattern over `project/repository` names at the source), or null. */
  nameFilter: string | null;
  /** The tag filter, or null when the policy copies every tag. */
  tagFilter: { pattern: string; decoration: 'matches' | 'excludes' } | null;
  /** `manual`, `event_based` or `scheduled`, or null. */
  trigger: string | null;
}

export interface SnapshotProject {
  /** Empty for one-component names on plain registries, which belong to no project. */
  name: string;
  /** Harbor's project id, when known. */
  id: number | null;
  /** The immutable-tag rules in force when fetched; null when unknown (plain registries). */
  rules: WireRule[] | null;
  /**
   * Harbor proxy-cache project: the registry it caches (its name and URL null when unreadable); null when
   * the project is not a proxy cache. Absent: not recorded (older snapshots, plain registries).
   */
  proxyCache?: SnapshotRemoteRegistry | null;
  /**
   * The replication policies that copy into or out of this project; null when the account may not read
   * replication policies. Absent: not recorded (older snapshots, plain registries).
   */
  replication?: SnapshotReplication[] | null;
  /**
   * The project's tag-retention policy as `GET /retentions/{id}` returns it; null when the project has
   * none; absent when it was not read (older snapshots, or no permission to read it).
   */
  retention?: RetentionPolicy | null;
  repositories: SnapshotRepository[];
}

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  /** ISO 8601 time of the fetch. */
  fetchedAt: string;
  registry: SnapshotRegistry;
  projects: SnapshotProject[];
  /** Free text, e.g. "Demo data". */
  description?: string;
}
