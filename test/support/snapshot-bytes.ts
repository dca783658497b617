// Test helper (Node): a snapshot read both ways — the whole file as text through JSON.parse and
// validate.ts (the reference), and in chunks through the streaming reader — each as an index or a message.
import { InvalidUtf8Error } from '../../shared/snapshot/json-syntax-error.js';
import type { SnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import { readSnapshotIndex } from '../../shared/snapshot/snapshot-reader.js';
import { parseSnapshot } from '../../shared/snapshot/validate.js';

export type Outcome = SnapshotIndex | string;

/**
 * The offset of the first byte that is not well-formed UTF-8, or null, found with Node's own strict
 * decoder (independent of the reader's check): the shortest prefix the decoder refuses, reading it as
 * the start of a stream, ends with the bad byte; input that ends inside a character is refused only as a
 * whole, at that character's first byte.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number | null {
  const refuses = (length: number, stream: boolean) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream });
      return false;
    } catch {
      return true;
    }
  };
  if (!refuses(bytes.length, false)) return null;
  if (!refuses(bytes.length, true)) {
    let lead = bytes.length - 1;
    while (lead > 0 && bytes.length - lead < 4 && (bytes[lead]! & 0xc0) === 0x80) lead--;
    return lead;
  }
  let low = 1;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (refuses(middle, true)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

/** What reading the file as text answers (a broken byte is reported before anything else). */
export function referenceOutcome(bytes: Buffer): Outcome {
  const bad = invalidUtf8Offset(bytes);
  if (bad !== null) return `not UTF-8 at byte ${bad} (0x${bytes[bad]!.toString(16)})`;
  try {
    return buildSnapshotIndex(parseSnapshot(bytes.toString('utf8')));
  } catch (error) {
    return (error as Error).message;
  }
}

/** What the streaming reader answers, fed `step` bytes per read into a small buffer (so tokens straddle reads). */
export function streamedOutcome(bytes: Uint8Array, step: number, chunkBytes = 512): Outcome {
  let at = 0;
  const source = {
    read(into: Uint8Array, offset: number, length: number) {
      const n = Math.min(length, step, bytes.length - at);
      into.set(bytes.subarray(at, at + n), offset);
      at += n;
      return n;
    },
  };
  try {
    return readSnapshotIndex(source, { chunkBytes, allocate: (size) => Buffer.allocUnsafe(size) });
  } catch (error) {
    if (error instanceof InvalidUtf8Error) return `not UTF-8 at byte ${error.offset} (0x${error.byte.toString(16)})`;
    return (error as Error).message;
  }
}

/** JSON.parse in newer Node adds "(line L column C)" to its positions; the reader words them as Node 20 does. */
export function withoutLineColumn(outcome: Outcome): Outcome {
  return typeof outcome === 'string' ? outcome.replace(/ \(line \d+ column \d+\)/, '') : outcome;
}
