// Runs anywhere (pure).
/** UTF-8 as RFC 3629 defines it, checked one character at a time (for readers that see bytes, not text). */
import { InvalidUtf8Error } from './json-syntax-error.js';

/**
 * The character starting at bytes[i] (a byte >= 0x80), with bytes up to `end` available: its length
 * (2 to 4) when it is well-formed, otherwise -k where bytes[i + k] is the first byte that cannot start or
 * continue it (k = 0 when the sequence is cut off by `end` or its first byte can start none).
 */
export function utf8SequenceProblem(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i]!;
  const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (length === 0) return 0;
  if (i + 1 >= end) return 0;
  const second = bytes[i + 1]!;
  // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
  const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
  const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
  if (second < low || second > high) return -1;
  for (let k = 2; k < length; k++) {
    if (i + k >= end) return 0;
    const next = bytes[i + k]!;
    if (next < 0x80 || next > 0xbf) return -k;
  }
  return length;
}

/**
 * The error for the character starting at bytes[i], given what utf8SequenceProblem answered for it
 * (`problem` <= 0) when the input has no bytes past the ones it was given; `base` is bytes[0]'s offset
 * in the input.
 */
export function invalidUtf8At(bytes: Uint8Array, i: number, problem: number, base = 0): InvalidUtf8Error {
  const lead = { offset: base + i, byte: bytes[i]! };
  if (problem < 0) return new InvalidUtf8Error(base + i - problem, bytes[i - problem]!, lead);
  // 0: the input ends inside a character this byte starts, or the byte can start none.
  const startsOne = lead.byte >= 0xc2 && lead.byte <= 0xf4;
  return startsOne ? new InvalidUtf8Error(lead.offset, lead.byte, lead, true) : new InvalidUtf8Error(lead.offset, lead.byte);
}

/** The first character of `bytes` that is not well-formed UTF-8, as an error to throw, or null. */
export function firstUtf8Problem(bytes: Uint8Array): InvalidUtf8Error | null {
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceProblem(bytes, i, bytes.length);
    if (length <= 0) return invalidUtf8At(bytes, i, length);
    i += length;
  }
  return null;
}

/**
 * The text of bytes[start, end), which must be UTF-8 (a broken or cut-off character becomes U+FFFD).
 * Plain code, for places without TextDecoder in their types; Node's Buffer decodes faster where it exists.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const units: number[] = [];
  let out = '';
  for (let i = start; i < end; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      units.push(b);
      i++;
    } else {
      const length = utf8SequenceProblem(bytes, i, end);
      if (length <= 0) {
        units.push(0xfffd);
        i += Math.max(1, -length);
      } else {
        let code = b & (length === 2 ? 0x1f : length === 3 ? 0x0f : 0x07);
        for (let k = 1; k < length; k++) code = (code << 6) | (bytes[i + k]! & 0x3f);
        if (code >= 0x10000) units.push(0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff));
        else units.push(code);
        i += length;
      }
    }
    if (units.length >= 4096) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
}
