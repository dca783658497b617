import { describe, expect, it } from 'vitest';
import { parseSnapshot, SnapshotFormatError, validateSnapshot } from '../../../shared/snapshot/validate.js';
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import { buildSnapshotIndex, toSnapshot } from '../../../shared/snapshot/snapshot-index.js';
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
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].digest = 'sha256:nothex'), 'artifacts[0].digest: expected a sha256 digest of 64 lower-case hex digits, got "sha256:nothex"'],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].digest = `sha256:${'AB'.repeat(32)}`), 'artifacts[0].digest: expected a sha256 digest of 64'],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].digest = `sha256:${'ab'.repeat(32)}0`), 'artifacts[0].digest: expected a sha256 digest of 64'],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].digest = `sha512:${'ab'.repeat(32)}`), 'artifacts[0].digest: expected a sha512 digest of 128 lower-case hex digits'],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].digest = `SHA256:${'ab'.repeat(32)}`), 'artifacts[0].digest: expected a digest like sha256:'],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].digest = 'sha256+:abc'), 'artifacts[0].digest: expected a digest like sha256:'],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].digest = 'blake3:ab/cd'), 'artifacts[0].digest: expected a digest like sha256:'],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].references = ['sha256:abc']), 'artifacts[0].references[0]: expected a sha256 digest of 64'],
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

  it('accepts any digest the OCI grammar allows when its algorithm is not a registered one', () => {
    const digests = [`sha512:${'0f'.repeat(64)}`, 'multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8', 'sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564', 'constructor:abc='];
    for (const digest of digests) {
      const s = validateSnapshot(withChange((s) => (s.projects[0].repositories[0].artifacts[0].digest = digest)));
      expect(s.projects[0]!.repositories[0]!.artifacts[0]!.digest).toBe(digest);
    }
  });

  it('refuses a tag name on two artifacts of one repository, naming the second and where the first is', () => {
    const first = artifact(['v1', 'latest']);
    const second = artifact(['v2', 'latest']);
    const s = snapshotOf({ app: [first, second] });
    expect(() => validateSnapshot(s)).toThrow(
      new SnapshotFormatError('projects[0].repositories[0].artifacts[1].tags[1].name', `tag "latest" is already on artifacts[0] (${first.digest}): a repository holds each tag name once`),
    );
    expect(() => validateSnapshot(snapshotOf({ app: [artifact(['v1', 'v2', 'v1'])] }))).toThrow(
      'projects[0].repositories[0].artifacts[0].tags[2].name: tag "v1" is already on this artifact',
    );
  });

  it('accepts one tag name in several repositories, and names only differing in case', () => {
    const s = snapshotOf({ app: [artifact(['latest', 'v1'])], other: [artifact(['latest', 'V1'])], third: [artifact(['V1']), artifact(['v1'])] });
    expect(validateSnapshot(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('names the first bad field in file order, whether a repeated tag or a bad digest', () => {
    const repeated = snapshotOf({ app: [artifact(['latest']), artifact(['latest']), artifact([], { digest: 'sha256:nothex' })] });
    expect(() => validateSnapshot(repeated)).toThrow(/^projects\[0\]\.repositories\[0\]\.artifacts\[1\]\.tags\[0\]\.name: /);
    const badFirst = snapshotOf({ app: [artifact(['latest']), artifact([], { digest: 'sha256:nothex' }), artifact(['latest'])] });
    expect(() => validateSnapshot(badFirst)).toThrow(/^projects\[0\]\.repositories\[0\]\.artifacts\[1\]\.digest: /);
  });

  it('keeps the mirror fields: absent stays absent (not recorded), null stays null (not a cache, not readable)', () => {
    const mirrored = withChange((s) => {
      s.projects[0].proxyCache = { id: 3, name: 'docker-hub', url: 'https://hub.docker.com', type: 'docker-hub' };
      s.projects[0].replication = [
        { id: 7, name: 'pull', enabled: true, role: 'destination', via: 'namespace', remote: { id: 3, name: null, url: null, type: null }, nameFilter: 'library/**', tagFilter: { pattern: 'v*', decoration: 'excludes' }, trigger: 'scheduled' },
      ];
    });
    expect(validateSnapshot(JSON.parse(JSON.stringify(mirrored)))).toEqual(mirrored);
    const older = validateSnapshot(withChange(() => undefined)).projects[0]!;
    expect('proxyCache' in older || 'replication' in older).toBe(false);
    const unread = validateSnapshot(withChange((s) => Object.assign(s.projects[0], { proxyCache: null, replication: null }))).projects[0]!;
    expect(unread).toMatchObject({ proxyCache: null, replication: null });
    // The compact form and back keep them as they were.
    const back = toSnapshot(buildSnapshotIndex(validateSnapshot(mirrored))).projects[0]!;
    const original = (mirrored as { projects: Array<Record<string, unknown>> }).projects[0]!;
    expect(back.proxyCache).toEqual(original.proxyCache);
    expect(back.replication).toEqual(original.replication);
    expect('proxyCache' in toSnapshot(buildSnapshotIndex(validateSnapshot(withChange(() => undefined)))).projects[0]!).toBe(false);
  });

  it.each([
    [(p: any) => (p.proxyCache = { id: 'x' }), 'projects[0].proxyCache.id: expected a whole number'],
    [(p: any) => (p.proxyCache = 'docker-hub'), 'projects[0].proxyCache: expected an object'],
    [(p: any) => (p.replication = {}), 'projects[0].replication: expected a list'],
    [(p: any) => (p.replication = [{ id: 1, name: 'p', enabled: true, role: 'mirror', via: 'namespace' }]), 'projects[0].replication[0].role: expected "destination" or "source"'],
    [(p: any) => (p.replication = [{ id: 1, name: 'p', enabled: 'yes', role: 'source', via: 'namespace' }]), 'projects[0].replication[0].enabled: expected true or false'],
    [(p: any) => (p.replication = [{ id: 1, name: 'p', enabled: true, role: 'source', via: 'all' }]), 'projects[0].replication[0].via: expected "namespace" or "name-filter" or "unfiltered"'],
    [(p: any) => (p.replication = [{ id: 1, name: 'p', enabled: true, role: 'source', via: 'unfiltered', tagFilter: { pattern: 'v*', decoration: 'keeps' } }]), 'replication[0].tagFilter.decoration: expected "matches" or "excludes"'],
  ])('names a bad mirror field (%#)', (change, message) => {
    expect(() => validateSnapshot(withChange((s) => change(s.projects[0])))).toThrow(message);
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
