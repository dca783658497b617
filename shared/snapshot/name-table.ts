// Runs anywhere (pure).
/**
 * The distinct tag names of a snapshot being built, each held once as a string, with ids in the order
 * first met. A reader of a file finds a name by its UTF-8 bytes in its buffer: a name met again costs
 * no string and no string hashing. Measured on the benchmark's 1,028,814-tag file (437,792 distinct
 * names): a Map of the names, looked up with the string the reader had just made of each tag's name,
 * took 15% of `taglock simulate`'s processor time, the most of any line.
 *
 * Names given as text are keyed by the same bytes: UTF-8, and for a lone surrogate (possible through a
 * JSON escape) its generalized three-byte form, so that two different names never share a key (unlike
 * glob/code-points.ts's utf8Into, which writes the bytes Go holds: every lone surrogate as EF BF BD).
 */
import { absorbWord, finishKeyedHash, startKeyedHash } from '../hash/keyed-hash.js';

/** Slots at first; the table doubles them to stay at most three quarters full. */
const INITIAL_SLOTS = 1 << 10;

export class NameTable {
  /** By id. */
  readonly names: string[] = [];
  /** Every name's bytes, one after the other; a name's are at starts[id] .. starts[id + 1]. */
  private bytes = new Uint8Array(1 << 16);
  private starts = new Int32Array(INITIAL_SLOTS + 1);
  /** Open addressing over ids: id + 1 per slot (0: free), with the name's hash beside it. */
  private slots = new Int32Array(INITIAL_SLOTS);
  private hashes = new Int32Array(INITIAL_SLOTS);
  private scratch = new Uint8Array(256);
  /** Slots looked at by lookups so far (for tests of the table itself). */
  probes = 0;

  get count(): number {
    return this.names.length;
  }

  /** The id of the name whose UTF-8 bytes are buf[start, end); a new one is added with the string `text()` makes. */
  idOf(buf: Uint8Array, start: number, end: number, text: () => string): number {
    // Room for one more first, so that a new name goes into the free slot the lookup ends on.
    if ((this.names.length + 1) * 4 > this.slots.length * 3) this.grow();
    const hash = hashOf(buf, start, end);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      this.probes++;
      const entry = this.slots[slot]!;
      if (entry === 0) return this.add(buf, start, end, hash, slot, text());
      if (this.hashes[slot] === hash && this.holds(entry - 1, buf, start, end)) return entry - 1;
    }
  }

  /** The id of a name given as text (one written with escapes, or by a producer of objects). */
  idOfText(name: string): number {
    if (this.scratch.length < name.length * 3) this.scratch = new Uint8Array(name.length * 3);
    const end = encodeInto(name, this.scratch);
    return this.idOf(this.scratch, 0, end, () => name);
  }

  /** Forget the names from id `count` on (a reader rolling back). */
  truncate(count: number): void {
    if (count >= this.names.length) return;
    this.names.length = count;
    this.slots.fill(0);
    for (let id = 0; id < count; id++) this.place(id + 1, hashOf(this.bytes, this.starts[id]!, this.starts[id + 1]!));
  }

  private holds(id: number, buf: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[id]!;
    if (this.starts[id + 1]! - from !== end - start) return false;
    const bytes = this.bytes;
    for (let i = start; i < end; i++) if (bytes[from + i - start] !== buf[i]) return false;
    return true;
  }

  /** Adds a name at `slot`, the free slot its lookup ended on. */
  private add(buf: Uint8Array, start: number, end: number, hash: number, slot: number, name: string): number {
    const id = this.names.length;
    if (id + 2 > this.starts.length) {
      const starts = new Int32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    const from = this.starts[id]!;
    const to = from + end - start;
    if (to > this.bytes.length) {
      const bytes = new Uint8Array(Math.max(this.bytes.length * 2, to));
      bytes.set(this.bytes.subarray(0, from));
      this.bytes = bytes;
    }
    this.bytes.set(buf.subarray(start, end), from);
    this.starts[id + 1] = to;
    this.names.push(name);
    this.slots[slot] = id + 1;
    this.hashes[slot] = hash;
    return id;
  }

  /** Puts `entry` (id + 1) into the first free slot from its hash's own. */
  private place(entry: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry;
    this.hashes[slot] = hash;
  }

  /** Twice the slots, every id placed again. */
  private grow(): void {
    const old = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(old.length * 2);
    this.hashes = new Int32Array(old.length * 2);
    for (let s = 0; s < old.length; s++) if (old[s] !== 0) this.place(old[s]!, oldHashes[s]!);
  }
}

/** The name's bytes in the process's keyed hash (keyed-hash.ts), so that a file cannot make names collide. */
function hashOf(buf: Uint8Array, start: number, end: number): number {
  startKeyedHash();
  let i = start;
  for (; i + 4 <= end; i += 4) absorbWord(buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24));
  // The last word holds the length and the bytes left over.
  let last = (end - start) << 24;
  for (let shift = 0; i < end; i++, shift += 8) last |= buf[i]! << shift;
  return finishKeyedHash(last);
}

/**
 * Writes `text` as UTF-8 (a lone surrogate in its generalized three-byte form) and returns the length.
 * `out` has room for three bytes per UTF-16 unit.
 */
export function encodeInto(text: string, out: Uint8Array): number {
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[at++] = c;
      continue;
    }
    if (c < 0x800) {
      out[at++] = 0xc0 | (c >> 6);
      out[at++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
        out[at++] = 0xf0 | (c >> 18);
        out[at++] = 0x80 | ((c >> 12) & 0x3f);
        out[at++] = 0x80 | ((c >> 6) & 0x3f);
        out[at++] = 0x80 | (c & 0x3f);
        continue;
      }
    }
    out[at++] = 0xe0 | (c >> 12);
    out[at++] = 0x80 | ((c >> 6) & 0x3f);
    out[at++] = 0x80 | (c & 0x3f);
  }
  return at;
}
