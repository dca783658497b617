// Runs anywhere (pure).
/**
 * A bounded cache of a few integers per string key, for the decision caches' hot path, in two
 * generations: a full young generation becomes the old one and the oldest is dropped; a key found in the
 * old generation moves back to the young. So a working set smaller than a generation is never forgotten,
 * whatever the order of the keys, and no more than two generations are ever held. Each generation is an
 * open-addressing index of [hash, entry] pairs over one Int32Array of entries, packed densely in the order
 * the keys came; no string of the caller's is kept.
 *
 * An entry holds everything a lookup reads after the index: the key's shape (length and width), the
 * record, and the key's characters themselves, packed four to a word (two for keys with characters past
 * U+00FF). The key is packed once, and hashed while it is packed (a multiply-by-31 chain over the words,
 * then a final mix). What was measured on the benchmark's shuffled million candidates (18,489 repository
 * names of 12 to 27 characters):
 *   - the first table kept a slot of hash, offset and record, and the characters of all keys in one
 *     array: a lookup waited on two cache misses, and its FNV hash (a chain of multiplications, one per
 *     character) cost about twice a multiply-by-31 hash and as much as reading the characters;
 *   - a JS Map holding its own flat copy of each key was no faster than that table: its entry and the
 *     key string lie apart in the heap, and V8 hashes every candidate's fresh string anew (on fresh
 *     strings, as `taglock eval` reads them, such a Map took 185 ms where the table took 85);
 *   - hashing a sample of the characters, then comparing them as they are read, was slower than packing
 *     them all once: comparing reads them all anyway;
 *   - the second table put everything in 64-byte slots, one per key, at most two thirds in use: shuffled
 *     input went from 434 to 419 ms at best and from 713 to 514 ms at the median (whole decision loop,
 *     best of 10 alternating passes, load 4 to 7), but the slots of 18,489 names took 2 MB, and waiting
 *     for a slot's cache line was the loop's hottest line;
 *   - this one keeps 8 bytes per slot and about 40 per name (0.25 + 0.7 MB for those names): the CPU
 *     time of the best of 5 passes of the whole decision loop, a process per run, alternating on a quiet
 *     machine, went from 138-159 ms (median 146) to 133-146 ms (median 140), faster in 6 of 7 pairs;
 *     grouped input, which rarely looks a repository up, stayed within noise;
 *   - hashing 16 of the characters (the first four, four from the middle, the last eight; all of a
 *     shorter key), then comparing the key with the packed words as its characters are read, so that each
 *     is read once: the repository lookups alone went from 76-78 ms to 88-97, the whole shuffled loop
 *     from 148-162 to 167-187 (alternating processes). The hottest lines of the loop's line profile are
 *     loads that wait for memory: the index slot, the entry, and the first reads of the candidate's name
 *     and tag, each 8-11% of the samples.
 *
 * The multiply-by-31 hash is unkeyed, so input can be written against it: 2^k names of k blocks
 * "a000~000" or "b000_000" share one hash, and 4,096 of them took 8.4 million slot steps to place. A key
 * is found by the steps that placed it, so once one is placed more than FLOOD_PROBES slots away from its
 * hash, both generations are hashed again with the process's keyed hash (keyed-hash.ts) from the packed
 * words they hold, and stay so. Ordinary input does not get there (the benchmark's million candidates,
 * in either order, leave both tables unkeyed), so it keeps the cheaper hash: the keyed one costs a round
 * per word on every lookup.
 */

import { absorbWord, finishKeyedHash, startKeyedHash } from '../hash/keyed-hash.js';

/** An entry: the key's shape (length * 2, plus 1 if wide), then the record, then the key's words. */
const SHAPE = 0;
const RECORD = 1;

const INITIAL_SLOTS = 64;
/**
 * A key placed further than this from its slot is taken for keys written to share a hash (the
 * benchmark's million candidates place none that far): the tables then hash with the process's keyed hash.
 */
