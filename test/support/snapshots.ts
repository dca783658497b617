// Test helper (pure): small hand-written snapshots.
import type { WireRule } from '../../shared/rules/wire.js';
import type { Snapshot, SnapshotArtifact } from '../../shared/snapshot/schema.js';

let counter = 0;
export function artifact(tags: string[], extra: Partial<SnapshotArtifact> = {}): SnapshotArtifact {
  counter++;
  return {
    digest: `sha256:${counter.toString(16).padStart(64, '0')}`,
    type: 'IMAGE',
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    size: 1000 * counter,
    pushTime: '2026-01-01T00:00:00Z',
    pullTime: null,
    references: [],
    tags: tags.map((name) => ({ name, pushTime: '2026-01-01T00:00:00Z', pullTime: null, immutable: null })),
    ...extra,
  };
}

export function snapshotOf(repositories: Record<string, SnapshotArtifact[]>, rules: WireRule[] | null = null, project = 'library'): Snapshot {
  return {
    format: 'taglock-snapshot',
    version: 1,
    fetchedAt: '2026-11-01T00:00:00Z',
    registry: { url: 'https://harbor.example.test', kind: 'harbor', harborVersion: 'v2.15.2', dialect: 'v1.3.4' },
    projects: [{ name: project, id: 1, rules, repositories: Object.entries(repositories).map(([name, artifacts]) => ({ name, artifacts })) }],
  };
}

export function wireRule(id: number | undefined, repo: [string, string], tag: [string, string], disabled = false): WireRule {
  return {
    ...(id === undefined ? {} : { id }),
    disabled,
    priority: 0,
    action: 'immutable',
    template: 'immutable_template',
    tag_selectors: [{ kind: 'doublestar', decoration: tag[0], pattern: tag[1] }],
    scope_selectors: { repository: [{ kind: 'doublestar', decoration: repo[0], pattern: repo[1] }] },
  };
}
