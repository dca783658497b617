// Runs anywhere (pure).
/**
 * A hash keyed with random numbers drawn once per process, in add-rotate-xor rounds after HalfSipHash
 * (one round per 32-bit word, three at the end), for tables whose keys come from files or streams that
 * could be written against them: with an unkeyed hash such as multiply-by-31, the 2^k names made of k
 * blocks "Aa" or "BB" all share one, and each lookup would walk past all of them. Callers start it,
 * absorb their words, and finish it with a last word that holds the length.
 */
const KEY0 = (Math.random() * 2 ** 32) | 0;
const KEY1 = (Math.random() * 2 ** 32) | 0;

/** The hash's four words of state, between rounds. */
const state = new Int32Array(4);

/** One add-rotate-xor round over `state`. */
function round(): void {
  let v0 = state[0]!;
  let v1 = state[1]!;
  let v2 = state[2]!;
  let v3 = state[3]!;
  v0 = (v0 + v1) | 0;
  v1 = (v1 << 5) | (v1 >>> 27);
  v1 ^= v0;
  v0 = (v0 << 16) | (v0 >>> 16);
  v2 = (v2 + v3) | 0;
  v3 = (v3 << 8) | (v3 >>> 24);
  v3 ^= v2;
  v0 = (v0 + v3) | 0;
  v3 = (v3 << 7) | (v3 >>> 25);
  v3 ^= v0;
  v2 = (v2 + v1) | 0;
  v1 = (v1 << 13) | (v1 >>> 19);
  v1 ^= v2;
  v2 = (v2 << 16) | (v2 >>> 16);
  state[0] = v0;
  state[1] = v1;
  state[2] = v2;
  state[3] = v3;
}

/** Starts a hash: the state from the process's key. */
export function startKeyedHash(): void {
  state[0] = KEY0;
  state[1] = KEY1;
  state[2] = 0x6c796765 ^ KEY0;
  state[3] = 0x74656462 ^ KEY1;
}

/** Mixes one word of the input into the hash. */
export function absorbWord(word: number): void {
  state[3]! ^= word;
  round();
  state[0]! ^= word;
}

/** Mixes in the last word (which should hold the input's length) and returns the hash. */
export function finishKeyedHash(last: number): number {
  absorbWord(last);
  state[2]! ^= 0xff;
  round();
  round();
  round();
  return state[1]! ^ state[3]!;
}