const FLOOD_PROBES = 64;
/** Words per key to make room for at first: 16 characters of a plain key. */
const MIN_KEY_WORDS = 4;

/** The key last packed by `packKey`: its words, how many, and its shape (length * 2, plus 1 if wide). */
let keyWords = new Int32Array(64);
let keyWordCount = 0;
let keyShape = 0;

/** Murmur3's finalizer, so that the table's index (the low bits) depends on every word. */
function mix(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/**
 * Packs `key` into `keyWords` (four characters to a word, or two if any lies past U+00FF) and returns
 * its hash. Reading each character once serves both the hash and the comparison.
 */
function packKey(key: string): number {
  const length = key.length;
  if (length > keyWords.length * 2) keyWords = new Int32Array(length);
  const words = keyWords;
  let hash = length;
  let wide = 0;
  let count = 0;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    const c0 = key.charCodeAt(i);
    const c1 = key.charCodeAt(i + 1);
    const c2 = key.charCodeAt(i + 2);
    const c3 = key.charCodeAt(i + 3);
    wide |= c0 | c1 | c2 | c3;
    const word = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
    words[count++] = word;
    hash = (hash * 31 + word) | 0;
  }
  if (i < length) {
    let word = 0;
    for (let shift = 0; i < length; i++, shift += 8) {
      const c = key.charCodeAt(i);
      wide |= c;
      word |= c << shift;
    }
    words[count++] = word;
    hash = (hash * 31 + word) | 0;
  }
  if (wide > 0xff) return packWideKey(key);
  keyWordCount = count;
  keyShape = length * 2;
  return mix(hash);
}

/** As packKey, two UTF-16 code units to a word: a key with a character past U+00FF. */
function packWideKey(key: string): number {
  const length = key.length;
  const words = keyWords;
  let hash = ~length;
  let count = 0;
  for (let i = 0; i < length; i += 2) {
    const word = key.charCodeAt(i) | ((i + 1 < length ? key.charCodeAt(i + 1) : 0) << 16);
    words[count++] = word;
    hash = (hash * 31 + word) | 0;
  }
  keyWordCount = count;
  keyShape = length * 2 + 1;
  return mix(hash);
}

/** How many words a key of this shape packs into. */
function wordsOf(shape: number): number {
  const length = shape >>> 1;
  return (shape & 1) === 1 ? (length + 1) >>> 1 : (length + 3) >>> 2;
}

/** The keyed hash (keyed-hash.ts) of a packed key: its words, then its shape. */
function keyedHashOf(words: Int32Array, from: number, count: number, shape: number): number {
  startKeyedHash();
  for (let k = 0; k < count; k++) absorbWord(words[from + k]!);
  return finishKeyedHash(shape);
}

/**
 * One generation: at most `limit` keys, each with a record of `width` integers. An open-addressing index
 * of [hash, entry offset + 1] pairs (0: a free slot) points into `entries`, where each key's shape,
 * record and words lie packed one after the other in the order the keys came.
 */
class KeyTable {
  count = 0;
  /** The entries, densely: a record is `width` integers at the offset `find` returns. */
  entries: Int32Array;
  /** Set when a key was placed more than FLOOD_PROBES slots from where its hash points. */
  flooded = false;
  /** Slots stepped over while placing keys (for tests). */
  probes = 0;
  private used = 0;
  private index = new Int32Array(INITIAL_SLOTS * 2);
  private mask = INITIAL_SLOTS - 1;

  constructor(
    readonly limit: number,
    private readonly width: number,
  ) {
    this.entries = this.firstEntries();
  }

  /** Room for the entries of the first slots' keys, before any grows. */
  private firstEntries(): Int32Array {
    return new Int32Array(INITIAL_SLOTS * (RECORD + this.width + MIN_KEY_WORDS));
  }

