// Runs in the browser (pure helpers, no DOM).
/**
 * The orders of the Simulation screen's per-repository views (chart and table alike): by the change
 * the draft makes, by a total, or by name, each either way round.
 */
import type { Totals } from '../../../shared/engine/simulate.js';
import { compareNames } from './format.js';
import type { RepositoryBars } from './repository-bars.js';

export type RepositoryOrderKey = 'change' | 'name' | 'tags' | 'immutableTags' | 'lockedDigests' | 'mutableTagsOnLockedDigests' | 'untaggedRetained' | 'tagsStoppedByError';

export interface RepositoryOrder {
  key: RepositoryOrderKey;
  /** The other way round from the key's own direction (most first; names A to Z). */
  reversed: boolean;
}

export const REPOSITORY_ORDERS: readonly (readonly [RepositoryOrderKey, string])[] = [
  ['change', 'change against the server rules'],
  ['lockedDigests', 'locked digests'],
  ['immutableTags', 'immutable tags'],
  ['tags', 'tags'],
  ['mutableTagsOnLockedDigests', 'mutable tags on locked digests'],
  ['untaggedRetained', 'untagged kept'],
  ['tagsStoppedByError', 'tags stopped by error'],
  ['name', 'name'],
];

/** Numbers read most first; names A to Z. */
export function naturalDescending(key: string): boolean {
  return key !== 'name';
}

export interface OrderedRepository {
  name: string;
  totals: Totals;
  bars: RepositoryBars;
}

/** Tags, then bytes, whose protection the draft changes. */
function changed(bars: RepositoryBars): number {
  return bars.tags.newly + bars.tags.freed + (bars.bytes.newly + bars.bytes.freed) / 1e15;
}

/** Sorts `rows` in place; ties by name, which the other way round turns too. */
export function sortRepositories<T extends OrderedRepository>(rows: T[], { key, reversed }: RepositoryOrder): T[] {
  rows.sort((a, b) => {
    if (key === 'name') return compareNames(a.name, b.name);
    if (key === 'change') return changed(b.bars) - changed(a.bars) || b.totals.tags - a.totals.tags || compareNames(a.name, b.name);
    return b.totals[key] - a.totals[key] || compareNames(a.name, b.name);
  });
  return reversed ? rows.reverse() : rows;
}
