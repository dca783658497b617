// Runs anywhere (pure).
/**
 * A snapshot flattened into parallel arrays, built once per snapshot so that simulating a rule set is one
 * tight loop over tags (no per-tag objects, little garbage), and re-simulating after an edit is cheap.
 */
import type { Snapshot, SnapshotArtifact, SnapshotRepository } from './schema.js';

export interface SnapshotIndex {
  readonly snapshot: Snapshot;
  /** Per repository (flat over all projects). */
  readonly repositoryNames: readonly string[];
  readonly repositoryProject: Int32Array;
  /** [start, end) of each repository's artifacts. */
  readonly repositoryArtifactStart: Int32Array;
  /** Per artifact. */
  readonly artifacts: readonly SnapshotArtifact[];
  readonly artifactRepository: Int32Array;
  /** [start, end) of each artifact's tags in the tag arrays. */
  readonly artifactTagStart: Int32Array;
  /** Per tag. */
  readonly tagNames: readonly string[];
  readonly tagArtifact: Int32Array;
  readonly counts: { projects: number; repositories: number; artifacts: number; tags: number };
}

export function buildSnapshotIndex(snapshot: Snapshot): SnapshotIndex {
  const repositories: { repository: SnapshotRepository; project: number }[] = [];
  snapshot.projects.forEach((project, p) => {
    for (const repository of project.repositories) repositories.push({ repository, project: p });
  });
  let artifactCount = 0;
  let tagCount = 0;
  for (const { repository } of repositories) {
    artifactCount += repository.artifacts.length;
    for (const artifact of repository.artifacts) tagCount += artifact.tags.length;
  }

  const repositoryNames: string[] = new Array(repositories.length);
  const repositoryProject = new Int32Array(repositories.length);
  const repositoryArtifactStart = new Int32Array(repositories.length + 1);
  const artifacts: SnapshotArtifact[] = new Array(artifactCount);
  const artifactRepository = new Int32Array(artifactCount);
  const artifactTagStart = new Int32Array(artifactCount + 1);
  const tagNames: string[] = new Array(tagCount);
  const tagArtifact = new Int32Array(tagCount);

  let a = 0;
  let t = 0;
  repositories.forEach(({ repository, project }, r) => {
    repositoryNames[r] = repository.name;
    repositoryProject[r] = project;
    repositoryArtifactStart[r] = a;
    for (const artifact of repository.artifacts) {
      artifacts[a] = artifact;
      artifactRepository[a] = r;
      artifactTagStart[a] = t;
      for (const tag of artifact.tags) {
        tagNames[t] = tag.name;
        tagArtifact[t] = a;
        t++;
      }
      a++;
    }
  });
  repositoryArtifactStart[repositories.length] = a;
  artifactTagStart[artifactCount] = t;

  return {
    snapshot,
    repositoryNames,
    repositoryProject,
    repositoryArtifactStart,
    artifacts,
    artifactRepository,
    artifactTagStart,
    tagNames,
    tagArtifact,
    counts: { projects: snapshot.projects.length, repositories: repositories.length, artifacts: artifactCount, tags: tagCount },
  };
}

/** The tag names of one artifact (a fresh array). */
export function artifactTagNames(index: SnapshotIndex, artifact: number): string[] {
  return index.tagNames.slice(index.artifactTagStart[artifact]!, index.artifactTagStart[artifact + 1]!);
}
