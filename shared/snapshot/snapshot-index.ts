// Runs anywhere (pure).
/**
 * A snapshot held column by column: typed arrays and flat string lists instead of one object per tag and
 * artifact. It is what Taglock keeps in memory (a million tags fit in well under 400 MB), and what
 * simulation loops over without allocating. Build it from a parsed Snapshot with `buildSnapshotIndex`,
 * or stream repositories into a `SnapshotIndexBuilder` without ever holding the object tree.
 */
import type { Snapshot, SnapshotArtifact, SnapshotProject, SnapshotRegistry, SnapshotRepository } from './schema.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './schema.js';
import { NameTable } from './name-table.js';
import { PackedDigests } from './packed-digests.js';

export interface SnapshotMeta {
  fetchedAt: string;
  registry: SnapshotRegistry;
  description?: string;
}

export type IndexedProject = Pick<SnapshotProject, 'name' | 'id' | 'rules' | 'proxyCache' | 'replication' | 'retention'>;

export interface SnapshotIndex {
  readonly meta: SnapshotMeta;
  readonly projects: readonly IndexedProject[];
  /** Per repository (flat over all projects). */
  readonly repositoryNames: readonly string[];
  readonly repositoryProject: Int32Array;
  /** [start, end) of each repository's artifacts. */
  readonly repositoryArtifactStart: Int32Array;
  /** Per artifact: `artifactDigests.get(a)`. */
  readonly artifactDigests: PackedDigests;
  readonly artifactRepository: Int32Array;
  /** [start, end) of each artifact's tags. */
  readonly artifactTagStart: Int32Array;
  /** Indexes into `strings`, -1 for null. */
  readonly artifactType: Int32Array;
  readonly artifactMediaType: Int32Array;
  /** Bytes; NaN when unknown. Times are epoch milliseconds; NaN when unknown or never. */
  readonly artifactSize: Float64Array;
  readonly artifactPushTime: Float64Array;
  readonly artifactPullTime: Float64Array;
  /** [start, end) of each artifact's index children in `references`. */
  readonly artifactReferenceStart: Int32Array;
  readonly references: PackedDigests;
  /** Per tag. */
  readonly tagNames: readonly string[];
  /**
   * Per tag: where its name is in `distinctTagNames`. Many tags share a name (latest, main, v1.2.3 in
   * every repository), so what depends on the name alone, such as a tag pattern's answer, is worked out
   * once per name. Tags with the same id have the same name.
   */
  readonly tagNameIds: Int32Array;
  readonly distinctTagNames: readonly string[];
  readonly tagArtifact: Int32Array;
  readonly tagPushTime: Float64Array;
  readonly tagPullTime: Float64Array;
  /** Harbor's own verdict: 1 immutable, 0 mutable, -1 unknown. */
  readonly tagServerImmutable: Int8Array;
  /** Small table of repeated strings (artifact types and media types). */
  readonly strings: readonly string[];
  readonly counts: { projects: number; repositories: number; artifacts: number; tags: number };
}

function toTime(iso: string | null): number {
  return iso === null ? NaN : Date.parse(iso);
}

