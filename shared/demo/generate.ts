// Runs anywhere (pure).
/**
 * Generates realistic registry snapshots: release lines with semver tags and release candidates, CI
 * tags (latest, main, nightly, dev, sha-…, pr-…) that move between builds, several tags on one digest,
 * untagged leftovers, multi-arch indexes and Helm charts. Like a registry, a repository holds each tag
 * name once: pushing a tag again moves it to the new artifact (its push time says when). Deterministic
 * for a given seed; used for the demo snapshot, tests and benchmarks.
 */
import type { WireRule } from '../rules/wire.js';
import type { Snapshot, SnapshotArtifact, SnapshotProject, SnapshotRepository, SnapshotTag } from '../snapshot/schema.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../snapshot/schema.js';
import { dialectForHarborVersion } from '../engine/dialect-for-version.js';
import { SeededRandom } from './random.js';
import type { SnapshotIndex, SnapshotMeta } from '../snapshot/snapshot-index.js';
import { SnapshotIndexBuilder } from '../snapshot/snapshot-index.js';


export interface GenerateOptions {
  seed: number;
  projects: { name: string; repositories: string[]; rules: WireRule[] | null }[];
  /** Roughly how many tags each repository gets. */
  tagsPerRepository: number;
  registryUrl?: string;
  harborVersion?: string | null;
  /** Fetch time, and the end of the push-time range (two years back). */
  fetchedAt?: string;
  description?: string;
}

const DAY = 86_400_000;
const DEFAULT_FETCHED_AT = '2026-11-01T12:00:00Z';
const NEVER_PULLED = null;
const INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
const MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
const CHART_MEDIA_TYPE = 'application/vnd.cncf.helm.config.v1+json';

class RepositoryBuilder {
  private readonly artifacts: SnapshotArtifact[] = [];
  /** Which artifact currently carries a tag, so moving a tag is O(tags of that artifact). */
  private readonly holders = new Map<string, SnapshotArtifact>();
  private tagCount = 0;
  private time: number;

  constructor(
    private readonly random: SeededRandom,
    private readonly end: number,
    start: number,
    private readonly chart: boolean,
  ) {
    this.time = start;
  }

  get tags(): number {
    return this.tagCount;
  }

  /**
   * A new artifact pushed a little after the previous one, carrying the given tags. A tag the
   * repository already has moves here (CI tags follow the newest build, `1.2` the newest patch, a
   * rebuilt release candidate replaces the old one), leaving its old artifact with fewer tags or none.
   */
  push(tagNames: string[], options: { multiArch?: boolean } = {}): SnapshotArtifact {
    for (const name of tagNames) this.untag(name);
    const next = this.time + this.random.int(3 * DAY) + 3_600_000;
    // A long history squeezed into the window still keeps its order: past the last day each push moves a
    // part of the remaining time on, never to the instant of the one before (push times say where a tag moved).
    this.time = next <= this.end - DAY ? next : this.time + Math.max(1, Math.floor((this.end - this.time) / 64));
    const pushTime = new Date(this.time).toISOString();
    const pulled = this.random.chance(0.7);
    const pullTime = pulled ? new Date(this.time + this.random.int(Math.max(1, this.end - this.time))).toISOString() : NEVER_PULLED;
    const multiArch = options.multiArch === true && !this.chart;
    const tags: SnapshotTag[] = tagNames.map((name) => ({ name, pushTime, pullTime, immutable: null }));
    const artifact: SnapshotArtifact = {
      digest: `sha256:${this.random.hex(64)}`,
      type: this.chart ? 'CHART' : 'IMAGE',
      mediaType: this.chart ? CHART_MEDIA_TYPE : multiArch ? INDEX_MEDIA_TYPE : MANIFEST_MEDIA_TYPE,
      size: this.chart ? 4_000 + this.random.int(40_000) : 8_000_000 + this.random.int(400_000_000),
      pushTime,
      pullTime,
      references: multiArch ? [`sha256:${this.random.hex(64)}`, `sha256:${this.random.hex(64)}`] : [],
      tags,
    };
    this.artifacts.push(artifact);
    for (const name of tagNames) this.holders.set(name, artifact);
    this.tagCount += tagNames.length;
    return artifact;
  }

  /** Remove a tag from whichever artifact has it, before it is pushed again. */
  private untag(name: string): void {
    const artifact = this.holders.get(name);
    if (artifact === undefined) return;
    artifact.tags.splice(artifact.tags.findIndex((tag) => tag.name === name), 1);
    this.holders.delete(name);
    this.tagCount--;
  }

