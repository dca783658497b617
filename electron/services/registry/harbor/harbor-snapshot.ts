// Runs in Node.
/**
 * A snapshot of Harbor projects: rules in force, repositories, artifacts with all tags and Harbor's own
 * verdict per tag, whether each project mirrors another registry (proxy cache, replication), and its
 * tag-retention policy where the account may read it.
 * Repositories are fetched with bounded concurrency; the whole fetch can be cancelled.
 */
import { dialectForHarborVersion } from '../../../../shared/engine/dialect-for-version.js';
import { TaglockError } from '../../../../shared/errors.js';
import { replicationsOfProject } from '../../../../shared/registry/replication.js';
import { toWireRules } from '../../../../shared/rules/wire.js';
import type { Snapshot, SnapshotArtifact, SnapshotProject, SnapshotRepository } from '../../../../shared/snapshot/schema.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../../../../shared/snapshot/schema.js';
import { displayUrl } from '../../http/http-error.js';
import { WorkQueue } from '../../http/work-queue.js';
import type { FetchProgress } from '../../snapshots/fetch-progress.js';
import { ProgressTracker } from '../../snapshots/fetch-progress.js';
import type { HarborArtifact } from './harbor-api.js';
import { harborTime } from './harbor-api.js';
import type { HarborClient } from './harbor-client.js';
import { policyInput, proxyCacheOf } from './harbor-mirrors.js';
import { retentionOf } from './harbor-retention.js';

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
  // The first failure anywhere cancels every request still running, then is reported.
  const controller = new AbortController();
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    return await fetchAll(client, options, controller);
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
}

async function fetchAll(client: HarborClient, options: HarborSnapshotOptions, controller: AbortController): Promise<Snapshot> {
  if (options.signal?.aborted) controller.abort();
  const signal = { signal: controller.signal };
  const progress = new ProgressTracker(client.http.stats, options.onProgress);
  progress.emit('connecting', 0, null);
  const info = await client.systemInfo(signal);
  const harborVersion = info.harbor_version ?? null;
  const dialect = dialectForHarborVersion(harborVersion);
  const names = options.projects?.length ? [...options.projects] : (await client.listProjects(signal)).map((p) => p.name);
  if (names.length === 0) throw new TaglockError('not-found', 'this account sees no project on the registry');

  // Artifacts of a repository are fetched as soon as its name arrives: listing pages and fetching
  // overlap, so the listing adds no serial wait in front of the bulk of the requests.
  progress.emit('listing', 0, null);
  const projects: SnapshotProject[] = [];
  const queue = new WorkQueue<{ project: string; repositories: SnapshotRepository[]; repository: string; slot: number }>();
  let done = 0;
  const failures: unknown[] = [];
  const fail = (error: unknown) => {
    failures.push(error);
    queue.close();
    controller.abort();
  };
  // Read once, beside the listing; null when the account may not read replication policies.
  const policies = client.listReplicationPolicies(signal).catch((error: unknown) => {
    fail(error);
    return null;
  });
  const workers = Array.from({ length: options.concurrency ?? DEFAULT_CONCURRENCY }, async () => {
    for (let item = await queue.take(); item !== null; item = await queue.take()) {
      const artifacts = await client.listArtifacts(item.project, item.repository, signal);
      item.repositories[item.slot] = { name: item.repository, artifacts: artifacts.map(toSnapshotArtifact) };
      progress.emit('fetching', ++done, queue.closed ? queue.added : null);
    }
  }).map((worker) => worker.catch(fail));
  const listing = (async () => {
    for (const name of names) {
      // The repositories are listed (and their artifacts fetched) while the project's own reads run:
      // the listing needs only the name, and Harbor answers `/projects/{name}` for exactly that name.
      const repositories: SnapshotRepository[] = [];
      let slot = 0;
      const listed = client.listRepositories(name, {
        ...signal,
        onPage: (page) => {
          if (!queue.closed) page.forEach((repository) => queue.add({ project: name, repositories, repository, slot: slot++ }));
        },
      });
      // A failed listing counts only after the project's own reads succeeded: those fail first, as they
      // would if the listing came after them (a missing project is reported as such).
      listed.catch(() => undefined);
      const project = await client.getProject(name, signal);
      let rules = null;
      try {
        rules = toWireRules(await client.listRules(project.name, signal));
      } catch (error) {
        // Without the right to list rules the snapshot is still useful; "unknown" is recorded as null.
        if (!(error instanceof TaglockError && (error.code === 'forbidden' || error.code === 'auth'))) throw error;
      }
      const proxyCache = await proxyCacheOf(client, project, signal);
      // Left out when not read (no permission): "not read" is not "the project has none" (null).
      const retention = await retentionOf(client, project, signal);
      projects.push({
        name: project.name,
        id: project.project_id,
        rules,
        proxyCache,
        replication: null,
        ...(retention !== undefined ? { retention } : {}),
        repositories,
      });
      await listed;
    }
  })().catch(fail);
  await listing;
  queue.close();
  await Promise.all(workers);
  const readPolicies = (await policies)?.map(policyInput) ?? null;
  // The first failure is the cause; later ones are mostly the cancellations it triggered.
  if (failures.length > 0) throw failures[0];
  progress.emit('fetching', done, queue.added);
  for (const project of projects) project.replication = readPolicies === null ? null : replicationsOfProject(readPolicies, project.name, dialect);

  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    fetchedAt: new Date().toISOString(),
    registry: { url: displayUrl(client.http.baseUrl), kind: 'harbor', harborVersion, dialect },
    projects,
  };
}
