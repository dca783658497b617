// Runs anywhere (pure).
/**
 * doublestar v1.3.4 `Match(pattern, name)`, step by step, as Harbor >= 2.9.5 / 2.10.3 and 2.11 run it
 * (the copy vendored in goharbor/harbor next to `github.com/bmatcuk/doublestar v1.3.4` in src/go.mod).
 *
 * The library splits the name on '/' up front (an escaped "\/" in the name does not split; a trailing '/'
 * leaves an empty last component) but not the pattern: matchComponent matches one name component against
 * the head of the pattern and returns the pattern tails to try on the next component ([] = the pattern
 * ended there, nil = no match). Its quirks come from that shape and are kept on purpose:
 * - alternatives are tried on `option + rest-of-pattern` and their tails are concatenated, so an option
 *   that ends the pattern ([]) disappears next to one that continues ("{team/app,team}" misses "team");
 * - inside braces a "**" is only a star, and a star returns the first position that yields anything;
 * - errors propagate from stars and alternatives, but not from the tail tried after a "**" component;
 * - when the name component runs out, the rest of the pattern component must be "", "*", "**" or a brace
 *   group with an empty-capable option (isZeroLengthPattern), and that test can itself be an error.
 *
 * Runes, not bytes: v1.3.4 always steps whole runes through the name, so code points are exact.
 */
import { runesInto } from './code-points.js';
import type { PatternText } from './pattern-text.js';
import { TK_ANY, TK_BRACE, TK_CLASS, TK_ESCAPE, TK_LITERAL, TK_SLASH, TK_STAR, TextPool, warmUp } from './pattern-text.js';
import { MATCH, MISS, ERROR, type Outcome } from './outcome.js';
import { classAccepts, indexUnescaped, splitAlternatives, splitUnescaped } from './syntax.js';

const SLASH = 0x2f;
const STAR = 0x2a;
const LEFT_BRACE = 0x7b;

/** A pattern tail to try on the next name component: text[at:]. `single` is the one-element list [this]. */
interface Tail {
  readonly text: PatternText;
  readonly at: number;
  readonly single: readonly Tail[];
}

/** matchComponent's answer: null = no match, a list of tails ([] = the pattern ended), or BAD. */
type Tails = readonly Tail[] | null;
const ENDED: readonly Tail[] = Object.freeze([]);
const BAD: readonly Tail[] = Object.freeze([]);

/** What doMatching and the end-of-name test need per offset of a text, computed once. */
interface OffsetInfo {
  tail: Tail | undefined;
  /** doMatching's "**" test: -1 not a "**" component, -2 the last one, else the offset after its '/'. */
  globstar: number | undefined;
  /** matchComponent's answer when the name component ends at this offset of the pattern. */
  zero: Tails | undefined;
}

const NOT_GLOBSTAR = -1;
const LAST_GLOBSTAR = -2;

function info(text: PatternText, at: number): OffsetInfo {
  let i = text.memo[at] as OffsetInfo | undefined;
  if (i === undefined) text.memo[at] = i = { tail: undefined, globstar: undefined, zero: undefined };
  return i;
}

function tailAt(text: PatternText, at: number): Tail {
  const i = info(text, at);
  if (i.tail === undefined) {
    const single: Tail[] = [];
    const tail: Tail = { text, at, single };
    single.push(tail);
    i.tail = tail;
  }
  return i.tail;
}

function globstarAt(text: PatternText, at: number): number {
  const i = info(text, at);
  if (i.globstar === undefined) {
    const r = text.runes;
    const slash = indexUnescaped(r, at, r.length, SLASH);
    const end = slash === -1 ? r.length : slash;
    const isGlobstar = end - at === 2 && r[at] === STAR && r[at + 1] === STAR;
    i.globstar = !isGlobstar ? NOT_GLOBSTAR : slash === -1 ? LAST_GLOBSTAR : slash + 1;
  }
  return i.globstar;
}

