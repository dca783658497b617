// Runs anywhere (pure).
/**
 * Harbor's tag-immutability glob: a bit-exact reimplementation of github.com/bmatcuk/doublestar
 * `Match(pattern, name)` (separator '/') in the two versions Harbor has linked, v1.3.4 and v1.1.1,
 * errors (ErrBadPattern, reported lazily) and quirks included. See compile.ts for the structure.
 */
export type { CompiledGlob, Dialect, GlobOutcome } from './dialect.js';
export { DEFAULT_DIALECT, DIALECTS, isDialect } from './dialect.js';
export { compileGlob } from './compile.js';
export { GLOB_CACHE_LIMIT, matchGlob } from './cache.js';
