// Runs anywhere (pure).
/**
 * A JSON scanner that pulls bytes from a source a chunk at a time, for files too large to hold as one
 * string (V8 stops at 512 MiB) and too large to parse into an object tree. The caller walks the document
 * (objects, arrays, scalars) and keeps only what it needs; nothing else is ever turned into a JS value.
 *
 * It accepts exactly what JSON.parse accepts and refuses the rest with JSON.parse's own message (see
 * json-syntax-error.ts), and it refuses bytes that are not UTF-8 first, as reading the file as text does:
 * after any syntax error the rest of the input is still checked for broken UTF-8.
 *
 * Hand-written rather than a streaming JSON library because it measured faster doing more: on a
 * 100,000-tag file, @streamparser/json's tokenizer alone (no checks, nothing built) took 2,225 ms, this
 * scanner with the whole reader 1,092 ms (best of 4, same run); stream-json took about 6x JSON.parse.
 * Keys, times and digests are compared and decoded from the bytes, so most of them never become strings.
 */
import type { SyntaxProblem } from './json-syntax-error.js';
import { syntaxMessage } from './json-syntax-error.js';
import { decodeUtf8, invalidUtf8At, utf8SequenceProblem } from './utf8.js';

/** Where the bytes come from: fills `into` from `offset`, at most `length` bytes; 0 at the end. */
export interface ByteSource {
  read(into: Uint8Array, offset: number, length: number): number;
}

export interface ScannerOptions {
  /** Bytes read per call (default 1 MiB); a longer token grows the buffer. */
  chunkBytes?: number;
  /** Makes the buffer; Node passes Buffer.allocUnsafe so strings decode natively. */
  allocate?: (size: number) => Uint8Array;
}

/** Bytes kept before the current token when the buffer moves, for the context of an error message. */
const HISTORY = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;

/** A value that is not a string, number, boolean or null, where the caller wanted one. */
export const NOT_SCALAR_OBJECT: Readonly<Record<string, never>> = Object.freeze({});
export const NOT_SCALAR_LIST: readonly never[] = Object.freeze([]);

const HEX_VALUE = (() => {
  const table = new Int8Array(256).fill(-1);
  for (let i = 0; i < 10; i++) table[0x30 + i] = i;
  for (let i = 0; i < 6; i++) {
    table[0x41 + i] = 10 + i;
    table[0x61 + i] = 10 + i;
  }
  return table;
})();

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

type Decode = (bytes: Uint8Array, start: number, end: number) => string;

function decoderFor(buffer: Uint8Array): Decode {
  // Node's Buffer decodes without copying the bytes into a view first; elsewhere TextDecoder does it.
  if (typeof (buffer as { utf8Slice?: unknown }).utf8Slice === 'function') {
    return (bytes, start, end) => (bytes as unknown as { utf8Slice(s: number, e: number): string }).utf8Slice(start, end);
  }
  return decodeUtf8;
}

export class JsonScanner {
  buf: Uint8Array;
  /** The next unread byte; while a token is scanned, its first byte (kept when the buffer moves). */
  pos = 0;
  end = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private eof = false;
  /** Bytes minus UTF-16 code units of the multi-byte characters before `pos`: file offset to JSON.parse position. */
  private utf16Lag = 0;
  private readonly allocate: (size: number) => Uint8Array;
  private readonly decode: Decode;
  /** The content of the last scanned string: buf[stringStart, stringEnd), or `stringText` when it had escapes. */
  stringStart = 0;
  stringEnd = 0;
  stringText: string | null = null;

  constructor(private readonly source: ByteSource, options: ScannerOptions = {}) {
    this.allocate = options.allocate ?? ((size) => new Uint8Array(size));
    this.buf = this.allocate(Math.max(options.chunkBytes ?? 1 << 20, 4 * HISTORY));
    this.decode = decoderFor(this.buf);
  }