  /** The offset in `entries` of the record of the key last packed (whose hash is `hash`), or -1. */
  find(hash: number): number {
    const index = this.index;
    const mask = this.mask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = index[slot * 2 + 1]!;
      if (entry === 0) return -1;
      if (index[slot * 2] === hash && this.holds(entry - 1)) return entry - 1 + RECORD;
    }
  }

  /** Whether the entry at `at` holds the key last packed. */
  private holds(at: number): boolean {
    const entries = this.entries;
    if (entries[at + SHAPE] !== keyShape) return false;
    const words = keyWords;
    const count = keyWordCount;
    const from = at + RECORD + this.width;
    for (let k = 0; k < count; k++) if (entries[from + k] !== words[k]) return false;
    return true;
  }

  /** Add the key last packed (not held; the table not full) with a record of zeros; the record's offset in `entries`. */
  add(hash: number): number {
    // At most two thirds of the slots in use, so that probes stay short.
    if ((this.count + 1) * 3 > (this.mask + 1) * 2) this.grow();
    const count = keyWordCount;
    const at = this.used;
    const end = at + RECORD + this.width + count;
    if (end > this.entries.length) {
      const grown = new Int32Array(Math.max(this.entries.length * 2, end));
      grown.set(this.entries.subarray(0, at));
      this.entries = grown;
    }
    const entries = this.entries;
    entries[at + SHAPE] = keyShape;
    // A loop rather than fill/set(subarray(…)): no view object made per key.
    for (let k = RECORD; k < RECORD + this.width; k++) entries[at + k] = 0;
    const words = keyWords;
    const from = at + RECORD + this.width;
    for (let k = 0; k < count; k++) entries[from + k] = words[k]!;
    this.used = end;
    const slot = this.freeSlot(this.index, this.mask, hash);
    // A key is found later by the same steps that placed it, so bounding these bounds every lookup.
    const steps = (slot - hash) & this.mask;
    this.probes += steps;
    if (steps > FLOOD_PROBES) this.flooded = true;
    this.index[slot * 2] = hash;
    this.index[slot * 2 + 1] = at + 1;
    this.count++;
    return at + RECORD;
  }

  private freeSlot(index: Int32Array, mask: number, hash: number): number {
    let slot = hash & mask;
    while (index[slot * 2 + 1] !== 0) slot = (slot + 1) & mask;
    return slot;
  }

  /** Twice the slots; the entries stay where they are. */
  private grow(): void {
    const from = this.index;
    const mask = this.mask * 2 + 1;
    const to = new Int32Array((mask + 1) * 2);
    for (let at = 0; at < from.length; at += 2) {
      if (from[at + 1] === 0) continue;
      const slot = this.freeSlot(to, mask, from[at]!);
      to[slot * 2] = from[at]!;
      to[slot * 2 + 1] = from[at + 1]!;
    }
    this.index = to;
    this.mask = mask;
  }

  /** Hashes every key held again with the keyed hash, from its packed words, into a fresh index. */
  rehashKeyed(): void {
    this.index.fill(0);
    const entries = this.entries;
    for (let at = 0; at < this.used; ) {
      const shape = entries[at + SHAPE]!;
      const count = wordsOf(shape);
      const hash = keyedHashOf(entries, at + RECORD + this.width, count, shape);
      const slot = this.freeSlot(this.index, this.mask, hash);
      this.index[slot * 2] = hash;
      this.index[slot * 2 + 1] = at + 1;
      at += RECORD + this.width + count;
    }
    this.flooded = false;
  }

  /** Calls `visit` with the hash of every key held. */
  forEachHash(visit: (hash: number) => void): void {
    const index = this.index;
    for (let at = 0; at < index.length; at += 2) if (index[at + 1] !== 0) visit(index[at]!);
  }

  /** Forget every key (the arrays are kept for the next generation, unless long keys made the entries huge). */
  clear(): void {
    this.count = 0;
    this.used = 0;
    this.flooded = false;
    this.index.fill(0);
    if (this.entries.length > (this.mask + 1) * 64) this.entries = this.firstEntries();
  }
}

export class TwoGenerationRecords {
  private young: KeyTable;
  private old: KeyTable;
  /** The young generation's entries: a record is `width` integers at the offset `find` returns. */
  records: Int32Array;

