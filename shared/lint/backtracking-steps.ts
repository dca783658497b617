// Runs anywhere (pure).
/**
 * Counts the steps a backtracking glob matcher takes on one name, the way the library Harbor links walks a
 * path segment: literals and `?` advance, a `*` tries every split of the rest of the name, each try one
 * step. Counting stops at `cap`, so measuring a pattern that would take minutes costs a few milliseconds.
 * Classes (`[a-z]`, `[^0-9]`) are read as the character sets they name; an unreadable class matches any
 * character (it only changes where a try fails, not how the stars backtrack).
 */

const CAPPED = Symbol('capped');

type Token = { kind: 'star' } | { kind: 'one'; test: (c: string) => boolean };

function classTest(body: string): (c: string) => boolean {
  const negated = body.startsWith('^');
  const inner = (negated ? body.slice(1) : body).replace(/[\]\\]/g, (m) => `\\${m}`);
  try {
    const re = new RegExp(`^[${negated ? '^' : ''}${inner}]$`, 'u');
    return (c) => re.test(c);
  } catch {
    return () => true;
  }
}

/** One `/`-free segment of a pattern as tokens; `**` is read as one star (it cannot cross a `/` here). */
function tokens(segment: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') {
      while (segment[i + 1] === '*') i++;
      if (out.at(-1)?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') out.push({ kind: 'one', test: () => true });
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) return out; // broken class: the library fails here; nothing more to count
      out.push({ kind: 'one', test: classTest(segment.slice(i + 1, end)) });
      i = end;
    } else {
      const literal = c === '\\' && i + 1 < segment.length ? segment[++i]! : c;
      out.push({ kind: 'one', test: (x) => x === literal });
    }
  }
  return out;
}

export interface StepCount {
  steps: number;
  /** Counting stopped at the cap: the real number is larger. */
  capped: boolean;
  matched: boolean;
}

export function backtrackingSteps(segment: string, name: string, cap: number): StepCount {
  const pattern = tokens(segment);
  const chars = [...name];
  let steps = 0;
  const walk = (p: number, n: number): boolean => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentinel that unwinds the recursion; caught below, never escapes
    if (++steps > cap) throw CAPPED;
    while (p < pattern.length) {
      const token = pattern[p]!;
      if (token.kind === 'star') {
        if (p === pattern.length - 1) return true;
        for (let split = n; split <= chars.length; split++) if (walk(p + 1, split)) return true;
        return false;
      }
      if (n >= chars.length || !token.test(chars[n]!)) return false;
      p++;
      n++;
    }
    return n === chars.length;
  };
  try {
    const matched = walk(0, 0);
    return { steps, capped: false, matched };
  } catch (error) {
    if (error !== CAPPED) throw error;
    return { steps: cap, capped: true, matched: false };
  }
}
