// The snapshot store on a real folder: saves, imports and deletes at the same time lose no entry, and the
// encoding kept beside a snapshot is made again when it is of an earlier format.
import { mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../../../electron/services/snapshots/snapshot-store.js';
import { INDEX_ENCODING_VERSION, decodeSnapshotIndex, isCurrentIndexEncoding } from '../../../../shared/snapshot/index-codec.js';
import { buildSnapshotIndex } from '../../../../shared/snapshot/snapshot-index.js';
import { artifact, snapshotOf } from '../../../support/snapshots.js';

describe('snapshot store', () => {
  it('encodes the demo once, warmed up or on first use, and gives every caller bytes of its own', async () => {
    const store = new SnapshotStore(mkdtempSync(join(tmpdir(), 'taglock-snapshots-')));
    store.warmUp();
    const first = await store.loadEncodedIndex('demo');
    const expected = new Uint8Array(first.slice(0));
    // A caller may hand its bytes on (transferred, they are gone from here): the next caller still gets them all.
    structuredClone(first, { transfer: [first] });
    expect(first.byteLength).toBe(0);
    const second = await store.loadEncodedIndex('demo');
    expect(new Uint8Array(second)).toEqual(expected);
    expect(decodeSnapshotIndex(second).counts.tags).toBe(buildSnapshotIndex(await store.load('demo')).counts.tags);
  });

  it('lists every snapshot when saves, imports and deletes run at once', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'taglock-snapshots-'));
    const store = new SnapshotStore(folder);
    const snapshot = () => snapshotOf({ app: [artifact(['v1'])] });
    const doomed = await store.save(snapshot(), 'doomed');
    const results = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => store.save(snapshot(), `fetch ${i}`)),
      ...Array.from({ length: 4 }, (_, i) => store.import(`import-${i}.json`, JSON.stringify(snapshot()))),
      store.remove(doomed.id),
    ]);
    const listed = (await store.list()).filter((s) => !s.demo).map((s) => s.id).sort();
    const saved = results.flatMap((r) => (r ? [r.id] : [])).sort();
    expect(saved).toHaveLength(12);
    expect(listed).toEqual(saved);
    expect(readdirSync(folder).filter((f) => f.endsWith('.json') && f !== 'catalogue.json')).toHaveLength(12);
  });

  it('makes the kept encoding again when it is of an earlier format, and keeps the new one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'taglock-snapshots-'));
    const store = new SnapshotStore(folder);
    const snapshot = snapshotOf({ app: [artifact(['v1', 'latest']), artifact(['v2'])], web: [artifact(['latest', 'v2'])] });
    const { id } = await store.save(snapshot, 'kept');
    const kept = join(folder, `${id}.index`);
    const current = readFileSync(kept);
    expect(isCurrentIndexEncoding(current)).toBe(true);
    // As an earlier Taglock left it: same magic, an older format number (its layout is not this one's).
    const old = Buffer.from(current);
    old.writeUInt32LE(INDEX_ENCODING_VERSION - 1, 4);
    writeFileSync(kept, old);

    const answered = await store.loadEncodedIndex(id);
    expect(isCurrentIndexEncoding(new Uint8Array(answered))).toBe(true);
    const decoded = decodeSnapshotIndex(answered);
    const expected = buildSnapshotIndex(snapshot);
    expect(decoded.tagNames).toEqual(expected.tagNames);
    expect(decoded.distinctTagNames).toEqual(['v1', 'latest', 'v2']);
    expect(isCurrentIndexEncoding(readFileSync(kept))).toBe(true);
  });

  it('opens a current kept encoding to be streamed, the same bytes loadEncodedIndex answers, and opens none it would have to make again', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'taglock-snapshots-'));
    const store = new SnapshotStore(folder);
    const snapshot = snapshotOf({ app: [artifact(['v1', 'latest']), artifact(['v2'])] });
    const { id } = await store.save(snapshot, 'kept');
    const kept = join(folder, `${id}.index`);
    const streamed = async () => {
      const opened = await store.openEncodedIndex(id);
      if (opened === null) return null;
      const chunks: Buffer[] = [];
      for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
      return { byteLength: opened.byteLength, bytes: Buffer.concat(chunks) };
    };

    const first = await streamed();
    expect(first).not.toBeNull();
    expect(first!.byteLength).toBe(first!.bytes.length);
    expect(first!.bytes.equals(Buffer.from(await store.loadEncodedIndex(id)))).toBe(true);
    expect(decodeSnapshotIndex(new Uint8Array(first!.bytes).buffer).tagNames).toEqual(buildSnapshotIndex(snapshot).tagNames);

    // Of an earlier format: not opened; loadEncodedIndex makes it again, and then it is.
    const old = readFileSync(kept);
    old.writeUInt32LE(INDEX_ENCODING_VERSION - 1, 4);
    writeFileSync(kept, old);
    expect(await store.openEncodedIndex(id)).toBeNull();
    await store.loadEncodedIndex(id);
    expect((await streamed())!.bytes.equals(readFileSync(kept))).toBe(true);

    // Older than the snapshot file beside it: not opened either.
    const past = new Date(Date.now() - 60_000);
    utimesSync(kept, past, past);
    expect(await store.openEncodedIndex(id)).toBeNull();
    // Too short to be an encoding, the demo, and ids of nothing: none.
    writeFileSync(kept, Buffer.from([1, 2, 3]));
    expect(await store.openEncodedIndex(id)).toBeNull();
    expect(await store.openEncodedIndex('demo')).toBeNull();
    expect(await store.openEncodedIndex('00000000-0000-0000-0000-000000000000')).toBeNull();
    expect(await store.openEncodedIndex('../elsewhere')).toBeNull();
  });
});
