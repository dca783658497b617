// Runs anywhere (pure).
/**
 * A pattern string as the interpreters see it: its runes plus, per position, the token matchComponent
 * would read there, parsed on first use and then kept. doublestar re-reads pattern text on every call and
 * builds new pattern strings while matching (`option + rest` for each alternative); here every such string
 * becomes one PatternText, interned by content in its compiled glob's pool, so each piece of a pattern is
 * parsed once per compiled glob however many names it meets.
 *
 * The token at a position depends only on the text and the position, never on where scanning started,
 * which is what lets a suffix of a text be represented as (text, offset).
 */
import { RUNE_ERROR, runesOf } from './code-points.js';
import type { Dialect } from './dialect.js';
import type { ClassSpec } from './syntax.js';
import { indexUnescaped, parseClass, splitAlternatives, splitAlternativesV111 } from './syntax.js';

export const TK_LITERAL = 0;
export const TK_ANY = 1;
export const TK_STAR = 2;
export const TK_ESCAPE = 3;
export const TK_CLASS = 4;
export const TK_BRACE = 5;
/** v1.3.4 only: a '/' ends the component being matched (v1.1.1 pre-splits, a '/' there is a literal). */
export const TK_SLASH = 6;

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const QUESTION = 0x3f;
const LEFT_BRACKET = 0x5b;
const RIGHT_BRACKET = 0x5d;
const LEFT_BRACE = 0x7b;

function runesToString(runes: readonly number[]): string {
  let s = '';
  for (let i = 0; i < runes.length; i += 4096) s += String.fromCodePoint(...runes.slice(i, i + 4096));
  return s;
}

export class Token {
  /** TK_BRACE: the `option + rest` texts, built on first use (see PatternText.optionTexts). */
  expanded: PatternText[] | null = null;
  constructor(
    readonly kind: number,
    /** Position after the token. */
    readonly next: number,
    /** TK_LITERAL, TK_ESCAPE: the rune compared with the name. */
    readonly rune: number,
    /** TK_ESCAPE, TK_CLASS, TK_BRACE: reaching this token is ErrBadPattern. */
    readonly bad: boolean,
    readonly cls: ClassSpec | null,
    /** TK_BRACE: flat [start, end, ...] of the raw option texts. */
    readonly options: number[] | null,
  ) {}
}

export class PatternText {
  private readonly tokens: (Token | undefined)[];
  /** Per-interpreter memo keyed by offset (v1.3.4 keeps its tails and zero-length answers here). */
  readonly memo: unknown[] = [];

  constructor(
    readonly pool: TextPool,
    readonly runes: readonly number[],
  ) {
    this.tokens = new Array<Token | undefined>(runes.length);
  }

  get length(): number {
    return this.runes.length;
  }

  token(i: number): Token {
    return this.tokens[i] ?? (this.tokens[i] = this.pool.tokenize(this, i));
  }

  /** The texts `option + text[token.next:]` of a brace token, the strings the library recurses on. */
  optionTexts(tok: Token): PatternText[] {
    if (tok.expanded !== null) return tok.expanded;
    const opts = tok.options!;
    const rest = this.runes.slice(tok.next);
    const texts: PatternText[] = [];
    for (let k = 0; k < opts.length; k += 2) {
      texts.push(this.pool.intern(this.runes.slice(opts[k], opts[k + 1]).concat(rest)));
    }
    return (tok.expanded = texts);
  }

  /** Whether text[from:] is exactly `count` stars (v1.1.1 compares the rest with "*" and "**"). */
  isStars(from: number, count: number): boolean {
    if (this.runes.length - from !== count) return false;
    for (let i = from; i < this.runes.length; i++) if (this.runes[i] !== STAR) return false;
    return true;
  }
}

/** The texts of one compiled glob, interned by content so that equal strings share their parse. */
export class TextPool {
  private readonly texts = new Map<string, PatternText>();

  /** The library version whose tokenizer (brace and '/' rules) this pool uses. */
  constructor(readonly flavor: Dialect) {}

  intern(runes: number[]): PatternText {
    const key = runesToString(runes);
    let text = this.texts.get(key);
    if (text === undefined) {
      text = new PatternText(this, runes);
      this.texts.set(key, text);
    }
    return text;
  }

  internString(s: string): PatternText {
    return this.intern(runesOf(s));
  }

  /** What matchComponent reads at position i (the order of checks follows the library). */
  tokenize(text: PatternText, i: number): Token {
    const r = text.runes;
    const c = r[i]!;
    if (c === SLASH && this.flavor === 'v1.3.4') return new Token(TK_SLASH, i + 1, c, false, null, null);
    if (c === BACKSLASH) {
      // Go decodes the next rune; end of string or U+FFFD both read as utf8.RuneError -> ErrBadPattern.
      const next = i + 1 < r.length ? r[i + 1]! : RUNE_ERROR;
      return new Token(TK_ESCAPE, i + 2, next, next === RUNE_ERROR, null, null);
    }
    if (c === STAR) return new Token(TK_STAR, i + 1, c, false, null, null);
    if (c === LEFT_BRACKET) {
      // The closing ']' is searched in the rest of the text (for v1.3.4 even past a '/').
      const end = indexUnescaped(r, i + 1, r.length, RIGHT_BRACKET);
      const cls = end === -1 ? null : parseClass(r, i + 1, end);
      return new Token(TK_CLASS, end + 1, c, cls === null, cls, null);
    }
    if (c === LEFT_BRACE) {
      const alt = this.flavor === 'v1.3.4' ? splitAlternatives(r, i + 1, r.length) : splitAlternativesV111(r, i + 1, r.length);
      return alt === null ? new Token(TK_BRACE, i + 1, c, true, null, null) : new Token(TK_BRACE, alt.next, c, false, null, alt.options);
    }
    if (c === QUESTION) return new Token(TK_ANY, i + 1, c, false, null, null);
    return new Token(TK_LITERAL, i + 1, c, false, null, null);
  }
}

/** How many texts compile-time warm-up parses before leaving the rest to parse-on-first-use. */
const WARM_UP_BUDGET = 64;

/**
 * Parses, at compile time, the tokens a match can walk through: each text from its start up to its first
 * brace (past a brace the library continues in the option texts, which hold the rest), and the option
 * texts themselves, up to a budget (pathological nesting is left to parse-on-first-use).
 */
export function warmUp(root: PatternText, budget = WARM_UP_BUDGET): void {
  const queue: PatternText[] = [root];
  const seen = new Set<PatternText>(queue);
  for (let q = 0; q < queue.length; q++) {
    const text = queue[q]!;
    for (let p = 0; p < text.length; ) {
      const tok = text.token(p);
      if (tok.bad) break;
      if (tok.kind === TK_BRACE) {
        for (const option of text.optionTexts(tok)) {
          if (!seen.has(option) && seen.size < budget) {
            seen.add(option);
            queue.push(option);
          }
        }
        break;
      }
      p = tok.next;
    }
  }
}