function fromTime(ms: number): string | null {
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Growable typed column. */
class Column<T extends Float64Array | Int32Array | Int8Array> {
  private data: T;
  length = 0;

  constructor(private readonly make: (size: number) => T, capacity = 1024) {
    this.data = make(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** Forget everything from `length` on (a streaming reader rolling back). */
  truncate(length: number): void {
    this.length = length;
  }

  /** The filled part, trimmed to size. */
  finish(): T {
    return this.data.slice(0, this.length) as T;
  }
}

const f64 = (n: number) => new Float64Array(n);
const i32 = (n: number) => new Int32Array(n);
const i8 = (n: number) => new Int8Array(n);

/** How far a builder had got: a streaming reader rolls back to it when a key repeats (JSON keeps the last). */
export interface BuilderMark {
  readonly projects: number;
  readonly repositories: number;
  readonly artifacts: number;
  readonly references: number;
  readonly tags: number;
  readonly distinctTagNames: number;
  readonly strings: number;
}

export class SnapshotIndexBuilder {
  private readonly projects: IndexedProject[] = [];
  private readonly repositoryNames: string[] = [];
  private readonly repositoryProject = new Column(i32);
  private readonly repositoryArtifactStart = new Column(i32);
  private readonly artifactDigests = new PackedDigests();
  private readonly artifactRepository = new Column(i32);
  private readonly artifactTagStart = new Column(i32);
  private readonly artifactType = new Column(i32);
  private readonly artifactMediaType = new Column(i32);
  private readonly artifactSize = new Column(f64);
  private readonly artifactPushTime = new Column(f64);
  private readonly artifactPullTime = new Column(f64);
  private readonly artifactReferenceStart = new Column(i32);
  private readonly references = new PackedDigests();
  private readonly tagNames: string[] = [];
  private readonly tagNameIds = new Column(i32);
  /**
   * Every tag name looked up so far, by id. `build` keeps those the tags use, numbered in the order they
   * use them: a reader may have looked a name up for a tag it then dropped (a duplicate key, a
   * rolled-back part).
   */
  private readonly tagNameTable = new NameTable();
  private readonly tagArtifact = new Column(i32);
  private readonly tagPushTime = new Column(f64);
  private readonly tagPullTime = new Column(f64);
  private readonly tagServerImmutable = new Column(i8);
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();

  constructor(private meta: SnapshotMeta) {}

  /** The registry and time, when a reader learns them only after the projects. */
  setMeta(meta: SnapshotMeta): void {
    this.meta = meta;
  }

  addProject(project: IndexedProject): number {
    this.projects.push({
      name: project.name,
      id: project.id,
      rules: project.rules,
      // Absent means "not recorded": kept absent, so a saved snapshot says what its source said.
      ...(project.proxyCache !== undefined ? { proxyCache: project.proxyCache } : {}),
      ...(project.replication !== undefined ? { replication: project.replication } : {}),
      ...(project.retention !== undefined ? { retention: project.retention } : {}),
    });
    return this.projects.length - 1;
  }

  /** Add one repository of the last added project, with all its artifacts. */
  addRepository(repository: SnapshotRepository): void {
    const r = this.appendRepository(repository.name);
    for (const artifact of repository.artifacts) this.addArtifact(r, artifact);
  }

  // The appends below are for readers that fill the columns straight from a file (snapshot-reader.ts):
  // each artifact whole, its references and tags right after it.

  /** Replace a project added earlier (its fields may come after its repositories in a file). */
  setProject(index: number, project: IndexedProject): void {
    this.addProject(project);
    this.projects[index] = this.projects.pop()!;
  }

  /** A repository of the last added project, without artifacts yet; its index. */
  appendRepository(name: string): number {
    const project = this.projects.length - 1;
    if (project < 0) throw new Error('add a project before its repositories');
    this.repositoryNames.push(name);
    this.repositoryProject.push(project);
    this.repositoryArtifactStart.push(this.artifactDigests.length);
    return this.repositoryNames.length - 1;
  }

  setRepositoryName(repository: number, name: string): void {
    this.repositoryNames[repository] = name;
  }

  /** An artifact of `repository`; `digest` as text or as the 32 bytes of a sha256 digest. Its index. */
  appendArtifact(repository: number, digest: string | Uint8Array, type: string | null, mediaType: string | null, size: number | null, pushTime: number, pullTime: number): number {
    const a = this.artifactDigests.length;
    if (typeof digest === 'string') this.artifactDigests.push(digest);
    else this.artifactDigests.pushSha256(digest);
    this.artifactRepository.push(repository);
    this.artifactTagStart.push(this.tagNames.length);
    this.artifactType.push(this.intern(type));
    this.artifactMediaType.push(this.intern(mediaType));
    this.artifactSize.push(size ?? NaN);
    this.artifactPushTime.push(pushTime);
    this.artifactPullTime.push(pullTime);
    this.artifactReferenceStart.push(this.references.length);
    return a;
  }

  /** A child manifest of the last appended artifact: its digest as text or as 32 sha256 bytes at `offset`. */
  appendReference(digest: string | Uint8Array, offset = 0): void {
    if (typeof digest === 'string') this.references.push(digest);
    else this.references.pushSha256(digest, offset);
  }

  /** A tag of the last appended artifact (`artifact`); `immutable` 1, 0 or -1 for unknown. */
  appendTag(artifact: number, name: string, pushTime: number, pullTime: number, immutable: number): void {
    this.appendTagById(artifact, this.tagNameTable.idOfText(name), pushTime, pullTime, immutable);
  }

  /** The id of the tag name whose UTF-8 bytes are buf[start, end) (name-table.ts), for `appendTagById`. */
  tagNameId(buf: Uint8Array, start: number, end: number, text: () => string): number {
    return this.tagNameTable.idOf(buf, start, end, text);
  }

  /** The id of a tag name given as text, for `appendTagById`. */
  tagNameIdOfText(name: string): number {
    return this.tagNameTable.idOfText(name);
  }

  /** The tag name of an id. */
  tagName(id: number): string {
    return this.tagNameTable.names[id]!;
  }

  /** Distinct tag names so far: ids are below it. */
  get distinctTagNameCount(): number {
    return this.tagNameTable.count;
  }

  /** As appendTag, with the name's id. */
  appendTagById(artifact: number, id: number, pushTime: number, pullTime: number, immutable: number): void {
    // The kept string: a repeated name is then held once, whatever the reader made of it.
    this.tagNames.push(this.tagNameTable.names[id]!);
    this.tagNameIds.push(id);
    this.tagArtifact.push(artifact);
    this.tagPushTime.push(pushTime);
    this.tagPullTime.push(pullTime);
    this.tagServerImmutable.push(immutable);
  }

  /** The distinct names the tags use, numbered in the order tags first use them (`ids` renumbered to match). */
  private distinctTagNamesFor(ids: Int32Array): string[] {
    const table = this.tagNameTable;
    const renumbered = new Int32Array(table.count).fill(-1);
    const names: string[] = [];
    for (let t = 0; t < ids.length; t++) {
      let id = renumbered[ids[t]!]!;
      if (id < 0) {
        id = names.length;
        renumbered[ids[t]!] = id;
        names.push(table.names[ids[t]!]!);
      }
      ids[t] = id;
    }
    return names;
  }

  /** The digest of an artifact appended earlier. */
  artifactDigest(artifact: number): string {
    return this.artifactDigests.get(artifact);
  }

  get counts(): { projects: number; repositories: number; artifacts: number; tags: number } {
    return { projects: this.projects.length, repositories: this.repositoryNames.length, artifacts: this.artifactDigests.length, tags: this.tagNames.length };
  }

  mark(): BuilderMark {
    return {
      projects: this.projects.length,
      repositories: this.repositoryNames.length,
      artifacts: this.artifactDigests.length,
      references: this.references.length,
      tags: this.tagNames.length,
      distinctTagNames: this.tagNameTable.count,
      strings: this.strings.length,
    };
  }

  /** Forget everything added after `mark`, as if it had never been added. */
  rollback(mark: BuilderMark): void {
    this.projects.length = mark.projects;
    this.repositoryNames.length = mark.repositories;
    this.repositoryProject.truncate(mark.repositories);
    this.repositoryArtifactStart.truncate(mark.repositories);
    this.artifactDigests.truncate(mark.artifacts);
    for (const column of [this.artifactRepository, this.artifactTagStart, this.artifactType, this.artifactMediaType, this.artifactSize, this.artifactPushTime, this.artifactPullTime, this.artifactReferenceStart]) {
      column.truncate(mark.artifacts);
    }
    this.references.truncate(mark.references);
    this.tagNames.length = mark.tags;
    for (const column of [this.tagNameIds, this.tagArtifact, this.tagPushTime, this.tagPullTime, this.tagServerImmutable]) column.truncate(mark.tags);
    this.tagNameTable.truncate(mark.distinctTagNames);
    for (const value of this.strings.splice(mark.strings)) this.stringIds.delete(value);
  }

  private intern(value: string | null): number {
    if (value === null) return -1;
    let id = this.stringIds.get(value);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(value);
      this.stringIds.set(value, id);
    }
    return id;
  }

  private addArtifact(repository: number, artifact: SnapshotArtifact): void {
    const a = this.appendArtifact(repository, artifact.digest, artifact.type, artifact.mediaType, artifact.size, toTime(artifact.pushTime), toTime(artifact.pullTime));
    for (const reference of artifact.references) this.references.push(reference);
    for (const tag of artifact.tags) {
      this.appendTag(a, tag.name, toTime(tag.pushTime), toTime(tag.pullTime), tag.immutable === null ? -1 : tag.immutable ? 1 : 0);
    }
  }

  build(): SnapshotIndex {
    const tagNameIds = this.tagNameIds.finish();
    const distinctTagNames = this.distinctTagNamesFor(tagNameIds);
    this.repositoryArtifactStart.push(this.artifactDigests.length);
    this.artifactTagStart.push(this.tagNames.length);
    this.artifactReferenceStart.push(this.references.length);
    return {
      meta: this.meta,
      projects: this.projects,
      repositoryNames: this.repositoryNames,
      repositoryProject: this.repositoryProject.finish(),
      repositoryArtifactStart: this.repositoryArtifactStart.finish(),
      artifactDigests: this.artifactDigests.trim(),
      artifactRepository: this.artifactRepository.finish(),
      artifactTagStart: this.artifactTagStart.finish(),
      artifactType: this.artifactType.finish(),
      artifactMediaType: this.artifactMediaType.finish(),
      artifactSize: this.artifactSize.finish(),
      artifactPushTime: this.artifactPushTime.finish(),
      artifactPullTime: this.artifactPullTime.finish(),
      artifactReferenceStart: this.artifactReferenceStart.finish(),
      references: this.references.trim(),
      tagNames: this.tagNames,
      tagNameIds,
      distinctTagNames,
      tagArtifact: this.tagArtifact.finish(),
      tagPushTime: this.tagPushTime.finish(),
      tagPullTime: this.tagPullTime.finish(),
      tagServerImmutable: this.tagServerImmutable.finish(),
      strings: this.strings,
      counts: {
        projects: this.projects.length,
        repositories: this.repositoryNames.length,
        artifacts: this.artifactDigests.length,
        tags: this.tagNames.length,
      },
    };
  }
}

export function metaOf(snapshot: Snapshot): SnapshotMeta {
  return {
    fetchedAt: snapshot.fetchedAt,
    registry: snapshot.registry,
    ...(snapshot.description !== undefined ? { description: snapshot.description } : {}),
  };
}

export function buildSnapshotIndex(snapshot: Snapshot): SnapshotIndex {
  const builder = new SnapshotIndexBuilder(metaOf(snapshot));
  for (const project of snapshot.projects) {
    builder.addProject(project);
    for (const repository of project.repositories) builder.addRepository(repository);
  }
  return builder.build();
}

export function projectNameOfRepository(index: SnapshotIndex, repository: number): string {
  return index.projects[index.repositoryProject[repository]!]!.name;
}

/** The tag names of one artifact (a fresh array). */
export function artifactTagNames(index: SnapshotIndex, artifact: number): string[] {
  return index.tagNames.slice(index.artifactTagStart[artifact]!, index.artifactTagStart[artifact + 1]!);
}

/** Harbor's own verdict on a tag, when the snapshot recorded it. */
export function tagServerVerdict(index: SnapshotIndex, tag: number): boolean | null {
  const value = index.tagServerImmutable[tag]!;
  return value < 0 ? null : value === 1;
}

/** One artifact as a plain object (for details views and saving). */
export function artifactData(index: SnapshotIndex, a: number): SnapshotArtifact {
  const tags = [];
  for (let t = index.artifactTagStart[a]!; t < index.artifactTagStart[a + 1]!; t++) {
    tags.push({
      name: index.tagNames[t]!,
      pushTime: fromTime(index.tagPushTime[t]!),
      pullTime: fromTime(index.tagPullTime[t]!),
      immutable: tagServerVerdict(index, t),
    });
  }
  const type = index.artifactType[a]!;
  const mediaType = index.artifactMediaType[a]!;
  const size = index.artifactSize[a]!;
  return {
    digest: index.artifactDigests.get(a),
    type: type < 0 ? null : index.strings[type]!,
    mediaType: mediaType < 0 ? null : index.strings[mediaType]!,
    size: Number.isNaN(size) ? null : size,
    pushTime: fromTime(index.artifactPushTime[a]!),
    pullTime: fromTime(index.artifactPullTime[a]!),
    references: index.references.slice(index.artifactReferenceStart[a]!, index.artifactReferenceStart[a + 1]!),
    tags,
  };
}

/** The whole snapshot as plain objects again, e.g. to save it. */
export function toSnapshot(index: SnapshotIndex): Snapshot {
  const projects: SnapshotProject[] = index.projects.map((p) => ({ ...p, repositories: [] }));
  for (let r = 0; r < index.counts.repositories; r++) {
    const artifacts: SnapshotArtifact[] = [];
    for (let a = index.repositoryArtifactStart[r]!; a < index.repositoryArtifactStart[r + 1]!; a++) artifacts.push(artifactData(index, a));
    projects[index.repositoryProject[r]!]!.repositories.push({ name: index.repositoryNames[r]!, artifacts });
  }
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, ...index.meta, projects };
}

