// Runs anywhere (pure).
/**
 * What a name must begin with for a pattern to match it, read off the pattern's first tokens: a prefilter
 * that lets a caller holding many patterns skip matching the ones that cannot match a name (a one-off tag
 * "sha-1f2e3d4" against "v*", "release-*", "[0-9]*"...), with the same answer the match would give.
 *
 * Only simple patterns (fast-path.ts) get sets: they can never be ErrBadPattern, so a name they cannot
 * match is a plain miss, and both library versions read their first component token by token from the
 * start of the name's first component. A literal or a class there takes exactly one rune, so the first
 * code point of any name the pattern matches lies in the first set, and the second in the second set
 * when there is one. A brace adds the first runes of its options (each starts with a literal or is not
 * narrowed) and ends the sets; '?', a star or a "**" component end them too.
 *
 * The sets say nothing about names whose first or second character is '/' (an empty first component) or
 * '\' (an escaped separator, which the library does not split at): callers ask only about names that
 * begin with two other ASCII characters, where the first two code points are the first two runes of the
 * name's first component in both versions.
 *
 * fast-path.ts's requiredStart gives the ASCII literals that open a pattern as a string; these sets also
 * cover a class or a brace there ("[0-9]*", "{main,latest}"), one rune of each of two positions.
 */
import type { Dialect } from './dialect.js';
import type { Tok } from './fast-path.js';
import { parseSimple } from './fast-path.js';
import type { RuneSet } from './rune-set.js';
import { classRuneSet, runeSetHas } from './rune-set.js';

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const ASCII_END = 0x80;

/** The runes one token can start with, as a set, or null when it can start with any (or with nothing). */
function firstRunes(tok: Tok): RuneSet | null {
  switch (tok.k) {
    case 'lit':
      return [tok.rune, tok.rune];
    case 'class':
      return tok.set;
    case 'alt': {
      const runes: number[] = [];
      for (const option of tok.options) {
        const first = option[0]!;
        if (first.k !== 'lit') return null;
        runes.push(first.rune);
      }
      return classRuneSet({ ranges: runes.flatMap((rune) => [rune, rune]), negated: false });
    }
    default:
      return null;
  }
}

/**
 * The sets (none, one or two) in which the first and second code points of every name the pattern
 * matches lie; none when the pattern is not simple or its first component may start with anything.
 */
export function leadingRuneSets(pattern: string, dialect: Dialect): RuneSet[] {
  if (pattern === '') return []; // Harbor never hands an empty pattern to the library: it selects every name
  const components = parseSimple(pattern, dialect);
  if (components === null || components[0]!.globstar) return [];
  const toks = components[0]!.toks;
  const sets: RuneSet[] = [];
  for (let t = 0; t < toks.length && sets.length < 2; t++) {
    const set = firstRunes(toks[t]!);
    if (set === null) break;
    sets.push(set);
    if (toks[t]!.k === 'alt') break; // an option may be longer than one rune
  }
  return sets;
}

/**
 * Whether a name whose first two characters are `first` and `second` (both ASCII, neither '/' nor '\')
 * may match a pattern with these leading sets; false means the pattern misses the name.
 */
export function mayLeadWith(sets: readonly RuneSet[], first: number, second: number): boolean {
  return (sets.length < 1 || runeSetHas(sets[0]!, first)) && (sets.length < 2 || runeSetHas(sets[1]!, second));
}

/** Whether `mayLeadWith` may be asked about a name starting with these two characters. */
export function isLeadCharacter(c: number): boolean {
  return c < ASCII_END && c !== SLASH && c !== BACKSLASH;
}
