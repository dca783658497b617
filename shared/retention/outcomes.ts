// Runs anywhere (pure).
/**
 * What the forecast says of an artifact (docs/harbor-retention.md §7), and the counts and bytes per
 * outcome that repositories and projects add up.
 */

export const RETAINED = 0;
export const UNTOUCHED = 1;
export const DELETED = 2;
export const IMMUTABLE = 3;
export const REFERENCED = 4;

export const OUTCOMES = ['retained', 'untouched', 'deleted', 'immutable', 'referenced'] as const;
export type RetentionOutcome = (typeof OUTCOMES)[number];

/** Which immutability check keeps an `immutable` artifact. */
export const CHECK_RETENTION = 1;
export const CHECK_DELETE = 2;

export interface RetentionTotals {
  artifacts: number;
  retained: number;
  untouched: number;
  deleted: number;
  immutable: number;
  referenced: number;
  bytesRetained: number;
  bytesUntouched: number;
  bytesDeleted: number;
  bytesImmutable: number;
  bytesReferenced: number;
  /** Artifacts with no recorded size (counted as 0 bytes). */
  sizeUnknown: number;
}

export function emptyRetentionTotals(): RetentionTotals {
  return {
    artifacts: 0,
    retained: 0,
    untouched: 0,
    deleted: 0,
    immutable: 0,
    referenced: 0,
    bytesRetained: 0,
    bytesUntouched: 0,
    bytesDeleted: 0,
    bytesImmutable: 0,
    bytesReferenced: 0,
    sizeUnknown: 0,
  };
}

export function addRetentionTotals(into: RetentionTotals, from: RetentionTotals): void {
  for (const key of Object.keys(into) as (keyof RetentionTotals)[]) into[key] += from[key];
}

/** Adds one artifact with outcome `code` and `size` bytes (NaN: unknown, counted apart). */
export function countOutcome(totals: RetentionTotals, code: number, size: number): void {
  const bytes = Number.isNaN(size) ? 0 : size;
  if (Number.isNaN(size)) totals.sizeUnknown++;
  totals.artifacts++;
  switch (code) {
    case RETAINED:
      totals.retained++;
      totals.bytesRetained += bytes;
      break;
    case UNTOUCHED:
      totals.untouched++;
      totals.bytesUntouched += bytes;
      break;
    case DELETED:
      totals.deleted++;
      totals.bytesDeleted += bytes;
      break;
    case IMMUTABLE:
      totals.immutable++;
      totals.bytesImmutable += bytes;
      break;
    case REFERENCED:
      totals.referenced++;
      totals.bytesReferenced += bytes;
      break;
  }
}