/** isZeroLengthPattern on runes[a:b]: true, false, or null for ErrBadPattern. */
function isZeroLength(r: readonly number[], a: number, b: number): boolean | null {
  const n = b - a;
  if (n === 0 || (n === 1 && r[a] === STAR) || (n === 2 && r[a] === STAR && r[a + 1] === STAR)) return true;
  if (r[a] !== LEFT_BRACE) return false;
  const alt = splitAlternatives(r, a + 1, b);
  if (alt === null) return null;
  const rest = isZeroLength(r, alt.next, b);
  if (rest !== true) return rest;
  for (let k = 0; k < alt.options.length; k += 2) {
    const z = isZeroLength(r, alt.options[k]!, alt.options[k + 1]!);
    if (z !== false) return z;
  }
  return false;
}

/** The answer of matchComponent when the name component is used up at text[at:] (at < length). */
function zeroAt(text: PatternText, at: number): Tails {
  const i = info(text, at);
  if (i.zero === undefined) {
    const r = text.runes;
    const slash = indexUnescaped(r, at, r.length, SLASH);
    const zero = isZeroLength(r, at, slash === -1 ? r.length : slash);
    i.zero = zero === null ? BAD : !zero ? null : slash === -1 ? ENDED : tailAt(text, slash + 1).single;
  }
  return i.zero;
}

// The name being matched: its runes and component ranges. Matching is synchronous and never re-entered,
// so one scratch area serves every compiled glob.
const nameHolder = { buf: new Int32Array(64) };
let name: Int32Array = nameHolder.buf;
const comps: number[] = [];
let compCount = 0;

function matchComponent(text: PatternText, at: number, n: number, end: number): Tails {
  const len = text.length;
  let p = at;
  while (p < len && n < end) {
    const tok = text.token(p);
    switch (tok.kind) {
      case TK_SLASH:
        return null; // the pattern component ended before the name component did
      case TK_ESCAPE:
        if (tok.bad) return BAD;
        if (tok.rune !== name[n]) return null;
        p = tok.next;
        n++;
        break;
      case TK_STAR: {
        p = tok.next;
        if (p >= len) return ENDED;
        if (text.runes[p] === SLASH) return tailAt(text, p + 1).single;
        for (; n < end; n++) {
          const m = matchComponent(text, p, n, end);
          if (m !== null) return m;
        }
        return null;
      }
      case TK_CLASS:
        if (tok.bad) return BAD;
        if (!classAccepts(tok.cls!, name[n]!)) return null;
        p = tok.next;
        n++;
        break;
      case TK_BRACE: {
        if (tok.bad) return BAD;
        let found: Tails = null;
        for (const option of text.optionTexts(tok)) {
          const m = matchComponent(option, 0, n, end);
          if (m === BAD) return BAD;
          if (m !== null) found = found === null ? m : found.concat(m);
        }
        return found;
      }
      case TK_ANY:
        p++;
        n++;
        break;
      case TK_LITERAL:
      default:
        if (tok.rune !== name[n]) return null;
        p++;
        n++;
    }
  }
  if (n < end) return null;
  return p >= len ? ENDED : zeroAt(text, p);
}

function doMatching(text: PatternText, at: number, ci: number): Outcome {
  const g = globstarAt(text, at);
  if (g === LAST_GLOBSTAR) return MATCH;
  if (g !== NOT_GLOBSTAR) {
    // Errors in the tail are ignored here, as in the library.
    for (let j = ci; j < compCount; j++) if (doMatching(text, g, j) === MATCH) return MATCH;
    return MISS;
  }
  const m = matchComponent(text, at, comps[2 * ci]!, comps[2 * ci + 1]!);
  if (m === null) return MISS;
  if (m === BAD) return ERROR;
  const remaining = compCount - ci;
  if (m.length === 0 && remaining === 1) return MATCH;
  if (remaining > 1) {
    for (const tail of m) {
      const r = doMatching(tail.text, tail.at, ci + 1);
      if (r !== MISS) return r;
    }
  }
  return MISS;
}

/** A pattern prepared for v1.3.4: its texts are parsed on first use and kept. */
export class InterpreterV134 {
  private readonly root: PatternText;

  constructor(pattern: string) {
    this.root = new TextPool('v1.3.4').internString(pattern);
    warmUp(this.root);
  }

  match(nameString: string): Outcome {
    const n = runesInto(nameString, nameHolder);
    name = nameHolder.buf;
    splitUnescaped(name, 0, n, SLASH, true, comps);
    compCount = comps.length / 2;
    return doMatching(this.root, 0, 0);
  }
}
