// Runs in Node.
/**
 * A snapshot of Harbor projects: rules in force, repositories, artifacts with all tags and Harbor's own
 * verdict per tag. Repositories are fetched with bounded concurrency; the whole fetch can be cancelled.
 */
import { dialectForHarborVersion } from '../../../../shared/engine/dialect-for-version.js';
import { TaglockError } from '../../../../shared/errors.js';
import { toWireRules } from '../../../../shared/rules/wire.js';
import type { Snapshot, SnapshotArtifact, SnapshotProject } from '../../../../shared/snapshot/schema.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../../../../shared/snapshot/schema.js';
import { displayUrl } from '../../http/http-error.js';
import { mapLimited } from '../../http/limiter.js';
import type { FetchProgress } from '../../snapshots/fetch-progress.js';
import { ProgressTracker } from '../../snapshots/fetch-progress.js';
import type { HarborArtifact } from './harbor-api.js';
import { harborTime } from './harbor-api.js';
import type { HarborClient } from './harbor-client.js';

export interface HarborSnapshotOptions {
  /** Project names; all projects the caller can see when empty. */
  projects?: readonly string[];
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
}

export const DEFAULT_CONCURRENCY = 8;

function toSnapshotArtifact(artifact: HarborArtifact): SnapshotArtifact {
  return {
    digest: artifact.digest,
    type: artifact.type ?? null,
    mediaType: artifact.manifest_media_type ?? artifact.media_type ?? null,
    size: typeof artifact.size === 'number' ? artifact.size : null,
    pushTime: harborTime(artifact.push_time),
    pullTime: harborTime(artifact.pull_time),
    references: (artifact.references ?? []).flatMap((r) => (r.child_digest ? [r.child_digest] : [])),
    tags: (artifact.tags ?? []).map((tag) => ({
      name: tag.name,
      pushTime: harborTime(tag.push_time),
      pullTime: harborTime(tag.pull_time),
      immutable: typeof tag.immutable === 'boolean' ? tag.immutable : null,
    })),
  };
}

export async function fetchHarborSnapshot(client: HarborClient, options: HarborSnapshotOptions = {}): Promise<Snapshot> {
  const signal = options.signal ? { signal: options.signal } : {};
  const progress = new ProgressTracker(client.http.stats, options.onProgress);
  progress.emit('connecting', 0, null);
  const info = await client.systemInfo(signal);
  const harborVersion = info.harbor_version ?? null;
  const names = options.projects?.length ? [...options.projects] : (await client.listProjects(signal)).map((p) => p.name);
  if (names.length === 0) throw new TaglockError('not-found', 'this account sees no project on the registry');

  progress.emit('listing', 0, null);
  const projects: SnapshotProject[] = [];
  const work: { project: SnapshotProject; repository: string }[] = [];
  for (const name of names) {
    const project = await client.getProject(name, signal);
    let rules = null;
    try {
      rules = toWireRules(await client.listRules(project.name, signal));
    } catch (error) {
      // Without the right to list rules the snapshot is still useful; "unknown" is recorded as null.
      if (!(error instanceof TaglockError && (error.code === 'forbidden' || error.code === 'auth'))) throw error;
    }
    const snapshotProject: SnapshotProject = { name: project.name, id: project.project_id, rules, repositories: [] };
    projects.push(snapshotProject);
    for (const repository of await client.listRepositories(project.name, signal)) work.push({ project: snapshotProject, repository });
  }

  let done = 0;
  progress.emit('fetching', 0, work.length);
  const fetched = await mapLimited(work, options.concurrency ?? DEFAULT_CONCURRENCY, async ({ project, repository }) => {
    const artifacts = await client.listArtifacts(project.name, repository, signal);
    progress.emit('fetching', ++done, work.length);
    return artifacts.map(toSnapshotArtifact);
  });
  work.forEach(({ project, repository }, i) => project.repositories.push({ name: repository, artifacts: fetched[i]! }));

  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    fetchedAt: new Date().toISOString(),
    registry: { url: displayUrl(client.http.baseUrl), kind: 'harbor', harborVersion, dialect: dialectForHarborVersion(harborVersion) },
    projects,
  };
}