  build(name: string): SnapshotRepository {
    return { name, artifacts: this.artifacts };
  }
}

function buildRepository(random: SeededRandom, name: string, targetTags: number, start: number, end: number): SnapshotRepository {
  const chart = name.startsWith('charts/');
  const builder = new RepositoryBuilder(random, end, start, chart);
  const multiArch = !chart && random.chance(0.3);
  let major = 1 + random.int(2);
  let minor = 0;
  let patch = 0;
  let pr = 100 + random.int(400);
  while (builder.tags < targetTags) {
    const roll = random.next();
    if (roll < 0.45) {
      // A CI build of main: sha tag, and main/latest/dev move to it.
      const moving = ['main', ...(random.chance(0.5) ? ['latest'] : []), ...(random.chance(0.2) ? ['dev'] : [])];
      builder.push([`sha-${random.hex(7)}`, ...moving], { multiArch });
    } else if (roll < 0.6) {
      builder.push([`pr-${pr++}`]);
    } else if (roll < 0.68) {
      builder.push(['nightly', `nightly-${new Date(end - random.int(700) * DAY).toISOString().slice(0, 10).replace(/-/g, '')}`]);
    } else if (roll < 0.76) {
      builder.push([`v${major}.${minor}.${patch}-rc${1 + random.int(3)}`]);
      if (random.chance(0.3)) builder.push(['rc', 'test']);
    } else if (roll < 0.95) {
      const version = `v${major}.${minor}.${patch}`;
      const also = random.chance(0.5) ? [`${major}.${minor}.${patch}`, `${major}.${minor}`] : [];
      if (random.chance(0.3)) also.push('stable');
      builder.push([version, ...also], { multiArch });
      patch++;
      if (random.chance(0.25)) {
        minor++;
        patch = 0;
      }
      if (random.chance(0.03)) {
        major++;
        minor = 0;
        patch = 0;
      }
    } else {
      builder.push([]); // an untagged leftover (a build whose tag moved on, or a push by digest)
    }
  }
  return builder.build(name);
}

export interface GeneratedSink {
  project(project: Omit<SnapshotProject, 'repositories'>): void;
  /** One finished repository of the last project; the generator keeps no reference to it. */
  repository(repository: SnapshotRepository): void;
}

/** Registry and time of a generated snapshot. */
export function generatedMeta(options: GenerateOptions): SnapshotMeta {
  const harborVersion = options.harborVersion === undefined ? 'v2.15.2-4c2b1a9e' : options.harborVersion;
  return {
    fetchedAt: options.fetchedAt ?? DEFAULT_FETCHED_AT,
    registry: {
      url: options.registryUrl ?? 'https://registry.example.test',
      kind: 'harbor',
      harborVersion,
      dialect: dialectForHarborVersion(harborVersion),
    },
    ...(options.description ? { description: options.description } : {}),
  };
}

/** Generate repository by repository into a sink (e.g. a SnapshotIndexBuilder), so size is unbounded. */
export function generateInto(options: GenerateOptions, sink: GeneratedSink): void {
  const random = new SeededRandom(options.seed);
  const end = Date.parse(options.fetchedAt ?? DEFAULT_FETCHED_AT);
  const start = end - 730 * DAY;
  options.projects.forEach((project, p) => {
    sink.project({ name: project.name, id: p + 1, rules: project.rules });
    for (const name of project.repositories) {
      const target = Math.max(1, Math.round(options.tagsPerRepository * (0.5 + random.next())));
      sink.repository(buildRepository(random, name, target, start + random.int(365) * DAY, end));
    }
  });
}

export function generateSnapshot(options: GenerateOptions): Snapshot {
  const projects: SnapshotProject[] = [];
  generateInto(options, {
    project: (project) => projects.push({ ...project, repositories: [] }),
    repository: (repository) => projects.at(-1)!.repositories.push(repository),
  });
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, ...generatedMeta(options), projects };
}

/** Generate straight into the compact in-memory form, never holding the whole object tree. */
export function generateSnapshotIndex(options: GenerateOptions): SnapshotIndex {
  const builder = new SnapshotIndexBuilder(generatedMeta(options));
  generateInto(options, { project: (project) => builder.addProject(project), repository: (repository) => builder.addRepository(repository) });
  return builder.build();
}
