import { describe, expect, it } from 'vitest';
import { PostingArrays } from '../../renderer/src/sim/posting-arrays.js';

describe('arrays made ahead for posting', () => {
  it('take each copy once, then copies are new arrays until more are made', () => {
    const arrays = new PostingArrays([4, 2]);
    const source = Int32Array.of(1, 2, 3, 4);
    const fresh = arrays.copy(source, 0);
    expect(Array.from(fresh)).toEqual([1, 2, 3, 4]);
    arrays.prepare();
    const first = arrays.copy(source, 0);
    expect(Array.from(first)).toEqual([1, 2, 3, 4]);
    expect(first).not.toBe(source);
    // Taken: the next copy must not write into the array handed out (the page holds it now).
    const second = arrays.copy(Int32Array.of(5, 6, 7, 8), 0);
    expect(second).not.toBe(first);
    expect(Array.from(first)).toEqual([1, 2, 3, 4]);
    // The other slot kept its array; making more fills only the slot that was taken.
    arrays.prepare();
    const third = arrays.copy(Int32Array.of(9, 9, 9, 9), 0);
    expect(Array.from(third)).toEqual([9, 9, 9, 9]);
    expect(Array.from(arrays.copy(Int32Array.of(7, 7), 1))).toEqual([7, 7]);
  });

  it('copy arrays of another length into new arrays', () => {
    const arrays = new PostingArrays([3]);
    arrays.prepare();
    expect(Array.from(arrays.copy(Int32Array.of(1, 2), 0))).toEqual([1, 2]);
    expect(arrays.copy(Int32Array.of(1, 2, 3), 0)).toHaveLength(3);
  });
});
