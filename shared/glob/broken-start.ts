// Runs anywhere (pure).
/**
 * Whether a pattern is broken at its very first token (`[`, `{a`, `\` alone, `[!-]x`...). doublestar reads
 * that token first for every name whose first path component is non-empty, which is every repository name
 * and every tag, so matching such a pattern fails for all of them: a selector with it fails on every
 * evaluation. Other broken patterns fail only for the names that reach the broken part (`a[` vs `ab`).
 *
 * v1.3.4 reads the pattern as one text; v1.1.1 splits it on "/" first and reads the first piece (which is
 * why `{a/b,c}` is broken at its start there and not in v1.3.4).
 */
import { runesOf } from './code-points.js';
import type { Dialect } from './dialect.js';
import { TextPool } from './pattern-text.js';
import { splitUnescaped } from './syntax.js';
import { keptPerPattern } from './kept-per-pattern.js';

const SLASH = 0x2f;

/** Kept per pattern: lint asks for every rule on every keystroke. */
export const brokenAtStart: (pattern: string, dialect: Dialect) => boolean = keptPerPattern(1024, brokenAtStartOf);

function brokenAtStartOf(pattern: string, dialect: Dialect): boolean {
  if (pattern === '') return false; // Harbor never hands an empty pattern to the library
  const pool = new TextPool(dialect);
  const runes = runesOf(pattern);
  const first = dialect === 'v1.1.1' ? splitUnescaped(runes, 0, runes.length, SLASH, false) : [0, runes.length];
  const text = pool.intern(runes.slice(first[0], first[1]));
  return text.length > 0 && text.token(0).bad;
}
