// Runs anywhere (pure).
/**
 * Epoch milliseconds straight from the bytes of the common time form `2026-01-02T03:04:05Z` or
 * `…05.678Z`, without making a string: a million tags carry two million times. Anything else (other
 * offsets, other fractions, day 29 and later in February…) answers NaN, and the caller falls back to
 * checking and parsing the text, so the result always equals Date.parse.
 */

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number of two decimal digits at `at`, or -1. */
function two(bytes: Uint8Array, at: number): number {
  const tens = bytes[at]! - 0x30;
  const ones = bytes[at + 1]! - 0x30;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/** The number of `count` decimal digits at `at`, or -1. */
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
  const high = two(bytes, start);
  const low = two(bytes, start + 2);
  const year = high < 0 || low < 0 ? -1 : high * 100 + low;
  const month = two(bytes, start + 5);
  const day = two(bytes, start + 8);
  const hour = two(bytes, start + 11);
  const minute = two(bytes, start + 14);
  const second = two(bytes, start + 17);
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
  return (((daysSinceEpoch(year, month, day) * 24 + hour) * 60 + minute) * 60 + second) * 1000 + ms;
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (years 100 and later here), counted
 * in 400-year eras from March 1st, so that the leap day ends a year. In plain arithmetic rather than
 * Date.UTC: at two million times per million tags, Date.UTC took 4% of `taglock simulate`'s time.
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  // 719,468 days from 0000-03-01 to 1970-01-01.
  return era * 146_097 + dayOfEra - 719_468;
}
