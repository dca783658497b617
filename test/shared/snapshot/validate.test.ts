import { describe, expect, it } from 'vitest';
import { parseSnapshot, SnapshotFormatError, validateSnapshot } from '../../../shared/snapshot/validate.js';
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

function withChange(change: (s: any) => void): unknown {
  const s = JSON.parse(JSON.stringify(snapshotOf({ app: [artifact(['v1'])] }, [wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])])));
  change(s);
  return s;
}

describe('snapshot format', () => {
  it('accepts a valid snapshot and the demo, unchanged by a round trip', () => {
    const demo = demoSnapshot();
    expect(parseSnapshot(JSON.stringify(demo))).toEqual(demo);
  });

  it('fills optional fields with null', () => {
    const s = validateSnapshot(
      withChange((s) => {
        delete s.projects[0].repositories[0].artifacts[0].size;
        delete s.projects[0].repositories[0].artifacts[0].tags[0].immutable;
        delete s.projects[0].rules;
      }),
    );
    expect(s.projects[0]!.repositories[0]!.artifacts[0]!.size).toBeNull();
    expect(s.projects[0]!.repositories[0]!.artifacts[0]!.tags[0]!.immutable).toBeNull();
    expect(s.projects[0]!.rules).toBeNull();
  });

  it.each([
    [(s: any) => (s.format = 'other'), 'format: expected "taglock-snapshot"'],
    [(s: any) => (s.version = 2), 'version: this Taglock reads snapshot version 1'],
    [(s: any) => (s.registry.kind = 'quay'), 'registry.kind: expected "harbor" or "oci"'],
    [(s: any) => (s.registry.dialect = 'v2'), 'registry.dialect'],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].digest = 'abc'), 'projects[0].repositories[0].artifacts[0].digest: expected a digest'],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].tags[0].name = 7), 'projects[0].repositories[0].artifacts[0].tags[0].name: expected a string'],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].pushTime = 'yesterday'), 'artifacts[0].pushTime: expected an ISO 8601 time'],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].size = -1), 'artifacts[0].size'],
    [(s: any) => (s.projects[0].repositories = {}), 'projects[0].repositories: expected a list'],
    [(s: any) => (s.projects[0].rules[0].tag_selectors = 'x'), 'projects[0].rules[0].tag_selectors: expected a list of selectors'],
    [(s: any) => (s.fetchedAt = undefined), 'fetchedAt: expected an ISO 8601 time'],
  ])('names the bad field (%#)', (change, message) => {
    let error: unknown;
    try {
      validateSnapshot(withChange(change));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SnapshotFormatError);
    expect((error as Error).message).toContain(message);
  });

  it('refuses text that is not JSON with a message, not a crash', () => {
    expect(() => parseSnapshot('{"format": ')).toThrow(/not valid JSON/);
    expect(() => parseSnapshot('[]')).toThrow(/expected an object/);
  });
});

describe('compact in-memory form', () => {
  it('gives back exactly the snapshot it was built from', async () => {
    const { buildSnapshotIndex, toSnapshot } = await import('../../../shared/snapshot/snapshot-index.js');
    const demo = demoSnapshot();
    // Times come back in one canonical ISO form; the demo already uses it.
    expect(toSnapshot(buildSnapshotIndex(demo))).toEqual(demo);
  });

  it('keeps digests of any shape', async () => {
    const { PackedDigests } = await import('../../../shared/snapshot/packed-digests.js');
    const packed = new PackedDigests(1);
    const sha = `sha256:${'0123456789abcdef'.repeat(4)}`;
    const odd = ['sha512:abc', 'sha256:ABC', sha.toUpperCase().replace('SHA256', 'sha256')];
    for (const d of [sha, ...odd, sha]) packed.push(d);
    expect(packed.trim().slice(0, 5)).toEqual([sha, ...odd, sha]);
    expect(() => packed.get(5)).toThrow(RangeError);
  });
});
