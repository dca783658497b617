// Runs anywhere (pure).
/**
 * The set of runes a doublestar class (or '?') accepts inside one name component, written as a JS regex
 * class for the fast path. Sets are sorted, disjoint, inclusive [low, high] pairs over code points.
 */
import { RUNE_ERROR } from './code-points.js';
import type { ClassSpec } from './syntax.js';

const MAX_RUNE = 0x10ffff;
const SLASH = 0x2f;
const SURROGATE_LOW = 0xd800;
const SURROGATE_HIGH = 0xdfff;

export type RuneSet = number[];

function normalize(pairs: number[]): RuneSet {
  const list: [number, number][] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const lo = pairs[i]!;
    const hi = pairs[i + 1]!;
    if (lo <= hi) list.push([lo, hi]); // the library accepts "[z-a]"; it just never matches
  }
  list.sort((a, b) => a[0] - b[0]);
  const out: RuneSet = [];
  for (const [lo, hi] of list) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) out[n - 1] = Math.max(out[n - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

function complement(set: RuneSet): RuneSet {
  const out: RuneSet = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    if (set[i]! > next) out.push(next, set[i]! - 1);
    next = set[i + 1]! + 1;
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

function without(set: RuneSet, lo: number, hi: number): RuneSet {
  return normalize(complement(normalize([...complement(set), lo, hi])));
}

export function runeSetHas(set: RuneSet, rune: number): boolean {
  for (let i = 0; i < set.length; i += 2) if (set[i]! <= rune && rune <= set[i + 1]!) return true;
  return false;
}

/**
 * The runes a class accepts in a name component, as code-point ranges a 'u' regex can use. '/' never
 * occurs inside a name component (it separates them), so it is removed. A lone surrogate in a JS name
 * stands for U+FFFD (see code-points.ts): in a 'u' regex it is its own code point, so the surrogate block
 * is accepted exactly when U+FFFD is.
 */
export function classRuneSet(spec: ClassSpec): RuneSet {
  let set = normalize(spec.ranges.slice());
  if (spec.negated) set = complement(set);
  set = without(set, SLASH, SLASH);
  set = without(set, SURROGATE_LOW, SURROGATE_HIGH);
  if (runeSetHas(set, RUNE_ERROR)) set = normalize([...set, SURROGATE_LOW, SURROGATE_HIGH]);
  return set;
}

/** A regex source for one code point ('u' flag): letters and digits as is, everything else \u{...}. */
export function regexRune(cp: number): string {
  const isWord = (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
  return isWord ? String.fromCharCode(cp) : `\\u{${cp.toString(16)}}`;
}

/** A regex class ('u' flag) for a rune set; an empty set becomes "[]", which never matches. */
export function regexClass(set: RuneSet): string {
  let s = '[';
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i]!;
    const hi = set[i + 1]!;
    s += lo === hi ? regexRune(lo) : `${regexRune(lo)}-${regexRune(hi)}`;
  }
  return `${s}]`;
}