  /** Reads more bytes after `end`, moving the buffer so that bytes from `pos - HISTORY` on stay. False at the end. */
  private more(): boolean {
    if (this.eof) return false;
    const keep = Math.max(0, this.pos - HISTORY);
    const kept = this.end - keep;
    if (kept > this.buf.length >> 1) {
      const bigger = this.allocate(this.buf.length * 2);
      bigger.set(this.buf.subarray(keep, this.end));
      this.buf = bigger;
    } else if (keep > 0) {
      this.buf.copyWithin(0, keep, this.end);
    }
    this.base += keep;
    this.pos -= keep;
    this.end = kept;
    const read = this.source.read(this.buf, this.end, this.buf.length - this.end);
    if (read <= 0) {
      this.eof = true;
      return false;
    }
    this.end += read;
    return true;
  }

  /** Skips whitespace; the next byte (not consumed), or -1 at the end of the input. */
  peek(): number {
    let i = this.pos;
    for (;;) {
      if (i >= this.end) {
        this.pos = i;
        if (!this.more()) return -1;
        i = this.pos;
        continue;
      }
      const c = this.buf[i]!;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      this.pos = i;
      return c;
    }
  }

  /** After the top-level value: only whitespace may follow. */
  finish(): void {
    if (this.peek() !== -1) this.fail('non-whitespace-after', this.pos);
  }

  // Objects and arrays: `open…` consumes the bracket and says whether a member follows; `next…` consumes
  // what follows a member's value and says the same. After a member, its key is in the string fields.

  openObject(): boolean {
    this.pos++;
    const c = this.peek();
    if (c === CLOSE_BRACE) {
      this.pos++;
      return false;
    }
    if (c !== QUOTE) this.fail('expected-property-name-or-brace', this.pos);
    this.key('expected-colon');
    return true;
  }

  nextMember(): boolean {
    const c = this.peek();
    if (c === COMMA) {
      this.pos++;
      if (this.peek() !== QUOTE) this.fail('expected-double-quoted-property-name', this.pos);
      this.key(MISSING_LATER_COLON);
      return true;
    }
    if (c === CLOSE_BRACE) {
      this.pos++;
      return false;
    }
    return this.fail('expected-comma-or-brace', this.pos);
  }

  openArray(): boolean {
    this.pos++;
    if (this.peek() === CLOSE_BRACKET) {
      this.pos++;
      return false;
    }
    return true;
  }

  nextElement(): boolean {
    const c = this.peek();
    if (c === COMMA) {
      this.pos++;
      return true;
    }
    if (c === CLOSE_BRACKET) {
      this.pos++;
      return false;
    }
    return this.fail('expected-comma-or-bracket', this.pos);
  }

  /** Scans a member's key and the colon after it, keeping the key's bytes in the buffer for `keyIn`. */
  private key(noColon: SyntaxProblem): void {
    this.string();
    let i = this.pos;
    // Back to the key's opening quote, so that reading on for the colon keeps the key's bytes.
    this.pos = this.stringStart - 1;
    for (;;) {
      if (i >= this.end) {
        const offset = i - this.pos;
        const start = this.stringStart - this.pos;
        const end = this.stringEnd - this.pos;
        const more = this.more();
        i = this.pos + offset;
        this.stringStart = this.pos + start;
        this.stringEnd = this.pos + end;
        if (!more) {
          this.pos = i;
          this.fail(noColon, i);
        }
        continue;
      }
      const c = this.buf[i]!;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      this.pos = i;
      if (c !== COLON) this.fail(noColon, i);
      this.pos = i + 1;
      return;
    }
  }

