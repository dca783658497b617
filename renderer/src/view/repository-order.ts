// Runs in the browser (pure helpers, no DOM).
/**
 * The orders of the per-repository views (chart and table alike, on Simulation and Cleanup): by the
 * change the drafts make, by a figure, or by name, each either way round; and the Simulation screen's own.
 */
import type { Totals } from '../../../shared/engine/simulate.js';
import { compareNames } from './format.js';
import type { RepositoryBars } from './repository-bars.js';

export type RepositoryOrderKey = 'change' | 'name' | 'tags' | 'immutableTags' | 'lockedDigests' | 'mutableTagsOnLockedDigests' | 'untaggedRetained' | 'tagsStoppedByError';

/** A list's order: a key, and whether the other way round from the key's own direction (most first; names A to Z). */
export interface ListOrder<K extends string> {
  key: K;
  reversed: boolean;
}

export type RepositoryOrder = ListOrder<RepositoryOrderKey>;

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

/**
 * Sorts `rows` in place by `by` (0 for the name order), ties by name as people count them; `reversed`
 * turns the whole order round, ties too.
 */
export function sortListed<T extends { name: string }>(rows: T[], reversed: boolean, by: (a: T, b: T) => number): T[] {
  rows.sort((a, b) => by(a, b) || compareNames(a.name, b.name));
  return reversed ? rows.reverse() : rows;
}

/** Sorts `rows` in place; ties by name, which the other way round turns too. */
export function sortRepositories<T extends OrderedRepository>(rows: T[], { key, reversed }: RepositoryOrder): T[] {
  return sortListed(rows, reversed, (a, b) => {
    if (key === 'name') return 0;
    if (key === 'change') return changed(b.bars) - changed(a.bars) || b.totals.tags - a.totals.tags;
    return b.totals[key] - a.totals[key];
  });
}
