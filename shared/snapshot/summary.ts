// Runs anywhere (pure).
/** The one-line description of a snapshot that lists show (counts without building an index). */
import type { SnapshotSummary } from '../contract/api.js';
import type { Snapshot } from './schema.js';
import type { SnapshotIndex } from './snapshot-index.js';

export function summarizeSnapshot(id: string, name: string, snapshot: Snapshot, demo = false): SnapshotSummary {
  let repositories = 0;
  let artifacts = 0;
  let tags = 0;
  for (const project of snapshot.projects) {
    repositories += project.repositories.length;
    for (const repository of project.repositories) {
      artifacts += repository.artifacts.length;
      for (const artifact of repository.artifacts) tags += artifact.tags.length;
    }
  }
  return {
    id,
    name,
    demo,
    registryUrl: snapshot.registry.url,
    registryKind: snapshot.registry.kind,
    fetchedAt: snapshot.fetchedAt,
    projects: snapshot.projects.map((p) => p.name),
    repositories,
    artifacts,
    tags,
  };
}

/** The same description, of a snapshot read straight into its compact form. */
export function summarizeSnapshotIndex(id: string, name: string, index: SnapshotIndex): SnapshotSummary {
  return {
    id,
    name,
    demo: false,
    registryUrl: index.meta.registry.url,
    registryKind: index.meta.registry.kind,
    fetchedAt: index.meta.fetchedAt,
    projects: index.projects.map((p) => p.name),
    repositories: index.counts.repositories,
    artifacts: index.counts.artifacts,
    tags: index.counts.tags,
  };
}

/** The name an exported snapshot file gets: the snapshot's name, kept to characters every file system takes. */
export function snapshotFileName(name: string): string {
  const base = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-|-$/g, '');
  return `${base || 'snapshot'}.json`;
}