  /** Which of the table's keys the last member has, or -1. */
  keyIn(table: KeyTable): number {
    if (this.stringText !== null) return table.names.indexOf(this.stringText);
    const start = this.stringStart;
    const length = this.stringEnd - start;
    const keys = table.bytes;
    const buf = this.buf;
    outer: for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      if (key.length !== length) continue;
      for (let i = 0; i < length; i++) if (buf[start + i] !== key[i]) continue outer;
      return k;
    }
    return -1;
  }

  /** The last member's key as text (for generic objects). */
  keyText(): string {
    return this.stringText ?? this.decode(this.buf, this.stringStart, this.stringEnd);
  }

  /**
   * Scans the string at `pos` (its opening quote) and moves past it. Its content is then
   * buf[stringStart, stringEnd) (valid until the next read), or `stringText` when it had escapes.
   */
  string(): void {
    let i = this.pos + 1;
    let high = 0;
    let escaped = false;
    for (;;) {
      const buf = this.buf;
      const end = this.end;
      let c = 0;
      while (i < end) {
        c = buf[i]!;
        if (c === QUOTE || c === BACKSLASH || c < 0x20) break;
        high |= c;
        i++;
      }
      if (i >= end) {
        const offset = i - this.pos;
        const more = this.more();
        i = this.pos + offset;
        if (!more) this.fail('unterminated-string', i);
        continue;
      }
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        i = this.escape(i);
        continue;
      }
      this.fail('bad-control-character', i);
    }
    const start = this.pos + 1;
    if (high >= 0x80) this.checkUtf8(start, i);
    this.pos = i + 1;
    this.stringStart = start;
    this.stringEnd = i;
    this.stringText = escaped ? this.unescape(start, i) : null;
  }

  /** Checks the escape at buf[i] (a backslash); the index after it. */
  private escape(i: number): number {
    const offset = i - this.pos;
    const need = (n: number): number => {
      while (this.pos + offset + n >= this.end) if (!this.more()) return this.pos + offset + n;
      return this.pos + offset + n;
    };
    let at = need(1);
    if (at >= this.end) this.fail('end', at);
    const c = this.buf[at]!;
    if (c === 0x75) {
      for (let k = 2; k < 6; k++) {
        at = need(k);
        if (at >= this.end || HEX_VALUE[this.buf[at]!]! < 0) this.fail('bad-unicode-escape', at);
      }
      return this.pos + offset + 6;
    }
    if (c === QUOTE || c === BACKSLASH || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) return this.pos + offset + 2;
    return this.fail('bad-escaped-character', at);
  }

  /** The text of a string with escapes (already checked by `escape`). */
  private unescape(start: number, end: number): string {
    const buf = this.buf;
    let out = '';
    let run = start;
    for (let i = start; i < end; i++) {
      if (buf[i] !== BACKSLASH) continue;
      if (i > run) out += this.decode(buf, run, i);
      const c = buf[i + 1]!;
      if (c === 0x75) {
        out += String.fromCharCode((HEX_VALUE[buf[i + 2]!]! << 12) | (HEX_VALUE[buf[i + 3]!]! << 8) | (HEX_VALUE[buf[i + 4]!]! << 4) | HEX_VALUE[buf[i + 5]!]!);
        i += 5;
      } else {
        out += c === 0x62 ? '\b' : c === 0x66 ? '\f' : c === 0x6e ? '\n' : c === 0x72 ? '\r' : c === 0x74 ? '\t' : String.fromCharCode(c);
        i += 1;
      }
      run = i + 1;
    }
    if (end > run) out += this.decode(buf, run, end);
    return out;
  }

  /** The bytes of a string with characters beyond ASCII must be UTF-8; counts them for error positions. */
  private checkUtf8(start: number, end: number): void {
    const buf = this.buf;
    let lag = 0;
    for (let i = start; i < end; ) {
      if (buf[i]! < 0x80) {
        i++;
        continue;
      }
      const length = utf8SequenceProblem(buf, i, end);
      if (length <= 0) this.failUtf8();
      lag += length === 4 ? 2 : length - 1;
      i += length;
    }
    this.utf16Lag += lag;
  }

  /** The last scanned string as text. */
  text(): string {
    return this.stringText ?? this.decode(this.buf, this.stringStart, this.stringEnd);
  }

  /** A string value at `pos`. */
  readString(): string {
    this.string();
    return this.text();
  }

  /** The byte `k` places after `pos`, reading more when needed; -1 past the end of the input. */
  private byteAt(k: number): number {
    while (this.pos + k >= this.end) if (!this.more()) return -1;
    return this.buf[this.pos + k]!;
  }

  /** A number at `pos` (its first byte is '-' or a digit), with JSON.parse's value. */
  readNumber(): number {
    // Offsets from `pos`, which stays on the number's first byte while more bytes are read.
    let k = 0;
    let negative = false;
    let c = this.byteAt(k);
    if (c === MINUS) {
      negative = true;
      c = this.byteAt(++k);
      if (!isDigit(c)) this.fail('no-number-after-minus', this.pos + k);
    }
    let simple = true;
    let value = 0;
    let digits = 0;
    if (c === 0x30) {
      c = this.byteAt(++k);
      if (isDigit(c)) this.fail('unexpected-number', this.pos + k);
    } else {
      while (isDigit(c)) {
        value = value * 10 + (c - 0x30);
        digits++;
        c = this.byteAt(++k);
      }
    }
    if (c === 0x2e) {
      simple = false;
      c = this.byteAt(++k);
      if (!isDigit(c)) this.fail('unterminated-fraction', this.pos + k);
      while (isDigit(c)) c = this.byteAt(++k);
    }
    if (c === 0x65 || c === 0x45) {
      simple = false;
      c = this.byteAt(++k);
      if (c === 0x2b || c === MINUS) c = this.byteAt(++k);
      if (!isDigit(c)) this.fail('exponent-missing-number', this.pos + k);
      while (isDigit(c)) c = this.byteAt(++k);
    }
    const start = this.pos;
    this.pos = start + k;
    // Up to 15 digits the running sum is exact; anything longer or with a fraction or exponent is rounded as JSON.parse rounds.
    if (simple && digits <= 15) return negative ? -value : value;
    return Number(this.decode(this.buf, start, start + k));
  }

  /** true, false or null at `pos`. */
  readLiteral(): boolean | null {
    const first = this.buf[this.pos]!;
    const word = first === 0x74 ? 'true' : first === 0x66 ? 'false' : 'null';
    let i = this.pos + 1;
    for (let k = 1; k < word.length; k++, i++) {
      if (i >= this.end) {
        const offset = i - this.pos;
        const more = this.more();
        i = this.pos + offset;
        if (!more) this.fail('end', i);
      }
      if (this.buf[i] !== word.charCodeAt(k)) this.fail('unexpected-character', i);
    }
    this.pos = i;
    return first === 0x74 ? true : first === 0x66 ? false : null;
  }

  /**
   * The value at the next non-whitespace byte if it is a scalar (string, number, boolean, null);
   * an object or list is skipped and stands as NOT_SCALAR_OBJECT or NOT_SCALAR_LIST.
   */
  readScalar(): unknown {
    const c = this.peek();
    if (c === QUOTE) return this.readString();
    if (c === OPEN_BRACE) {
      this.skipValue();
      return NOT_SCALAR_OBJECT;
    }
    if (c === OPEN_BRACKET) {
      this.skipValue();
      return NOT_SCALAR_LIST;
    }
    return this.readPrimitive(c);
  }

  /** A number or literal starting with byte `c`, or JSON.parse's error for what is there instead. */
  private readPrimitive(c: number): number | boolean | null {
    if (c === MINUS || isDigit(c)) return this.readNumber();
    if (c === 0x74 || c === 0x66 || c === 0x6e) return this.readLiteral();
    return this.fail(c < 0 ? 'end' : 'unexpected-token', this.pos);
  }

  /** The value at the next non-whitespace byte, exactly as JSON.parse would build it (no recursion: any depth). */
  readValue(): unknown {
    const stack: (unknown[] | Record<string, unknown>)[] = [];
    const keys: string[] = [];
    let value: unknown;
    for (;;) {
      const c = this.peek();
      if (c === OPEN_BRACE) {
        const object: Record<string, unknown> = {};
        if (this.openObject()) {
          stack.push(object);
          keys.push(this.keyText());
          continue;
        }
        value = object;
      } else if (c === OPEN_BRACKET) {
        if (this.openArray()) {
          stack.push([]);
          keys.push('');
          continue;
        }
        value = [];
      } else if (c === QUOTE) {
        value = this.readString();
      } else {
        value = this.readPrimitive(c);
      }
      // Put the value into its container; close every container that ends here.
      for (;;) {
        const top = stack.at(-1);
        if (top === undefined) return value;
        if (Array.isArray(top)) {
          top.push(value);
          if (this.nextElement()) break;
        } else {
          setOwn(top, keys.at(-1)!, value);
          if (this.nextMember()) {
            keys[keys.length - 1] = this.keyText();
            break;
          }
        }
        value = stack.pop();
        keys.pop();
      }
    }
  }

  /** Moves past the value at the next non-whitespace byte, checking its syntax only (no recursion). */
  skipValue(): void {
    /** Open containers, innermost last: true for objects. */
    const open: boolean[] = [];
    for (;;) {
      const c = this.peek();
      if (c === OPEN_BRACE) {
        if (this.openObject()) {
          open.push(true);
          continue;
        }
      } else if (c === OPEN_BRACKET) {
        if (this.openArray()) {
          open.push(false);
          continue;
        }
      } else if (c === QUOTE) {
        this.string();
      } else {
        this.readPrimitive(c);
      }
      for (;;) {
        if (open.length === 0) return;
        if (open.at(-1) ? this.nextMember() : this.nextElement()) break;
        open.pop();
      }
    }
  }

  /** Refuses the input with JSON.parse's message, after checking that the rest of it is UTF-8. */
  fail(problem: SyntaxProblem, at: number): never {
    const context = this.errorContext(at);
    this.drainUtf8();
    throw new SyntaxError(syntaxMessage(problem, { ...context, length: this.base + this.end - this.utf16Lag }));
  }

  /** The JSON.parse position of buf[at] and the text around it. */
  private errorContext(at: number): { position: number; before: string; after: string } {
    // Bytes of the current token before `at` may hold multi-byte characters not yet counted.
    let lag = this.utf16Lag;
    for (let i = this.pos; i < at; ) {
      const length = this.buf[i]! < 0x80 ? 1 : Math.max(1, utf8SequenceProblem(this.buf, i, at));
      lag += length === 4 ? 2 : length - 1;
      i += length;
    }
    const offset = at - this.pos;
    while (this.end - (this.pos + offset) < 96 && this.more());
    at = this.pos + offset;
    let from = Math.max(0, at - 96);
    while (from < at && (this.buf[from]! & 0xc0) === 0x80) from++;
    let to = Math.min(this.end, at + 96);
    while (to > at && to < this.end && (this.buf[to]! & 0xc0) === 0x80) to--;
    return { position: this.base + at - lag, before: decodeUtf8(this.buf, from, at), after: decodeUtf8(this.buf, at, to) };
  }

  /**
   * Reads from `pos` to the end of the input, counting characters for error positions: the first byte
   * that is not UTF-8 (RFC 3629, as reading the file as text checks it) wins over any syntax error.
   */
  private drainUtf8(): void {
    let i = this.pos;
    for (;;) {
      if (this.end - i < 4 && !this.eof) {
        this.pos = i;
        this.more();
        i = this.pos;
        continue;
      }
      if (i >= this.end) break;
      if (this.buf[i]! < 0x80) {
        i++;
        continue;
      }
      const length = utf8SequenceProblem(this.buf, i, this.end);
      if (length <= 0) throw invalidUtf8At(this.buf, i, length, this.base);
      this.utf16Lag += length === 4 ? 2 : length - 1;
      i += length;
    }
    this.pos = i;
  }

  private failUtf8(): never {
    this.drainUtf8();
    throw new Error('the UTF-8 check disagreed with itself');
  }
}

/** Keys an object is expected to have, as bytes for quick comparison. */
export interface KeyTable {
  readonly names: readonly string[];
  readonly bytes: readonly Uint8Array[];
}

export function keyTable(names: readonly string[]): KeyTable {
  // Keys are ASCII: one byte per character.
  return { names, bytes: names.map((name) => Uint8Array.from(name, (c) => c.charCodeAt(0))) };
}

/**
 * What this runtime's JSON.parse calls a missing colon after an object's second or later key: V8 up to
 * Node 20's names it only after the first key ("Unexpected token/number/string" later), newer V8 (Node 22,
 * Electron 45) names it after every key. Asked once, so a file read in chunks gets the words the same file
 * read whole would get here.
 */
const MISSING_LATER_COLON: SyntaxProblem = (() => {
  try {
    JSON.parse('{"a":1,"b" 2}');
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("Expected ':'")) return 'expected-colon';
  }
  return 'unexpected-token';
})();

/** Like `object[key] = value`, but `__proto__` becomes an own property, as JSON.parse makes it. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

export { isWhitespace };
