// Runs in Node.
/**
 * Saved snapshots: one JSON file each in the app's data folder, plus a small catalogue of summaries so
 * the list shows without reading every file. Every write is atomic. The demo snapshot is always there
 * and is never written to disk.
 */
import { randomUUID } from 'node:crypto';
import { access, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { SnapshotSummary } from '../../../shared/contract/api.js';
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import { badInput, TaglockError } from '../../../shared/errors.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { buildSnapshotIndex, toSnapshot } from '../../../shared/snapshot/snapshot-index.js';
import { encodeSnapshotIndex, isCurrentIndexEncoding } from '../../../shared/snapshot/index-codec.js';
import { parseSnapshot, SnapshotFormatError } from '../../../shared/snapshot/validate.js';
import { readSnapshotIndexFile } from './snapshot-file.js';
import { writeFileAtomic } from '../files/json-file.js';
import { summarizeSnapshot, summarizeSnapshotIndex } from '../../../shared/snapshot/summary.js';

export const DEMO_SNAPSHOT_ID = 'demo';
const CATALOGUE = 'catalogue.json';
const ID = /^[0-9a-f-]{36}$/;
/** Beside `<id>.json`: its compact form, encoded (loadEncodedIndex). */
const ENCODED_INDEX_SUFFIX = '.index';
/** A bound on what one upload may write to disk (a 5,000,000-tag snapshot is about 1.8 GiB). */
const MAX_IMPORT_BYTES = 16 * 2 ** 30;
/** Node reads at most this much into one buffer (a 5,000,000-tag snapshot is about 1.8 GiB). */
const MAX_EXPORT_BYTES = 2 ** 31 - 1;

/** Read from the kept encoding per step of a stream: large enough that a 100 MB answer is a few dozen writes. */
const STREAM_CHUNK_BYTES = 2 * 2 ** 20;
const INDEX_PREFIX_BYTES = 12;

/** A kept encoding opened for sending as it is read (openEncodedIndex). */
export interface EncodedIndexStream {
  readonly byteLength: number;
  readonly stream: Readable;
}

/** The bytes as an ArrayBuffer of their own (a small Buffer may share a pooled one). */
function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

const summarize = summarizeSnapshot;

export class SnapshotStore {
  private demo: { snapshot: Snapshot; summary: SnapshotSummary } | null = null;
  /** The demo's encoding for a page, made once (each page that opens shows the demo first). */
  private demoEncoding: ArrayBuffer | null = null;
  /** Catalogue changes, one at a time: two saves at once must both be listed. */
  private catalogueQueue: Promise<unknown> = Promise.resolve();

  constructor(readonly folder: string) {}

  private demoEntry() {
    if (this.demo === null) {
      const snapshot = demoSnapshot();
      this.demo = { snapshot, summary: summarize(DEMO_SNAPSHOT_ID, 'Demo: project shop', snapshot, true) };
    }
    return this.demo;
  }

  private encodedDemo(): ArrayBuffer {
    this.demoEncoding ??= encodeSnapshotIndex(buildSnapshotIndex(this.demoEntry().snapshot));
    return this.demoEncoding;
  }

  /**
   * Makes now what a page's first screen asks for first (the demo snapshot, its summary and encoding),
   * for a caller with a moment to spare: a page starting cold otherwise waits for it.
   */
  warmUp(): void {
    this.encodedDemo();
  }

  private async catalogue(): Promise<SnapshotSummary[]> {
    try {
      const value = JSON.parse(await readFile(join(this.folder, CATALOGUE), 'utf8')) as unknown;
      return Array.isArray(value) ? (value as SnapshotSummary[]) : [];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new TaglockError('internal', `the snapshot catalogue in ${this.folder} is damaged: ${(error as Error).message}`);
    }
  }

  /** Reads, changes and writes the catalogue, after every change queued before it. */
  private changeCatalogue(change: (entries: SnapshotSummary[]) => SnapshotSummary[]): Promise<void> {
    const next = this.catalogueQueue.then(async () => {
      await mkdir(this.folder, { recursive: true, mode: 0o700 });
      await writeFileAtomic(join(this.folder, CATALOGUE), JSON.stringify(change(await this.catalogue()), null, 1));
    });
    this.catalogueQueue = next.catch(() => undefined);
    return next;
  }

  /** Demo first, then the newest fetch first. */
  async list(): Promise<SnapshotSummary[]> {
    const saved = (await this.catalogue()).sort((a, b) => b.fetchedAt.localeCompare(a.fetchedAt));
    return [this.demoEntry().summary, ...saved];
  }

  async load(id: string): Promise<Snapshot> {
    if (id === DEMO_SNAPSHOT_ID) return this.demoEntry().snapshot;
    return toSnapshot(await this.loadIndex(id));
  }

  /**
   * A saved snapshot in its compact form, read from the file in chunks (no whole-file string, no object
   * tree: files of any size open, in a fraction of the memory).
   */
  async loadIndex(id: string): Promise<SnapshotIndex> {
    if (id === DEMO_SNAPSHOT_ID) return buildSnapshotIndex(this.demoEntry().snapshot);
    if (!ID.test(id)) throw badInput(`no snapshot ${JSON.stringify(id)}`);
    const file = join(this.folder, `${id}.json`);
    try {
      await access(file);
    } catch {
      throw new TaglockError('not-found', 'that snapshot is gone from disk; fetch or import it again');
    }
    return readSnapshotIndexFile(file, 'saved snapshot');
  }

  /**
   * A saved snapshot's compact form encoded for a page (index-codec.ts). Kept beside the JSON file once
   * made: reading a million tags from JSON takes seconds, reading its encoding back a fraction of one.
   * The JSON file stays the snapshot; the encoding is only ever derived from it.
   */
  async loadEncodedIndex(id: string): Promise<ArrayBuffer> {
    if (id === DEMO_SNAPSHOT_ID) return this.encodedDemo().slice(0); // a copy: the caller may hand it on
    if (!ID.test(id)) throw badInput(`no snapshot ${JSON.stringify(id)}`);
    const cached = await this.readEncodedIndex(id);
    if (cached !== null) return cached;
    const encoded = encodeSnapshotIndex(await this.loadIndex(id));
    await this.keepEncodedIndex(id, encoded);
    return encoded;
  }

  /**
   * The kept encoding of a saved snapshot, opened to be sent as it is read: the first bytes leave at once,
   * where reading it whole first would hold the answer back (and 100 MB of the host's memory) while the
   * disk is read. The file is checked as loadEncodedIndex checks it and stays the one opened even if it is
   * replaced meanwhile (replacements are renames). Null whenever loadEncodedIndex has to answer instead:
   * the demo, an unknown id, no kept encoding, or one that is stale or of another format (it rebuilds it).
   */
  async openEncodedIndex(id: string): Promise<EncodedIndexStream | null> {
    if (!ID.test(id)) return null;
    let handle: Awaited<ReturnType<typeof open>> | null = null;
    try {
      handle = await open(this.encodedIndexFile(id), 'r');
      const [json, encoded] = await Promise.all([stat(join(this.folder, `${id}.json`)), handle.stat()]);
      const prefix = new Uint8Array(INDEX_PREFIX_BYTES);
      const { bytesRead } = await handle.read(prefix, 0, INDEX_PREFIX_BYTES, 0);
      if (encoded.mtimeMs < json.mtimeMs || bytesRead < INDEX_PREFIX_BYTES || !isCurrentIndexEncoding(prefix)) {
        await handle.close();
        return null;
      }
      const stream = handle.createReadStream({ start: 0, highWaterMark: STREAM_CHUNK_BYTES });
      return { byteLength: encoded.size, stream };
    } catch {
      await handle?.close().catch(() => undefined);
      return null;
    }
  }

  private encodedIndexFile(id: string): string {
    return join(this.folder, `${id}${ENCODED_INDEX_SUFFIX}`);
  }

  /** The kept encoding, if it is there, of this version and not older than the snapshot file. */
  private async readEncodedIndex(id: string): Promise<ArrayBuffer | null> {
    try {
      const [json, encoded] = await Promise.all([stat(join(this.folder, `${id}.json`)), stat(this.encodedIndexFile(id))]);
      if (encoded.mtimeMs < json.mtimeMs) return null;
      const bytes = await readFile(this.encodedIndexFile(id));
      if (!isCurrentIndexEncoding(bytes)) return null;
      return bufferOf(bytes);
    } catch {
      return null;
    }
  }

  /** Failing to keep it only makes the next opening slower. */
  private async keepEncodedIndex(id: string, encoded: ArrayBuffer): Promise<void> {
    await writeFileAtomic(this.encodedIndexFile(id), new Uint8Array(encoded)).catch(() => undefined);
  }

  async save(snapshot: Snapshot, name: string): Promise<SnapshotSummary> {
    const id = randomUUID();
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    await writeFileAtomic(join(this.folder, `${id}.json`), JSON.stringify(snapshot));
    await this.keepEncodedIndex(id, encodeSnapshotIndex(buildSnapshotIndex(snapshot)));
    const summary = summarize(id, name, snapshot);
    await this.changeCatalogue((entries) => [...entries, summary]);
    return summary;
  }

  /** A snapshot file from elsewhere: validated field by field before anything is stored. */
  async import(fileName: string, text: string): Promise<SnapshotSummary> {
    let snapshot: Snapshot;
    try {
      snapshot = parseSnapshot(text);
    } catch (error) {
      if (error instanceof SnapshotFormatError) throw badInput(`${fileName} is not a usable snapshot: ${error.message}`);
      throw error;
    }
    return this.save(snapshot, fileName.replace(/\.json$/i, ''));
  }

  /**
   * A snapshot file arriving as a stream (a browser's upload): written to a hidden file in the folder as
   * it comes, then read with the streaming reader, so memory stays bounded whatever its size. Only a
   * file that reads as a snapshot takes its place; anything else leaves nothing behind.
   */
  async importStream(fileName: string, body: AsyncIterable<Uint8Array>, maxBytes = MAX_IMPORT_BYTES): Promise<SnapshotSummary> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const id = randomUUID();
    const partial = join(this.folder, `.${id}.json.part`);
    const handle = await open(partial, 'wx', 0o600);
    try {
      let size = 0;
      try {
        for await (const chunk of body) {
          size += chunk.byteLength;
          if (size > maxBytes) throw badInput(`${fileName} is larger than ${Math.floor(maxBytes / 2 ** 30)} GiB, more than Taglock takes in`);
          await handle.write(chunk);
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (size === 0) throw badInput(`${fileName} is empty: no snapshot in it`);
      const index = readSnapshotIndexFile(partial, 'snapshot', fileName);
      await rename(partial, join(this.folder, `${id}.json`));
      await this.keepEncodedIndex(id, encodeSnapshotIndex(index));
      const summary = summarizeSnapshotIndex(id, fileName.replace(/\.json$/i, ''), index);
      await this.changeCatalogue((entries) => [...entries, summary]);
      return summary;
    } catch (error) {
      await unlink(partial).catch(() => undefined);
      throw error;
    }
  }

  /**
   * The snapshot's file as it is stored (validated when it came in): no object tree, no re-serialised
   * text, so whatever could be imported can be exported, up to what one buffer holds.
   */
  async export(id: string): Promise<ArrayBuffer> {
    if (id === DEMO_SNAPSHOT_ID) return bufferOf(new TextEncoder().encode(JSON.stringify(this.demoEntry().snapshot, null, 1)));
    if (!ID.test(id)) throw badInput(`no snapshot ${JSON.stringify(id)}`);
    const file = join(this.folder, `${id}.json`);
    const size = await stat(file).then(
      (info) => info.size,
      () => {
        throw new TaglockError('not-found', `no snapshot ${JSON.stringify(id)}`);
      },
    );
    if (size > MAX_EXPORT_BYTES) throw badInput(`the snapshot's file is ${(size / 2 ** 30).toFixed(1)} GiB, more than one export holds (2 GiB); copy ${file} instead`);
    return bufferOf(await readFile(file));
  }

  async remove(id: string): Promise<void> {
    if (id === DEMO_SNAPSHOT_ID) throw badInput('the demo snapshot is built in and cannot be deleted');
    if (!ID.test(id)) throw badInput(`no snapshot ${JSON.stringify(id)}`);
    await this.changeCatalogue((entries) => entries.filter((s) => s.id !== id));
    await unlink(join(this.folder, `${id}.json`)).catch(() => undefined);
    await unlink(this.encodedIndexFile(id)).catch(() => undefined);
  }
}
