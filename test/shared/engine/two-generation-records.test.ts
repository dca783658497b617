// The compact two-generation tables behind the decision caches: the same keeping and forgetting as two
// Map generations (held equal on random streams), bounded, and exact about keys.
import { describe, expect, it } from 'vitest';
import { TwoGenerationRecords } from '../../../shared/engine/two-generation-records.js';
import { Rng } from '../glob/generate-cases.js';

/** The two generations told with Maps, as simply as possible: the model the tables must follow. */
class TwoGenerationMap<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const older = this.old.get(key);
    if (older !== undefined) this.set(key, older);
    return older;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}

/** Finds `key`, checks its record holds what `model` says, and gives a key not held `value` in both. */
function step(records: TwoGenerationRecords, model: TwoGenerationMap<number>, key: string, value: number): void {
  const at = records.find(key);
  expect(at).toBeGreaterThanOrEqual(0);
  const held = model.get(key);
  expect([records.records[at], records.records[at + 1]]).toEqual(held === undefined ? [0, 0] : [held, ~held]);
  if (held !== undefined) return;
  records.records[at] = value;
  records.records[at + 1] = ~value;
  model.set(key, value);
}

/**
 * 2^blocks keys of one length that share the unkeyed hash (multiply-by-31 over words of four characters):
 * each block is "a000~000" or "b000_000", whose two words add the same (31 * (w + 1) + (v - 31) = 31 * w + v).
 */
function collidingKeys(blocks: number): string[] {
  return Array.from({ length: 2 ** blocks }, (_, n) => Array.from({ length: blocks }, (_, b) => ((n >>> b) & 1) === 0 ? 'a000~000' : 'b000_000').join(''));
}

describe('TwoGenerationRecords', () => {
  it('keeps and forgets exactly as TwoGenerationMap does, on random streams and generation sizes', () => {
    const rng = new Rng(0x7a61e);
    for (let round = 0; round < 40; round++) {
      const limit = rng.int(1, 40);
      const records = new TwoGenerationRecords(limit, 2);
      const model = new TwoGenerationMap<number>(limit);
      const keys = Array.from({ length: rng.int(1, 120) }, (_, i) => (rng.chance(0.2) ? `ключ-${i}` : `team/app-${i}`));
      for (let i = 1; i <= 1_000; i++) step(records, model, rng.pick(keys), i);
      expect(records.size).toBeLessThanOrEqual(2 * limit);
    }
  });

  it('tells apart keys that share a prefix, a length or nothing at all, and grows past its first tables', () => {
    const records = new TwoGenerationRecords(10_000, 1);
    const keys = ['', 'a', 'aa', 'ab', 'ba', 'a'.repeat(5_000), 'a'.repeat(4_999) + 'b', '\u{1F600}', '\uD83D', 'v1.0', 'v1.0 '];
    // Around the packing: a NUL where a shorter key's word is padded, the last one-byte character and the
    // first wider one, keys as long as a slot holds inline and one longer, differing only at their ends.
    keys.push('\u0000', 'a\u0000', 'a\u0000\u0000', '\u00ff', '\u0100', '\u00ffa', '\u0100a', 'a\u0100\u0000', 'a\u0000\u0001');
    for (const length of [39, 40, 41, 44, 45]) keys.push('x'.repeat(length), 'x'.repeat(length - 1) + 'y', 'y' + 'x'.repeat(length - 1), 'ĳ' + 'x'.repeat(length - 1));
    for (let i = 0; i < 3_000; i++) keys.push(`repository-${i}`);
    keys.forEach((key, i) => {
      const at = records.find(key);
      expect(records.records[at]).toBe(0);
      records.records[at] = i + 1;
    });
    keys.forEach((key, i) => expect(records.records[records.find(key)]).toBe(i + 1));
    expect(records.size).toBe(keys.length);
  });

  it('stays within two generations on an endless stream of new keys', () => {
    const records = new TwoGenerationRecords(100, 1);
    for (let i = 0; i < 50_000; i++) records.find(`sha-${i.toString(16)}`);
    expect(records.size).toBeLessThanOrEqual(200);
    expect(records.size).toBeGreaterThan(100);
  });

  it('holds no more than two generations of characters on an endless stream of long keys', () => {
    const records = new TwoGenerationRecords(10, 1);
    const long = 'a'.repeat(5_000);
    for (let i = 0; i < 2_000; i++) records.find(`${long}-${i}`);
    // A generation of ten such keys is 10 * 1,251 words; the young one's entries at most double that.
    expect(records.records.length).toBeLessThanOrEqual(2 * 10 * 1_260);
    expect(records.size).toBeLessThanOrEqual(20);
  });

  it('with secondSightOnly, takes a key in on its second sighting and lets few one-off keys in', () => {
    const records = new TwoGenerationRecords(100, 1, true);
    expect(records.find('main')).toBe(-1);
    const at = records.find('main');
    expect(at).toBeGreaterThanOrEqual(0);
    records.records[at] = 7;
    // One-off keys share a first-sighting bit now and then (about 16 bits per key of a generation).
    let taken = 0;
    for (let i = 0; i < 20_000; i++) {
      if (records.find(`sha-${i}`) >= 0) taken++;
      if (i % 10 === 0) expect(records.records[records.find('main')]).toBe(7);
    }
    expect(taken).toBeLessThan(20_000 * 0.05);
    expect(records.size).toBeLessThanOrEqual(200);
  });

  it('turns to the keyed hash when keys written to share one arrive, so lookups stay short and every record stays with its key', () => {
    // Keys of every shape are held before the turn, so their indexes are rebuilt from their packed words.
    const keys = ['', 'a', 'ĳ', '\u{1F600}x', 'x'.repeat(45)].concat(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? `ключ-${i}` : `team/app-${i}`)), collidingKeys(12));
    for (const secondSightOnly of [false, true]) {
      const records = new TwoGenerationRecords(10_000, 1, secondSightOnly);
      keys.forEach((key, i) => {
        let at = records.find(key);
        if (at < 0) at = records.find(key);
        expect(records.records[at]).toBe(0);
        records.records[at] = i + 1;
      });
      keys.forEach((key, i) => expect(records.records[records.find(key)]).toBe(i + 1));
      // With one hash for the 4,096 colliding keys, placing them steps over 8.4 million slots.
      expect(records.probes).toBeLessThan(20 * keys.length);
      expect(records.size).toBe(keys.length);
    }
  });

  it('keeps generations turning over after the keyed hash, with the records moved back from the old one', () => {
    const keys = collidingKeys(10);
    const records = new TwoGenerationRecords(300, 2);
    const model = new TwoGenerationMap<number>(300);
    const rng = new Rng(0xf100d);
    for (let i = 1; i <= 6_000; i++) step(records, model, rng.pick(keys), i);
    expect(records.probes).toBeLessThan(20 * 6_000);
  });

  it('refuses a generation of no keys', () => {
    expect(() => new TwoGenerationRecords(0, 1)).toThrow(RangeError);
  });
});
