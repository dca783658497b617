// Runs anywhere (pure).
/**
 * matchGlob: one-shot matching with the compiled patterns kept in a bounded map per dialect, so callers
 * that do not hold on to compiled globs still parse each pattern once while it stays in use.
 */
import type { CompiledGlob, Dialect, GlobOutcome } from './dialect.js';
import { compileGlob } from './compile.js';

/** Distinct patterns kept per dialect; the oldest entry goes first when full. */
export const GLOB_CACHE_LIMIT = 1024;

const caches: Record<Dialect, Map<string, CompiledGlob>> = { 'v1.3.4': new Map(), 'v1.1.1': new Map() };

export function cachedGlob(pattern: string, dialect: Dialect): CompiledGlob {
  const cache = caches[dialect];
  let glob = cache.get(pattern);
  if (glob === undefined) {
    glob = compileGlob(pattern, dialect);
    if (cache.size >= GLOB_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(pattern, glob);
  }
  return glob;
}

/** doublestar.Match(pattern, name) of the given library version. */
export function matchGlob(pattern: string, name: string, dialect: Dialect): GlobOutcome {
  return cachedGlob(pattern, dialect).match(name);
}
