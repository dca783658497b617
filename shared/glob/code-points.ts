// Runs anywhere (pure).
/**
 * How Go sees a JS string. doublestar walks UTF-8 runes; JS strings are UTF-16. A well-formed surrogate
 * pair is one rune. A lone surrogate cannot exist in a Go string that came from JSON (encoding/json turns
 * it into U+FFFD, which is how Harbor receives every pattern and name), so we read it as U+FFFD: one rune,
 * three UTF-8 bytes, equal to utf8.RuneError. That choice is made here once and used by every matcher.
 */

export const RUNE_ERROR = 0xfffd;

/** True for a string of only ASCII characters (where bytes, UTF-16 units and runes coincide). */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Writes the runes of `s` into `out` (grown when needed) and returns how many there are. A lone
 * surrogate becomes U+FFFD.
 */
export function runesInto(s: string, out: { buf: Int32Array }): number {
  if (out.buf.length < s.length) out.buf = new Int32Array(Math.max(s.length, out.buf.length * 2));
  const buf = out.buf;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        buf[n++] = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else buf[n++] = RUNE_ERROR;
    } else buf[n++] = c;
  }
  return n;
}

/** The runes of `s` as a fresh array (lone surrogates read as U+FFFD). */
export function runesOf(s: string): number[] {
  const holder = { buf: new Int32Array(s.length) };
  const n = runesInto(s, holder);
  return Array.from(holder.buf.subarray(0, n));
}

/** The UTF-8 bytes Go would hold for `s` (lone surrogates as EF BF BD), written into `out`. */
export function utf8Into(s: string, out: { buf: Uint8Array }): number {
  if (out.buf.length < s.length * 3) out.buf = new Uint8Array(Math.max(s.length * 3, out.buf.length * 2));
  const buf = out.buf;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[n++] = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = RUNE_ERROR;
    }
    if (c < 0x800) {
      buf[n++] = 0xc0 | (c >> 6);
      buf[n++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      buf[n++] = 0xe0 | (c >> 12);
      buf[n++] = 0x80 | ((c >> 6) & 0x3f);
      buf[n++] = 0x80 | (c & 0x3f);
    } else {
      buf[n++] = 0xf0 | (c >> 18);
      buf[n++] = 0x80 | ((c >> 12) & 0x3f);
      buf[n++] = 0x80 | ((c >> 6) & 0x3f);
      buf[n++] = 0x80 | (c & 0x3f);
    }
  }
  return n;
}

/**
 * utf8.DecodeRuneInString on bytes we produced ourselves: they are valid UTF-8 except that v1.1.1 may
 * start reading in the middle of a rune, where Go yields (RuneError, 1). Slices always end on a rune
 * boundary (at a '/' or the end), so a lead byte always has all its continuation bytes.
 */
export function runeAt(b: Uint8Array, i: number): number {
  const b0 = b[i]!;
  if (b0 < 0x80) return b0;
  if (b0 < 0xc0) return RUNE_ERROR;
  if (b0 < 0xe0) return ((b0 & 0x1f) << 6) | (b[i + 1]! & 0x3f);
  if (b0 < 0xf0) return ((b0 & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
  return ((b0 & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
}

/** The byte width Go's decoder reports at `i` (see runeAt). */
export function runeWidthAt(b: Uint8Array, i: number): number {
  const b0 = b[i]!;
  return b0 < 0xc0 ? 1 : b0 < 0xe0 ? 2 : b0 < 0xf0 ? 3 : 4;
}
