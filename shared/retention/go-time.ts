// Runs anywhere (pure).
/**
 * Times as Harbor's retention compares them (docs/harbor-retention.md §3): whole Unix seconds, Go's zero
 * time for "never", and day cut-offs computed with Go's 64-bit nanosecond durations, overflow included.
 */

/** `time.Time{}.Unix()`: what a never-pulled artifact's pull time becomes (0001-01-01T00:00:00Z). */
export const GO_ZERO_TIME_SECONDS = -62_135_596_800;

const NANOS_PER_SECOND = 1_000_000_000n;
const NANOS_PER_HOUR = 3_600_000_000_000n;

/** A snapshot time (epoch ms, NaN for never or unknown) as the Unix seconds Harbor's candidate holds. */
export function candidateSeconds(ms: number): number {
  return Number.isNaN(ms) ? GO_ZERO_TIME_SECONDS : Math.floor(ms / 1000);
}

/**
 * `time.Duration(-24*days) * time.Hour` in nanoseconds, wrapped to int64 as Go's multiplication wraps:
 * beyond 106,751 days the cut-off jumps to an unrelated date instead of reaching further back.
 */
function daysBackNanos(days: number): bigint {
  return BigInt.asIntN(64, -24n * BigInt(days) * NANOS_PER_HOUR);
}

/** Floor division for BigInt (Go's Time.Unix() floors). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * nDaysSinceLastPush / nDaysSinceLastPull: `now.Add(-days*24h).Unix()`, the earliest second still
 * retained (a candidate time >= it is kept).
 */
export function earliestRetainedSecond(runAtMs: number, days: number): number {
  const nowNanos = BigInt(Math.floor(runAtMs)) * 1_000_000n;
  return Number(floorDiv(nowNanos + daysBackNanos(days), NANOS_PER_SECOND));
}

/**
 * lastXDays: the cut-off instant in nanoseconds; a candidate is kept when its push second lies strictly
 * after it (`time.Unix(pushed, 0).After(cutoff)`).
 */
export function lastDaysCutoffNanos(runAtMs: number, days: number): bigint {
  return BigInt(Math.floor(runAtMs)) * 1_000_000n + daysBackNanos(days);
}

/** The largest whole second not after the cut-off: for whole seconds s, `s > it` is `time.Unix(s, 0).After(cutoff)`. */
export function lastSecondNotAfter(cutoffNanos: bigint): number {
  return Number(floorDiv(cutoffNanos, NANOS_PER_SECOND));
}
