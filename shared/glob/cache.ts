// Runs anywhere (pure).
/**
 * matchGlob: one-shot matching with the compiled patterns kept in a bounded map per dialect, so callers
 * that do not hold on to compiled globs still parse each pattern once while it stays in use.
 */
import type { CompiledGlob, Dialect, GlobOutcome } from './dialect.js';
import { compileGlob } from './compile.js';
import { keptPerPattern } from './kept-per-pattern.js';

/** Distinct patterns kept per dialect; the oldest entry goes first when full. */
export const GLOB_CACHE_LIMIT = 1024;

export const cachedGlob: (pattern: string, dialect: Dialect) => CompiledGlob = keptPerPattern(GLOB_CACHE_LIMIT, compileGlob);

/** doublestar.Match(pattern, name) of the given library version. */
export function matchGlob(pattern: string, name: string, dialect: Dialect): GlobOutcome {
  return cachedGlob(pattern, dialect).match(name);
}
