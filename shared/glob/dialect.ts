// Runs anywhere (pure).
/**
 * The two versions of github.com/bmatcuk/doublestar that Harbor has linked. Harbor >= 2.9.5, >= 2.10.3
 * and 2.11+ use v1.3.4; older releases use v1.1.1. The default is the current one.
 */
export type Dialect = 'v1.3.4' | 'v1.1.1';

export const DIALECTS: readonly Dialect[] = ['v1.3.4', 'v1.1.1'];
export const DEFAULT_DIALECT: Dialect = 'v1.3.4';

export function isDialect(value: unknown): value is Dialect {
  return value === 'v1.3.4' || value === 'v1.1.1';
}

/** What doublestar.Match(pattern, name) answers: a boolean, or ErrBadPattern. */
export type GlobOutcome = 'match' | 'miss' | 'error';

/** A pattern parsed once, then tested against many names. */
export interface CompiledGlob {
  readonly pattern: string;
  readonly dialect: Dialect;
  /** A start every matching name has ('' when none is known): a name without it is a miss, never an error. */
  readonly requiredStart: string;
  match(name: string): GlobOutcome;
}
