// Runs in Node.
/**
 * A snapshot (shared/snapshot/schema.ts) of a plain OCI registry: repositories from the catalog (or the
 * names given), their tags, each tag's digest, and the children of image indexes. Repositories are
 * grouped into projects as Harbor would: the first path component is the project (`shop/team/app` is
 * repository `team/app` of project `shop`); a one-component name (`nginx`) belongs to project "".
 *
 * What a plain registry cannot tell stays null: push and pull times, Harbor's artifact type (the manifest
 * media type stands in), sizes (only the manifest's own size is cheap to know, which is not the artifact
 * size Harbor reports), immutability verdicts and rules. Untagged manifests cannot be listed at all.
 */
import type { Snapshot, SnapshotArtifact, SnapshotProject } from '../../../../shared/snapshot/schema.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../../../../shared/snapshot/schema.js';
import { HttpError } from '../../http/http-error.js';
import { mapLimited } from '../../http/limiter.js';
import { isIndexMediaType } from './media-types.js';
import type { ManifestDescriptor, OciRegistryClient } from './oci-client.js';

export interface OciSnapshotProgress {
  /** repositories: reading the catalog; tags: listing tags; digests: resolving tags; manifests: reading indexes. */
  phase: 'repositories' | 'tags' | 'digests' | 'manifests' | 'done';
  done: number;
  /** Known total for the phase (for `repositories`, the names found so far). */
  total: number;
  requests: number;
  bytes: number;
}

export interface FetchOciSnapshotOptions {
  /**
   * Read only these repositories (full names, e.g. `shop/team/app`) instead of the whole catalog; the
   * catalog is then not needed, so this works on registries that do not offer `/v2/_catalog`. A name
   * that does not exist is a `not-found` error.
   */
  repositories?: readonly string[];
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: OciSnapshotProgress) => void;
  /** `n` per catalog / tag-list page (default 100). */
  pageSize?: number;
  /** The fetch time written into the snapshot (default now). */
  now?: () => Date;
}

