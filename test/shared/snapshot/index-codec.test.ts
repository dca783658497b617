// The binary form of a SnapshotIndex a page receives: it decodes to exactly the index buildSnapshotIndex
// builds, and a damaged or cut buffer is refused with DamagedIndexError, never half-read.
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import { SeededRandom } from '../../../shared/demo/random.js';
import { DamagedIndexError, INDEX_ENCODING_VERSION, decodeSnapshotIndex, decodeSnapshotIndexSteps, encodeSnapshotIndex, isCurrentIndexEncoding } from '../../../shared/snapshot/index-codec.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { largeSnapshot } from '../../support/large-snapshot.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

/** The index as plain data (digests as text): PackedDigests' spare capacity is no difference. */
function plain(index: SnapshotIndex) {
  return {
    ...index,
    artifactDigests: index.artifactDigests.slice(0, index.artifactDigests.length),
    references: index.references.slice(0, index.references.length),
  };
}

function expectRoundTrip(index: SnapshotIndex): void {
  const decoded = decodeSnapshotIndex(encodeSnapshotIndex(index));
  const got = plain(decoded);
  const want = plain(index);
  // node's comparison first: vitest's walks large typed arrays slowly; it only words a difference.
  if (!isDeepStrictEqual(got, want)) expect(got).toEqual(want);
}

const odd = () =>
  snapshotOf(
    {
      app: [artifact(['v1', 'latest']), artifact(['v2'], { references: [`sha256:${'ab'.repeat(32)}`, 'sha512:not-a-sha256'], size: null, type: null, mediaType: null })],
      'team/é😀': [artifact([]), artifact(['v1', 'ü-ß-😀'], { digest: 'sha384:something-else', pushTime: null, pullTime: '2026-02-01T00:00:00.123Z' })],
      empty: [],
    },
    [wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])],
  );

