// Runs anywhere (pure).
/**
 * Epoch milliseconds straight from the bytes of the common time form `2026-01-02T03:04:05Z` or
 * `…05.678Z`, without making a string: a million tags carry two million times. Anything else (other
 * offsets, other fractions, day 29 and later in February…) answers NaN, and the caller falls back to
 * checking and parsing the text, so the result always equals Date.parse.
 */

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = 0; i < count; i++) {
    const d = bytes[at + i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Date.parse of bytes[start, end) when it is in the common form, else NaN. */
export function commonIsoTimeMs(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length !== 20 && length !== 24) return NaN;
  if (bytes[start + 4] !== 0x2d || bytes[start + 7] !== 0x2d || bytes[start + 10] !== 0x54 || bytes[start + 13] !== 0x3a || bytes[start + 16] !== 0x3a || bytes[end - 1] !== 0x5a) return NaN;
  const year = digits(bytes, start, 4);
  const month = digits(bytes, start + 5, 2);
  const day = digits(bytes, start + 8, 2);
  const hour = digits(bytes, start + 11, 2);
  const minute = digits(bytes, start + 14, 2);
  const second = digits(bytes, start + 17, 2);
  let ms = 0;
  if (length === 24) {
    if (bytes[start + 19] !== 0x2e) return NaN;
    ms = digits(bytes, start + 20, 3);
    if (ms < 0) return NaN;
  }
  // Years below 100 would be read as 19xx by Date.UTC; the rest are left to Date.parse.
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month]! + (leap ? 1 : 0)) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}
