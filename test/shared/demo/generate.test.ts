import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import { generateSnapshot } from '../../../shared/demo/generate.js';
import type { Snapshot, SnapshotRepository } from '../../../shared/snapshot/schema.js';
import { validateSnapshot } from '../../../shared/snapshot/validate.js';

/** Tag names held by more than one artifact (or twice by one) in a repository. */
function repeatedTags(repository: SnapshotRepository): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const artifact of repository.artifacts) {
    for (const tag of artifact.tags) {
      if (seen.has(tag.name)) repeated.push(tag.name);
      seen.add(tag.name);
    }
  }
  return repeated;
}

const generated: [string, Snapshot][] = [
  ['the demo', demoSnapshot()],
  ...[1, 7, 42, 20261101].map((seed): [string, Snapshot] => [
    `seed ${seed}`,
    generateSnapshot({ seed, projects: [{ name: 'p', repositories: ['a', 'team/b', 'charts/c', 'd'], rules: null }], tagsPerRepository: 400 }),
  ]),
];

describe('generated snapshots', () => {
  it.each(generated)('%s holds each tag name once per repository, as a registry does', (_, snapshot) => {
    const repositories = snapshot.projects.flatMap((p) => p.repositories);
    expect(repositories.map((r) => [r.name, repeatedTags(r)])).toEqual(repositories.map((r) => [r.name, []]));
    expect(() => validateSnapshot(snapshot)).not.toThrow();
  });

  it.each(generated)('%s moves a re-pushed tag: it sits on the newest artifact that received it', (_, snapshot) => {
    let checked = 0;
    for (const repository of snapshot.projects.flatMap((p) => p.repositories)) {
      // Every CI build of main is pushed with a sha- tag and takes `main` along.
      const builds = repository.artifacts.filter((a) => a.tags.some((t) => t.name.startsWith('sha-')));
      if (builds.length < 2) continue;
      const newest = builds.reduce((a, b) => (Date.parse(b.pushTime!) > Date.parse(a.pushTime!) ? b : a));
      const holder = repository.artifacts.filter((a) => a.tags.some((t) => t.name === 'main'));
      expect(holder, repository.name).toEqual([newest]);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('gives the demo the figures the README quotes', () => {
    const demo = demoSnapshot();
    const repositories = demo.projects.flatMap((p) => p.repositories);
    const artifacts = repositories.flatMap((r) => r.artifacts);
    expect([demo.projects.map((p) => p.name), repositories.length, artifacts.length, artifacts.reduce((n, a) => n + a.tags.length, 0)]).toEqual([['shop'], 36, 3093, 3563]);
  });

  it('leaves the demo with untagged artifacts a moved tag left behind, and tags shared by one digest', () => {
    const artifacts = demoSnapshot().projects.flatMap((p) => p.repositories.flatMap((r) => r.artifacts));
    expect(artifacts.filter((a) => a.tags.length === 0).length).toBeGreaterThan(50);
    expect(artifacts.filter((a) => a.tags.length >= 3).length).toBeGreaterThan(50);
  });
});
