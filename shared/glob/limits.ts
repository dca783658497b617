// Runs anywhere (pure).
/**
 * Taglock's own bounds on a pattern it will match. Harbor stores any pattern, but a 120 KB nested-brace
 * pattern exhausts memory and a long one makes every message huge; real rules stay far below these.
 */
import { badInput } from '../errors.js';

export const MAX_PATTERN_LENGTH = 2048;
export const MAX_BRACE_DEPTH = 8;

/** How deep `{…}` alternatives nest (a backslash escapes the next character, as in doublestar). */
export function braceDepth(pattern: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === '}' && depth > 0) depth--;
  }
  return deepest;
}

/** Why Taglock will not match this pattern, or null. */
export function patternLimitProblem(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `the pattern is ${pattern.length.toLocaleString('en-US')} characters long; Taglock matches patterns of up to ${MAX_PATTERN_LENGTH.toLocaleString('en-US')} (Harbor stores anything)`;
  }
  const depth = braceDepth(pattern);
  if (depth > MAX_BRACE_DEPTH) return `the pattern nests braces ${depth} deep; Taglock matches patterns nested up to ${MAX_BRACE_DEPTH} deep (Harbor stores anything)`;
  return null;
}

/** Throws bad-input naming `where` when a pattern is beyond Taglock's bounds. */
export function requirePatternWithinLimits(pattern: string, where: string): void {
  const problem = patternLimitProblem(pattern);
  if (problem !== null) throw badInput(`${where}: ${problem}`);
}
