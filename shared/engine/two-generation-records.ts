// Runs anywhere (pure).
/**
 * A bounded cache of a few integers per string key, for the decision caches' hot path, in two
 * generations: a full young generation becomes the old one and the oldest is dropped; a key found in the
 * old generation moves back to the young. So a working set smaller than a generation is never forgotten,
 * whatever the order of the keys, and no more than two generations are ever held. Each generation is an
 * open-addressing table of its own: a slot holds the key's hash, where its characters are and its record,
 * side by side in one Int32Array; the characters of all keys lie in one compact array (no string of the
 * caller's is kept).
 *
 * Why not a Map: a Map's entries point at the key strings and values wherever the input put them in the
 * heap, and with a million candidates in memory each lookup paid several cache misses. Here a lookup
 * reads the key to hash it, one slot, and the stored characters to compare.
 */

/** Slot layout: where the key's characters start plus one (0: a free slot), their count, the hash, the record. */
const START = 0;
const LENGTH = 1;
const HASH = 2;
const RECORD = 3;

const INITIAL_SLOTS = 64;

/** FNV-1a over the UTF-16 code units, then a final mix so that the low bits depend on every unit. */
function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  return hash ^ (hash >>> 12);
}

/** One generation: at most `limit` keys, each with a record of `width` integers. */
class KeyTable {
  count = 0;
  slots: Int32Array;
  private readonly stride: number;
  private chars = new Uint16Array(INITIAL_SLOTS * 16);
  private charCount = 0;

  constructor(
    readonly limit: number,
    private readonly width: number,
  ) {
    this.stride = RECORD + width;
    this.slots = new Int32Array(INITIAL_SLOTS * this.stride);
  }

  /** The offset in `slots` of the record of `key` (whose hash is `hash`), or -1. */
  find(key: string, hash: number): number {
    const slots = this.slots;
    const stride = this.stride;
    const mask = slots.length / stride - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot * stride;
      const start = slots[at + START]!;
      if (start === 0) return -1;
      if (slots[at + HASH] === hash && slots[at + LENGTH] === key.length && this.holds(start - 1, key)) return at + RECORD;
    }
  }

  private holds(start: number, key: string): boolean {
    const chars = this.chars;
    for (let i = 0; i < key.length; i++) if (chars[start + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  /** Add `key` (not held; the table not full) with a record of zeros; the record's offset in `slots`. */
  add(key: string, hash: number): number {
    // At most two thirds of the slots in use, so that probes stay short.
    if ((this.count + 1) * 3 > (this.slots.length / this.stride) * 2) this.grow();
    const start = this.charCount;
    if (start + key.length > this.chars.length) {
      const chars = new Uint16Array(Math.max(this.chars.length * 2, start + key.length));
      chars.set(this.chars.subarray(0, start));
      this.chars = chars;
    }
    for (let i = 0; i < key.length; i++) this.chars[start + i] = key.charCodeAt(i);
    this.charCount = start + key.length;
    const at = this.freeSlot(this.slots, hash);
    this.slots[at + START] = start + 1;
    this.slots[at + LENGTH] = key.length;
    this.slots[at + HASH] = hash;
    this.count++;
    return at + RECORD;
  }

  private freeSlot(slots: Int32Array, hash: number): number {
    const stride = this.stride;
    const mask = slots.length / stride - 1;
    let slot = hash & mask;
    while (slots[slot * stride + START] !== 0) slot = (slot + 1) & mask;
    return slot * stride;
  }

  private grow(): void {
    const from = this.slots;
    const to = new Int32Array(from.length * 2);
    for (let at = 0; at < from.length; at += this.stride) {
      if (from[at + START] !== 0) to.set(from.subarray(at, at + this.stride), this.freeSlot(to, from[at + HASH]!));
    }
    this.slots = to;
  }

  /** Forget every key (the arrays are kept for the next generation, unless one long key made them huge). */
  clear(): void {
    this.count = 0;
    this.charCount = 0;
    this.slots.fill(0);
    if (this.chars.length > (this.slots.length / this.stride) * 64) this.chars = new Uint16Array(INITIAL_SLOTS * 16);
  }
}

export class TwoGenerationRecords {
  private young: KeyTable;
  private old: KeyTable;
  /** The young generation's slots: a record is `width` integers at the offset `find` returns. */
  records: Int32Array;

  /**
   * With `secondSightOnly`: the hashes of keys seen once lately, one bit each, so that a key is taken in
   * only when seen again (a stream of one-off keys then costs no insertions and evicts nothing).
   */
  private readonly seen: Int32Array | null;
  private firstSightings = 0;

  constructor(
    limit: number,
    private readonly width: number,
    secondSightOnly = false,
  ) {
    if (!(limit >= 1)) throw new RangeError(`a generation holds at least one key (got ${limit})`);
    // About 16 bits per key of a generation (a power of two of 32-bit words), so few one-off keys share a bit.
    this.seen = secondSightOnly ? new Int32Array(2 ** Math.ceil(Math.log2(Math.max(1, limit / 2)))) : null;
    this.young = new KeyTable(limit, width);
    this.old = new KeyTable(limit, width);
    this.records = this.young.slots;
  }

  /**
   * The offset in `records` of the key's record, all zeros for a key not held; -1 for a key seen for
   * the first time when only keys seen twice are taken in. Read `records` after calling: the young
   * generation's array changes as it grows and when generations turn over.
   */
  find(key: string): number {
    const hash = hashKey(key);
    const found = this.young.find(key, hash);
    if (found >= 0) return found;
    const older = this.old.find(key, hash);
    let moving: Int32Array | null = null;
    if (older >= 0) moving = this.old.slots.slice(older, older + this.width);
    else if (this.seen !== null && !this.seenBefore(hash)) return -1;
    if (this.young.count === this.young.limit) {
      const dropped = this.old;
      dropped.clear();
      this.old = this.young;
      this.young = dropped;
    }
    const at = this.young.add(key, hash);
    const records = this.young.slots;
    if (moving !== null) records.set(moving, at);
    this.records = records;
    return at;
  }

  /** Whether a key of this hash was seen since the last reset (and marks it seen). */
  private seenBefore(hash: number): boolean {
    const seen = this.seen!;
    const bit = (hash >>> 3) & (seen.length * 32 - 1);
    const word = bit >>> 5;
    const mask = 1 << (bit & 31);
    if ((seen[word]! & mask) !== 0) return true;
    seen[word]! |= mask;
    // Forget the first sightings once a generation's worth has piled up, so that old ones do not let
    // every key in (a key seen twice within that span still gets in).
    if (++this.firstSightings >= this.young.limit) {
      seen.fill(0);
      this.firstSightings = 0;
    }
    return false;
  }

  /** Keys held in both generations (a key moved back to the young may still count in the old). */
  get size(): number {
    return this.young.count + this.old.count;
  }
}
