// Runs in Node.
/**
 * The input side of `taglock eval`: stdin cut into lines as bytes (no string per chunk, no readline), and
 * the one line shape scripts write by the million — `{"repository":"team/app","tags":["v1"]}` as
 * JSON.stringify writes it, plain ASCII without escapes — read straight from the bytes. Any other line
 * goes to JSON.parse, so every line means exactly what it means to JSON.parse.
 */
import type { Readable } from 'node:stream';

/**
 * Each line of the stream: `(bytes, start, end)` with the line break left out. Lines end at "\n", "\r\n"
 * or a lone "\r", as readline cuts them; a last line without a break counts too.
 */
export async function forEachLine(input: Readable, onLine: (bytes: Buffer, start: number, end: number) => void | Promise<void>): Promise<void> {
  let carry: Buffer | null = null;
  /** A "\r" ended the previous chunk: a "\n" starting this one belongs to it. */
  let afterCarriageReturn = false;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    const bytes: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
    let start = 0;
    if (afterCarriageReturn && carry === null && bytes[0] === 0x0a) start = 1;
    afterCarriageReturn = false;
    carry = null;
    // Most input has no "\r": then the native search finds each "\n".
    if (bytes.indexOf(0x0d, start) < 0) {
      for (let i = bytes.indexOf(0x0a, start); i >= 0; i = bytes.indexOf(0x0a, start)) {
        const result = onLine(bytes, start, i);
        if (result !== undefined) await result;
        start = i + 1;
      }
      if (start < bytes.length) carry = bytes.subarray(start);
      continue;
    }
    for (let i = start; i < bytes.length; i++) {
      const c = bytes[i]!;
      if (c !== 0x0a && c !== 0x0d) continue;
      const result = onLine(bytes, start, i);
      if (result !== undefined) await result;
      if (c === 0x0d) {
        if (i + 1 === bytes.length) afterCarriageReturn = true;
        else if (bytes[i + 1] === 0x0a) i++;
      }
      start = i + 1;
    }
    if (start < bytes.length) carry = bytes.subarray(start);
  }
  if (carry !== null && carry.length > 0) {
    const result = onLine(carry, 0, carry.length);
    if (result !== undefined) await result;
  }
}

const PREFIX = Buffer.from('{"repository":"');
const TAGS = Buffer.from('","tags":[');

/** The end of a plain ASCII string's content starting at `i` (the index of its closing quote), or -1. */
function plainString(bytes: Buffer, i: number, end: number): number {
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c === 0x22) return i;
    if (c === 0x5c || c < 0x20 || c >= 0x80) return -1;
  }
  return -1;
}

/**
 * The candidate of a line in the common shape, or null for any other line (then JSON.parse decides).
 * `text` is the whole of `bytes` read as Latin-1, if the caller has it: the names are then cut from it
 * (the line is plain ASCII, so offsets agree) rather than decoded one by one, a native call each.
 */
export function quickCandidate(bytes: Buffer, start: number, end: number, text: string | null = null): { repository: string; tags: string[] } | null {
  if (end - start < PREFIX.length + TAGS.length + 2) return null;
  for (let k = 0; k < PREFIX.length; k++) if (bytes[start + k] !== PREFIX[k]) return null;
  let i = start + PREFIX.length;
  const close = plainString(bytes, i, end);
  if (close < 0) return null;
  const repository = text === null ? bytes.toString('latin1', i, close) : text.slice(i, close);
  i = close;
  for (let k = 0; k < TAGS.length; k++) if (bytes[i + k] !== TAGS[k]) return null;
  i += TAGS.length;
  const tags: string[] = [];
  if (bytes[i] === 0x5d) i++;
  else {
    for (;;) {
      if (bytes[i] !== 0x22) return null;
      const tagEnd = plainString(bytes, i + 1, end);
      if (tagEnd < 0) return null;
      tags.push(text === null ? bytes.toString('latin1', i + 1, tagEnd) : text.slice(i + 1, tagEnd));
      i = tagEnd + 1;
      if (bytes[i] === 0x2c) i++;
      else if (bytes[i] === 0x5d) {
        i++;
        break;
      } else return null;
    }
  }
  return i === end - 1 && bytes[i] === 0x7d ? { repository, tags } : null;
}
