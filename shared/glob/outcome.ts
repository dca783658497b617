// Runs anywhere (pure).
/** The interpreters answer with small integers (cheap to return through deep recursion). */
import type { GlobOutcome } from './dialect.js';

export const MISS = 0;
export const MATCH = 1;
/** doublestar returned ErrBadPattern. */
export const ERROR = 2;
export type Outcome = typeof MISS | typeof MATCH | typeof ERROR;

export const OUTCOME: readonly GlobOutcome[] = ['miss', 'match', 'error'];
