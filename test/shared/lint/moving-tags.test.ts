// Moving-tag detection on snapshots built for it: re-pointed tags, version aliases, channel names, none.
import { describe, expect, it } from 'vitest';
import { isChannelTag } from '../../../shared/lint/ci-tags.js';
import { MOVED_AFTER_MS, MOVING_CHANNEL, MOVING_REPOINTED, MOVING_VERSION_ALIAS, aliasTarget, movingReasons, movingTags } from '../../../shared/lint/moving-tags.js';
import type { SnapshotArtifact, SnapshotTag } from '../../../shared/snapshot/schema.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { artifact, snapshotOf } from '../../support/snapshots.js';

const PUSHED = '2026-01-01T00:00:00.000Z';

function tag(name: string, pushTime: string | null = PUSHED): SnapshotTag {
  return { name, pushTime, pullTime: null, immutable: null };
}

function built(tags: SnapshotTag[], pushTime: string | null = PUSHED): SnapshotArtifact {
  return { ...artifact([]), pushTime, tags };
}

/** Reasons per `repository:tag`, only for tags with any. */
function reasonsOf(index: SnapshotIndex): Record<string, string[]> {
  const bits = movingTags(index);
  const out: Record<string, string[]> = {};
  for (let t = 0; t < index.counts.tags; t++) {
    if (bits[t] === 0) continue;
    out[`${index.repositoryNames[index.artifactRepository[index.tagArtifact[t]!]!]}:${index.tagNames[t]}`] = movingReasons(bits[t]!);
  }
  return out;
}

describe('re-pointed tags', () => {
  const later = (ms: number) => new Date(Date.parse(PUSHED) + ms).toISOString();
  const repositories = {
    app: [
      built([tag('v1.4.0'), tag('stable-build', later(60 * 86_400_000)), tag('v1.4.0-signed', later(MOVED_AFTER_MS - 1_000)), tag('hotfix', later(MOVED_AFTER_MS + 1_000)), tag('no-time', null)]),
      built([tag('old-build', later(30 * 86_400_000))], null),
    ],
  };

  it('are tags set on their digest more than the tolerance after the digest was pushed', () => {
    expect(reasonsOf(buildSnapshotIndex(snapshotOf(repositories)))).toEqual({
      'app:stable-build': ['repointed'],
      'app:hotfix': ['repointed'],
    });
  });

  it('are not read in a proxy-cache project, where tags join cached digests when first pulled', () => {
    const snapshot = snapshotOf(repositories);
    snapshot.projects[0]!.proxyCache = { id: 1, name: 'docker-hub', url: 'https://hub.docker.com', type: 'docker-hub' };
    expect(reasonsOf(buildSnapshotIndex(snapshot))).toEqual({});
  });
});

describe('version aliases', () => {
  it('are shorter versions of another tag on the same digest, with the same "v" and suffix', () => {
    const index = buildSnapshotIndex(
      snapshotOf({
        nginx: [
          built([tag('1.27.3'), tag('1.27'), tag('1'), tag('1.27.3-alpine'), tag('1.27-alpine'), tag('3-alpine')]),
          built([tag('1.26.2'), tag('1.25')]),
          built([tag('v2.1.0'), tag('v2'), tag('2.1')]),
          built([tag('1.28')]),
        ],
        other: [built([tag('1.28.0')])],
      }),
    );
    expect(reasonsOf(index)).toEqual({
      'nginx:1.27': ['version-alias'],
      'nginx:1': ['version-alias'],
      'nginx:1.27-alpine': ['version-alias'],
      'nginx:v2': ['version-alias'],
    });
    // The closest longer version is named.
    const target = (name: string) => aliasTarget(index, index.tagNames.indexOf(name));
    expect(target('1')).toBe('1.27');
    expect(target('1.27')).toBe('1.27.3');
    expect(target('v2')).toBe('v2.1.0');
    expect(target('1.27.3')).toBeNull();
  });

  it('finds 3-alpine beside 3.19.1-alpine, not beside 3.19.1', () => {
    const index = buildSnapshotIndex(snapshotOf({ alpine: [built([tag('3.19.1-alpine'), tag('3-alpine')]), built([tag('3.18.0'), tag('3-slim')])] }));
    expect(reasonsOf(index)).toEqual({ 'alpine:3-alpine': ['version-alias'] });
  });
});

describe('channel names', () => {
  it('are channel words alone or joined, and the names CI moves; a commit tag (sha-…) is none', () => {
    for (const name of ['latest', 'stable', 'lts', 'mainline', 'alpine', 'slim', 'stable-alpine', 'mainline-alpine-slim', 'Latest', 'edge', 'nightly', 'pr-12', 'develop']) {
      expect(isChannelTag(name), name).toBe(true);
    }
    for (const name of ['v1.2.3', 'stablex', 'alpine3.19', '1.27-alpine', 'release-2024', 'stable-1.2', 'production', 'sha-1f2e3d4', 'SHA-abc']) {
      expect(isChannelTag(name), name).toBe(false);
    }
  });

  it('combine with the other reasons on one tag', () => {
    const index = buildSnapshotIndex(snapshotOf({ app: [built([tag('1.2.0'), tag('latest', '2026-02-01T00:00:00Z'), tag('1.2', '2026-02-01T00:00:00Z')])] }));
    const bits = movingTags(index);
    expect(bits[index.tagNames.indexOf('latest')]).toBe(MOVING_CHANNEL | MOVING_REPOINTED);
    expect(bits[index.tagNames.indexOf('1.2')]).toBe(MOVING_VERSION_ALIAS | MOVING_REPOINTED);
    expect(bits[index.tagNames.indexOf('1.2.0')]).toBe(0);
  });
});

describe('a snapshot without moving tags', () => {
  it('marks none: one version per digest, all pushed with their digest', () => {
    const index = buildSnapshotIndex(snapshotOf({ app: [built([tag('v1.0.0')]), built([tag('v1.1.0'), tag('sha256-build.sig')]), built([])] }));
    expect(reasonsOf(index)).toEqual({});
  });
});

describe('cost', () => {
  it('stays linear: one digest with 60,000 tags, half of them aliases, in one pass (seconds at most, not the minutes of comparing pairs)', () => {
    const tags: SnapshotTag[] = [];
    for (let i = 0; i < 30_000; i++) tags.push(tag(`${i}.0.1`), tag(`${i}.0`));
    const index = buildSnapshotIndex(snapshotOf({ many: [built(tags)] }));
    const started = performance.now();
    const bits = movingTags(index);
    const elapsed = performance.now() - started;
    expect(bits.filter((b) => b === MOVING_VERSION_ALIAS).length).toBe(30_000);
    expect(bits[index.tagNames.indexOf('29999.0')]).toBe(MOVING_VERSION_ALIAS);
    // Comparing every pair would take 1.8 billion steps (minutes); one pass takes milliseconds on an idle machine.
    expect(elapsed).toBeLessThan(5_000);
    // Kept per index: the second call is the same answer, not a new pass.
    expect(movingTags(index)).toBe(bits);
  });
});