  /**
   * With `secondSightOnly`: the hashes of keys seen once lately, one bit each, so that a key is taken in
   * only when seen again (a stream of one-off keys then costs no insertions and evicts nothing).
   */
  private readonly seen: Int32Array | null;
  private firstSightings = 0;
  /** Whether keys are hashed with the keyed hash: from the first sign of keys written to collide. */
  private keyed = false;

  constructor(
    limit: number,
    private readonly width: number,
    secondSightOnly = false,
  ) {
    if (!(limit >= 1)) throw new RangeError(`a generation holds at least one key (got ${limit})`);
    // About 32 bits per key of a generation (a power of two of 32-bit words), so that few one-off keys
    // share a bit, with the bits of up to two generations of keys held set as well.
    this.seen = secondSightOnly ? new Int32Array(2 ** Math.ceil(Math.log2(limit))) : null;
    this.young = new KeyTable(limit, width);
    this.old = new KeyTable(limit, width);
    this.records = this.young.entries;
  }

  /**
   * The offset in `records` of the key's record, all zeros for a key not held; -1 for a key seen for
   * the first time when only keys seen twice are taken in. Read `records` after calling: the young
   * generation's array changes as it grows and when generations turn over.
   */
  find(key: string): number {
    let hash = packKey(key);
    if (this.keyed) hash = keyedHashOf(keyWords, 0, keyWordCount, keyShape);
    // Every key held has its first-sighting bit set: a key whose bit is clear is new, and a one-off key
    // costs one bit, not a probe of each generation.
    if (this.seen !== null && !this.seenBefore(hash)) return -1;
    const found = this.young.find(hash);
    if (found >= 0) return found;
    const older = this.old.find(hash);
    let moving: Int32Array | null = null;
    if (older >= 0) moving = this.old.entries.slice(older, older + this.width);
    if (this.young.count === this.young.limit) {
      const dropped = this.old;
      dropped.clear();
      this.old = this.young;
      this.young = dropped;
    }
    const at = this.young.add(hash);
    const records = this.young.entries;
    if (moving !== null) records.set(moving, at);
    this.records = records;
    if (this.young.flooded) this.turnKeyed();
    return at;
  }

  /**
   * From now on, hash with the keyed hash: both generations' indexes are rebuilt from the keys' packed
   * words (offsets do not move), and the first sightings start again from the keys held.
   */
  private turnKeyed(): void {
    this.keyed = true;
    this.young.rehashKeyed();
    this.old.rehashKeyed();
    if (this.seen !== null) this.remarkSeen();
  }

  /** Slots stepped over while placing keys, in both generations (for tests). */
  get probes(): number {
    return this.young.probes + this.old.probes;
  }

  /** Whether a key of this hash was seen since the last reset (and marks it seen). */
  private seenBefore(hash: number): boolean {
    const seen = this.seen!;
    const bit = (hash >>> 3) & (seen.length * 32 - 1);
    const word = bit >>> 5;
    const mask = 1 << (bit & 31);
    const bits = seen[word]!;
    if ((bits & mask) !== 0) return true;
    seen[word] = bits | mask;
    // Forget the first sightings once a generation's worth has piled up, so that old ones do not let
    // every key in (a key seen twice within that span still gets in).
    if (++this.firstSightings >= this.young.limit) this.remarkSeen();
    return false;
  }

  /** Clears the first sightings but those of the keys held (find relies on them). */
  private remarkSeen(): void {
    this.seen!.fill(0);
    this.firstSightings = 0;
    this.young.forEachHash((held) => this.mark(held));
    this.old.forEachHash((held) => this.mark(held));
  }

  private mark(hash: number): void {
    const bit = (hash >>> 3) & (this.seen!.length * 32 - 1);
    this.seen![bit >>> 5]! |= 1 << (bit & 31);
  }

  /** Keys held in both generations (a key moved back to the young may still count in the old). */
  get size(): number {
    return this.young.count + this.old.count;
  }
}