describe('snapshot index encoding', () => {
  it('decodes to exactly the index buildSnapshotIndex builds', () => {
    expectRoundTrip(buildSnapshotIndex(odd()));
    expectRoundTrip(buildSnapshotIndex(demoSnapshot()));
    expectRoundTrip(buildSnapshotIndex(largeSnapshot()));
    expectRoundTrip(buildSnapshotIndex({ ...odd(), projects: [] }));
  });

  it('decodes from shared memory (a page and its worker holding one copy) to the same index, and refuses it damaged', () => {
    const index = buildSnapshotIndex(odd());
    const encoded = encodeSnapshotIndex(index);
    const shared = new SharedArrayBuffer(encoded.byteLength);
    new Uint8Array(shared).set(new Uint8Array(encoded));
    for (const copy of [false, true]) {
      const decoded = decodeSnapshotIndex(shared, { copy });
      if (!isDeepStrictEqual(plain(decoded), plain(index))) expect(plain(decoded)).toEqual(plain(index));
      // Views share the memory; copies do not.
      expect(Object.prototype.toString.call(decoded.tagNameIds.buffer)).toBe(copy ? '[object ArrayBuffer]' : '[object SharedArrayBuffer]');
    }
    const cut = new SharedArrayBuffer(encoded.byteLength - 8);
    new Uint8Array(cut).set(new Uint8Array(encoded, 0, cut.byteLength));
    expect(() => decodeSnapshotIndex(cut)).toThrow(DamagedIndexError);
  });

  it('decodes in steps to the same index', () => {
    const index = buildSnapshotIndex(largeSnapshot());
    const steps = decodeSnapshotIndexSteps(encodeSnapshotIndex(index));
    let count = 0;
    let step = steps.next();
    while (!step.done) {
      count++;
      step = steps.next();
    }
    expect(count).toBeGreaterThan(3);
    expect(isDeepStrictEqual(plain(step.value), plain(index))).toBe(true);
  });

  it('holds each tag name once, however many tags bear it, and gives every tag its own name back', () => {
    const index = buildSnapshotIndex(largeSnapshot());
    // Names shared across repositories (latest, main, v1.0.0) make the list of distinct names shorter.
    expect(index.distinctTagNames.length).toBe(new Set(index.tagNames).size);
    expect(index.distinctTagNames.length).toBeLessThan(index.counts.tags);
    const decoded = decodeSnapshotIndex(encodeSnapshotIndex(index));
    expect(decoded.distinctTagNames).toEqual(index.distinctTagNames);
    for (let t = 0; t < decoded.counts.tags; t++) {
      if (decoded.tagNames[t] !== decoded.distinctTagNames[decoded.tagNameIds[t]!]) throw new Error(`tag ${t} lost its name`);
    }
    // Its bytes hold the distinct names' text, not every tag's: a name repeated a thousand times adds no text.
    const one = buildSnapshotIndex(snapshotOf({ app: Array.from({ length: 1000 }, (_, i) => artifact([`same-name-for-all`, `own-${i}`])) }));
    const text = new TextDecoder().decode(encodeSnapshotIndex(one));
    expect(text.split('same-name-for-all').length - 1).toBe(1);
  });

  it('refuses a tag whose name number points past the distinct names', () => {
    const index = buildSnapshotIndex(odd());
    const wrong = { ...index, tagNameIds: index.tagNameIds.map((id, t) => (t === 2 ? index.distinctTagNames.length : id)) };
    expect(() => decodeSnapshotIndex(encodeSnapshotIndex(wrong))).toThrow(/the name of tag 2 points to/);
    const negative = { ...index, tagNameIds: index.tagNameIds.map((id, t) => (t === 0 ? -1 : id)) };
    expect(() => decodeSnapshotIndex(encodeSnapshotIndex(negative))).toThrow(/the name of tag 0 points to -1/);
  });

  it('refuses an encoding of the earlier format (every tag name stored), which a host then builds again', () => {
    const buffer = encodeSnapshotIndex(buildSnapshotIndex(odd()));
    new DataView(buffer).setUint32(4, INDEX_ENCODING_VERSION - 1, true);
    expect(isCurrentIndexEncoding(new Uint8Array(buffer))).toBe(false);
    expect(() => decodeSnapshotIndex(buffer)).toThrow(new RegExp(`format version is ${INDEX_ENCODING_VERSION - 1}, this Taglock reads ${INDEX_ENCODING_VERSION}`));
  });

  it('refuses a buffer cut anywhere or lengthened', () => {
    const buffer = encodeSnapshotIndex(buildSnapshotIndex(odd()));
    for (const length of [0, 3, 11, 12, 40, buffer.byteLength >> 1, buffer.byteLength - 1]) {
      expect(() => decodeSnapshotIndex(buffer.slice(0, length)), `cut at ${length}`).toThrow(DamagedIndexError);
    }
    const longer = new Uint8Array(buffer.byteLength + 8);
    longer.set(new Uint8Array(buffer));
    expect(() => decodeSnapshotIndex(longer.buffer)).toThrow(DamagedIndexError);
  });

  it('refuses damaged bytes, whichever part they fall in, or decodes what is still consistent', () => {
    const index = buildSnapshotIndex(odd());
    const buffer = encodeSnapshotIndex(index);
    const random = new SeededRandom(3);
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      const bytes = new Uint8Array(buffer.slice(0));
      const at = random.int(bytes.length);
      bytes[at] = bytes[at]! ^ (1 + random.int(255));
      try {
        const decoded = decodeSnapshotIndex(bytes.buffer);
        // What gets through must still hold together: every range inside its columns.
        expect(decoded.artifactTagStart.at(-1)).toBe(decoded.counts.tags);
        expect(decoded.tagNames.length).toBe(decoded.counts.tags);
      } catch (error) {
        if (!(error instanceof DamagedIndexError)) throw error;
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });

  it('names what is wrong: the start, the version, counts that disagree with the length, indexes out of range', () => {
    const buffer = encodeSnapshotIndex(buildSnapshotIndex(odd()));
    const set = (offset: number, value: number) => {
      const copy = buffer.slice(0);
      new DataView(copy).setUint32(offset, value, true);
      return copy;
    };
    expect(() => decodeSnapshotIndex(set(0, 0))).toThrow(/does not start as a Taglock snapshot index/);
    expect(() => decodeSnapshotIndex(set(4, 99))).toThrow(/format version is 99/);
    expect(() => decodeSnapshotIndex(set(8, 0xffffffff))).toThrow(/cut off inside its head/);
    // A tag pointing at another artifact than the one listing it.
    const index = buildSnapshotIndex(odd());
    const wrong = { ...index, tagArtifact: index.tagArtifact.map((a) => a + 1) };
    expect(() => decodeSnapshotIndex(encodeSnapshotIndex(wrong))).toThrow(/tag 0 is not in the group that lists it/);
    const badType = { ...index, artifactType: index.artifactType.map(() => 7) };
    expect(() => decodeSnapshotIndex(encodeSnapshotIndex(badType))).toThrow(/outside \[-1, /);
  });
});
