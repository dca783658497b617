// Runs anywhere (pure).
/**
 * The scanning primitives doublestar v1 is built from, on rune arrays, with their exact quirks. Both
 * dialects share them; where the two library versions differ (splitting on a separator, finding the end
 * of a brace) each has its own function and says which version it belongs to.
 *
 * Ranges are half-open [start, end) positions in a rune array.
 */

const BACKSLASH = 0x5c;
const LEFT_BRACE = 0x7b;
const RIGHT_BRACE = 0x7d;
const COMMA = 0x2c;
const CARET = 0x5e;
const DASH = 0x2d;

/**
 * indexRuneWithEscaping: the first `ch` in [start, end) not directly preceded by a backslash. Only the one
 * rune before counts (so an escaped backslash still "escapes" what follows), and the first position is
 * never escaped: the library looks only inside the slice it was handed.
 */
export function indexUnescaped(runes: ArrayLike<number>, start: number, end: number, ch: number): number {
  for (let e = start; e < end; e++) {
    if (runes[e] === ch && (e === start || runes[e - 1] !== BACKSLASH)) return e;
  }
  return -1;
}

/**
 * splitPathOnSeparator on [start, end): pieces between unescaped separators. v1.1.1 drops the empty piece
 * after a trailing separator; v1.3.4 keeps it (`keepEmptyEnd`). An empty input is one empty piece.
 * Returns flat [start0, end0, start1, end1, ...].
 */
export function splitUnescaped(
  runes: ArrayLike<number>,
  start: number,
  end: number,
  sep: number,
  keepEmptyEnd: boolean,
  out: number[] = [],
): number[] {
  out.length = 0;
  let any = false;
  for (let i = start; i < end; i++) {
    if (runes[i] === sep) {
      any = true;
      break;
    }
  }
  if (!any) {
    out.push(start, end);
    return out;
  }
  let emptyEnd = false;
  for (let s = start; s < end; ) {
    let e = indexUnescaped(runes, s, end, sep);
    if (e === -1) {
      emptyEnd = false;
      e = end;
    } else emptyEnd = true;
    out.push(s, e);
    s = e + 1;
  }
  if (keepEmptyEnd && emptyEnd) out.push(end, end);
  return out;
}

export interface Alternatives {
  /** Flat [start, end, ...] of each option's raw text (escapes kept). */
  options: number[];
  /** Position just after the closing brace. */
  next: number;
}

/**
 * v1.3.4 splitAlternatives, called just after a '{': options split at top-level commas, nested braces
 * counted, a backslash escaping the next rune. Null when the braces do not close before `end`.
 */
export function splitAlternatives(runes: ArrayLike<number>, start: number, end: number): Alternatives | null {
  const options: number[] = [];
  let depth = 1;
  let escaped = false;
  let from = start;
  let i = start;
  while (depth > 0) {
    if (i >= end) return null;
    const c = runes[i];
    if (escaped) escaped = false;
    else if (c === BACKSLASH) escaped = true;
    else if (c === LEFT_BRACE) depth++;
    else if (c === RIGHT_BRACE) depth--;
    else if (c === COMMA && depth === 1) {
      options.push(from, i);
      from = i + 1;
    }
    i++;
  }
  options.push(from, i - 1);
  return { options, next: i };
}

/**
 * v1.1.1 alternatives, called just after a '{': the text up to the first unescaped '}' split at unescaped
 * commas (no nesting; an empty last option is dropped). Null when there is no '}'.
 */
export function splitAlternativesV111(runes: ArrayLike<number>, start: number, end: number): Alternatives | null {
  const close = indexUnescaped(runes, start, end, RIGHT_BRACE);
  if (close === -1) return null;
  return { options: splitUnescaped(runes, start, close, COMMA, false), next: close + 1 };
}

/** A parsed character class: the rune ranges as flat [low0, high0, ...] and whether '^' negates it. */
export interface ClassSpec {
  ranges: number[];
  negated: boolean;
}

/**
 * The class body between '[' and its ']' exactly as matchComponent reads it. Null where the library
 * reports ErrBadPattern (empty body, a stray '-', a dangling backslash or range). It reads the whole body
 * even after a rune matched, so a broken tail is an error whatever the name is.
 */
export function parseClass(runes: ArrayLike<number>, start: number, end: number): ClassSpec | null {
  if (start >= end) return null;
  const negated = runes[start] === CARET;
  const ranges: number[] = [];
  let i = negated ? start + 1 : start;
  while (i < end) {
    let low = runes[i]!;
    if (low === DASH) return null;
    i++;
    if (low === BACKSLASH) {
      if (i >= end) return null;
      low = runes[i++]!;
    }
    let high = low;
    if (i < end && runes[i] === DASH) {
      i++;
      if (i >= end) return null;
      high = runes[i]!;
      if (high === DASH) return null;
      i++;
      if (high === BACKSLASH) {
        if (i >= end) return null;
        high = runes[i++]!;
      }
    }
    ranges.push(low, high);
  }
  return { ranges, negated };
}

/** Whether a parsed class accepts `rune` (a class test passes when "some range holds" differs from negation). */
export function classAccepts(spec: ClassSpec, rune: number): boolean {
  const r = spec.ranges;
  let hit = false;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i]! <= rune && rune <= r[i + 1]!) {
      hit = true;
      break;
    }
  }
  return hit !== spec.negated;
}
