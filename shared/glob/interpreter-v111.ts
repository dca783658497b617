// Runs anywhere (pure).
/**
 * doublestar v1.1.1 `Match(pattern, name)`, step by step, as Harbor before 2.9.5 / 2.10.3 runs it (the
 * copy vendored in goharbor/harbor while src/vendor/modules.txt listed `github.com/bmatcuk/doublestar
 * v1.1.1`).
 *
 * Both pattern and name are split on unescaped '/' first (a trailing '/' adds no empty component, so
 * "nginx/" is "nginx"); components are then matched pairwise, a "**" component absorbing zero or more
 * name components. Within a component:
 * - `{...}` ends at the first unescaped '}' (no nesting; "{a/b}" was split in two, so it is an error when
 *   reached) and its options are split at unescaped ',' dropping an empty last one; each `option + rest`
 *   is matched as a new pattern;
 * - a star tries the rest at later positions and ignores errors there ("*\" against "a" is false);
 * - an empty name component only matches "" or "*"; the pattern may end with "*" or "**" once the name
 *   component is used up.
 *
 * Bytes, not runes: v1.1.1's star advances by the byte width of the rune where the star began, so after
 * a multi-byte rune it can try positions inside later runes, where Go reads utf8.RuneError (width 1).
 * "*.txt" misses "【test】.txt" for that reason. The name is therefore matched as UTF-8 bytes.
 */
import { runeAt, runeWidthAt, runesOf, utf8Into } from './code-points.js';
import { ERROR, MATCH, MISS, type Outcome } from './outcome.js';
import type { PatternText } from './pattern-text.js';
import { TK_ANY, TK_BRACE, TK_CLASS, TK_ESCAPE, TK_LITERAL, TK_STAR, TextPool, warmUp } from './pattern-text.js';
import { classAccepts, splitUnescaped } from './syntax.js';

const SLASH = 0x2f;

// The name being matched: UTF-8 bytes and component ranges (one scratch area; matching is synchronous).
const bytesHolder = { buf: new Uint8Array(256) };
let bytes: Uint8Array = bytesHolder.buf;
const comps: number[] = [];
let compCount = 0;

function matchComponent(text: PatternText, at: number, n: number, end: number): Outcome {
  const len = text.length;
  if (at >= len) return n >= end ? MATCH : MISS;
  if (n >= end && !text.isStars(at, 1)) return MISS;
  let p = at;
  while (p < len && n < end) {
    const tok = text.token(p);
    const rune = runeAt(bytes, n);
    const width = runeWidthAt(bytes, n);
    switch (tok.kind) {
      case TK_ESCAPE:
        if (tok.bad) return ERROR;
        if (tok.rune !== rune) return MISS;
        p = tok.next;
        n += width;
        break;
      case TK_STAR:
        p = tok.next;
        if (p >= len) return MATCH;
        // The step stays the width of the rune under the star (the library never re-reads it).
        for (; n < end; n += width) if (matchComponent(text, p, n, end) === MATCH) return MATCH;
        return MISS;
      case TK_CLASS:
        if (tok.bad) return ERROR;
        if (!classAccepts(tok.cls!, rune)) return MISS;
        p = tok.next;
        n += width;
        break;
      case TK_BRACE:
        if (tok.bad) return ERROR;
        for (const option of text.optionTexts(tok)) {
          const r = matchComponent(option, 0, n, end);
          if (r !== MISS) return r;
        }
        return MISS;
      case TK_ANY:
        p++;
        n += width;
        break;
      case TK_LITERAL:
      default:
        if (tok.rune !== rune) return MISS;
        p++;
        n += width;
    }
  }
  if (p >= len && n >= end) return MATCH;
  return (n >= end && text.isStars(p, 1)) || text.isStars(p, 2) ? MATCH : MISS;
}

/** A pattern prepared for v1.1.1: split into component texts once, each parsed on first use and kept. */
export class InterpreterV111 {
  private readonly components: PatternText[] = [];
  private readonly globstar: boolean[] = [];

  constructor(pattern: string) {
    const pool = new TextPool('v1.1.1');
    const runes = runesOf(pattern);
    const ranges = splitUnescaped(runes, 0, runes.length, SLASH, false);
    for (let k = 0; k < ranges.length; k += 2) {
      const text = pool.intern(runes.slice(ranges[k], ranges[k + 1]));
      warmUp(text);
      this.components.push(text);
      this.globstar.push(text.length === 2 && text.isStars(0, 2));
    }
  }

  match(name: string): Outcome {
    const n = utf8Into(name, bytesHolder);
    bytes = bytesHolder.buf;
    splitUnescaped(bytes, 0, n, SLASH, false, comps);
    compCount = comps.length / 2;
    return this.doMatching(0, 0);
  }

  private doMatching(pi: number, ni: number): Outcome {
    const count = this.components.length;
    while (pi < count && ni < compCount) {
      if (this.globstar[pi]) {
        pi++;
        if (pi >= count) return MATCH;
        // Errors in the tail are ignored here, as in the library.
        for (; ni < compCount; ni++) if (this.doMatching(pi, ni) === MATCH) return MATCH;
        return MISS;
      }
      const r = matchComponent(this.components[pi]!, 0, comps[2 * ni]!, comps[2 * ni + 1]!);
      if (r !== MATCH) return r;
      pi++;
      ni++;
    }
    return pi >= count && ni >= compCount ? MATCH : MISS;
  }
}
