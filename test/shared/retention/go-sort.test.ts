// The order Taglock's port of Go's sort.Slice leaves candidates in, equal keys included, against Go's own
// sort.Slice run through the Go oracle (test/go/harbor-oracle, `sort-slice`). Harbor's count templates
// keep the first k of that order, so among tied times it decides which artifacts survive.
import { describe, expect, it } from 'vitest';
import { goSortDescending } from '../../../shared/retention/go-sort.js';
import { SeededRandom } from '../../../shared/demo/random.js';
import { runOracleSortSlice } from '../../support/go-oracle.js';
import { oracleOrSkip } from './helpers.js';

/** The positions of `keys` in the order the port leaves them (sorting a copy placed after `offset` others). */
function portOrder(keys: readonly number[], offset = 0): number[] {
  const key = new Float64Array(keys.length + offset);
  const items = new Int32Array(keys.length + offset);
  for (let i = 0; i < offset; i++) {
    key[i] = 1e15; // in front, larger than anything sorted: must stay untouched
    items[i] = i;
  }
  keys.forEach((k, i) => {
    key[offset + i] = k;
    items[offset + i] = offset + i;
  });
  goSortDescending(items, offset, offset + keys.length, key);
  for (let i = 0; i < offset; i++) expect(items[i]).toBe(i);
  return Array.from(items.subarray(offset), (item) => item - offset);
}

/** Key lists shaped like retention inputs: few distinct times (ties), sorted runs, reversed runs, noise. */
function generatedKeyLists(): number[][] {
  const random = new SeededRandom(2026);
  const lists: number[][] = [];
  const lengths = [0, 1, 2, 7, 8, 11, 12, 13, 20, 49, 50, 51, 64, 100, 257, 1000, 3000];
  for (const length of lengths) {
    for (let variant = 0; variant < 12; variant++) {
      const distinct = [1, 2, 3, 5, 10, length + 1][variant % 6]!;
      let keys = Array.from({ length }, () => random.int(distinct));
      if (variant === 6) keys = keys.sort((a, b) => a - b);
      if (variant === 7) keys = keys.sort((a, b) => b - a);
      if (variant === 8) keys = Array.from({ length }, (_, i) => (i % 5 === 0 ? -62135596800 : 1_700_000_000 + i));
      if (variant === 9) keys = Array.from({ length }, (_, i) => length - i + (random.chance(0.05) ? random.int(length) : 0));
      if (variant === 10) keys = Array.from({ length }, (_, i) => (i < length / 2 ? 5 : random.int(3)));
      lists.push(keys);
    }
  }
  return lists;
}

describe("Go's sort.Slice order", () => {
  it('insertion sort below 13 elements keeps ties in input order (stable)', () => {
    expect(portOrder([3, 1, 3, 2, 3, 1])).toEqual([0, 2, 4, 3, 1, 5]);
  });

  it('matches Go on generated inputs with many ties, sorted and reversed runs', async (ctx) => {
    const bin = await oracleOrSkip(ctx);
    const lists = generatedKeyLists();
    const go = await runOracleSortSlice(bin, lists);
    const mismatches = lists.flatMap((keys, i) => {
      const ours = portOrder(keys, i % 3);
      return JSON.stringify(ours) === JSON.stringify(go[i]) ? [] : [{ length: keys.length, keys: keys.slice(0, 20), ours: ours.slice(0, 20), go: go[i]!.slice(0, 20) }];
    });
    expect(mismatches).toEqual([]);
    // The lists did reach the unstable part: some tie among more than 12 elements ended out of input order.
    const unstable = go.some((order, i) => order.some((p, k) => k > 0 && lists[i]![p] === lists[i]![order[k - 1]!] && p < order[k - 1]!));
    expect(unstable).toBe(true);
  });
});