/** Harbor's view of a repository name: project = first path component, the rest is the repository. */
export function splitRepositoryName(fullName: string): { project: string; repository: string } {
  const slash = fullName.indexOf('/');
  return slash < 0 ? { project: '', repository: fullName } : { project: fullName.slice(0, slash), repository: fullName.slice(slash + 1) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface ResolvedTag {
  repository: string;
  tag: string;
  descriptor: ManifestDescriptor | null;
}

export async function fetchOciSnapshot(client: OciRegistryClient, options: FetchOciSnapshotOptions = {}): Promise<Snapshot> {
  const { signal } = options;
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new HttpError('bad-input', 'concurrency must be a whole number ≥ 1', null);
  const fetchedAt = (options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const pageSize = options.pageSize ?? 100;
  const report = (phase: OciSnapshotProgress['phase'], done: number, total: number) =>
    options.onProgress?.({ phase, done, total, requests: client.stats.requests, bytes: client.stats.bytes });
  const checkCancelled = () => {
    if (signal?.aborted) throw new HttpError('cancelled', `reading ${client.url}: cancelled`, null, null, null, { cause: signal.reason });
  };

  try {
    checkCancelled();
    // 1. Which repositories.
    let names: string[];
    const explicit = options.repositories !== undefined;
    if (explicit) {
      names = [...new Set(options.repositories)].sort(compare);
    } else {
      report('repositories', 0, 0);
      names = await client.listRepositories({
        ...(signal ? { signal } : {}),
        pageSize,
        onPage: ({ total }) => report('repositories', total, total),
      });
    }

    // 2. Their tags. A catalog name without tags (distribution answers 404 for a repository whose
    // manifests are all untagged, or one deleted meanwhile) is an empty repository, not a failure.
    let listed = 0;
    report('tags', 0, names.length);
    const tagLists = await mapLimited(names, concurrency, async (name) => {
      checkCancelled();
      let tags: string[];
      try {
        tags = await client.listTags(name, { ...(signal ? { signal } : {}), pageSize });
      } catch (error) {
        if (explicit || !(error instanceof HttpError && error.code === 'not-found')) throw error;
        tags = [];
      }
      report('tags', ++listed, names.length);
      return tags;
    });

    // 3. Each tag's digest (HEAD). A tag deleted between listing and resolving is left out.
    const pairs = names.flatMap((repository, i) => tagLists[i]!.map((tag) => ({ repository, tag })));
    let resolvedCount = 0;
    report('digests', 0, pairs.length);
    const resolved: ResolvedTag[] = await mapLimited(pairs, concurrency, async ({ repository, tag }) => {
      checkCancelled();
      let descriptor: ManifestDescriptor | null;
      try {
        descriptor = await client.resolveDigest(repository, tag, signal ? { signal } : {});
      } catch (error) {
        if (!(error instanceof HttpError && error.code === 'not-found')) throw error;
        descriptor = null;
      }
      report('digests', ++resolvedCount, pairs.length);
      return { repository, tag, descriptor };
    });

    // 4. Group tags by digest; read each distinct index once for its children.
    const byRepository = new Map<string, Map<string, { descriptor: ManifestDescriptor; tags: string[] }>>();
    for (const name of names) byRepository.set(name, new Map());
    for (const { repository, tag, descriptor } of resolved) {
      if (!descriptor) continue;
      const artifacts = byRepository.get(repository)!;
      const entry = artifacts.get(descriptor.digest);
      if (entry) entry.tags.push(tag);
      else artifacts.set(descriptor.digest, { descriptor, tags: [tag] });
    }
    const indexes = [...byRepository].flatMap(([repository, artifacts]) =>
      [...artifacts.values()].filter((a) => isIndexMediaType(a.descriptor.mediaType)).map((a) => ({ repository, digest: a.descriptor.digest })),
    );
    let readCount = 0;
    report('manifests', 0, indexes.length);
    const references = new Map<string, string[]>();
    await mapLimited(indexes, concurrency, async ({ repository, digest }) => {
      checkCancelled();
      const manifest = await client.getManifest(repository, digest, signal ? { signal } : {});
      references.set(`${repository}@${digest}`, manifest.references);
      report('manifests', ++readCount, indexes.length);
    });
    checkCancelled();

    // 5. Projects as Harbor groups them.
    const projects = new Map<string, SnapshotProject>();
    for (const [fullName, artifacts] of byRepository) {
      const { project, repository } = splitRepositoryName(fullName);
      let entry = projects.get(project);
      if (!entry) {
        entry = { name: project, id: null, rules: null, repositories: [] };
        projects.set(project, entry);
      }
      const list: SnapshotArtifact[] = [...artifacts.values()]
        .map(({ descriptor, tags }) => ({
          digest: descriptor.digest,
          type: descriptor.mediaType,
          mediaType: descriptor.mediaType,
          size: null,
          pushTime: null,
          pullTime: null,
          references: references.get(`${fullName}@${descriptor.digest}`) ?? [],
          tags: tags.sort(compare).map((name) => ({ name, pushTime: null, pullTime: null, immutable: null })),
        }))
        .sort((a, b) => compare(a.digest, b.digest));
      entry.repositories.push({ name: repository, artifacts: list });
    }
    const sortedProjects = [...projects.values()].sort((a, b) => compare(a.name, b.name));
    for (const project of sortedProjects) project.repositories.sort((a, b) => compare(a.name, b.name));
    report('done', pairs.length, pairs.length);

    return {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      fetchedAt,
      registry: { url: client.url, kind: 'oci', harborVersion: null, dialect: 'v1.3.4' },
      projects: sortedProjects,
    };
  } catch (error) {
    if (signal?.aborted && !(error instanceof HttpError && error.code === 'cancelled')) {
      throw new HttpError('cancelled', `reading ${client.url}: cancelled`, null, null, null, { cause: error });
    }
    throw error;
  }
}
