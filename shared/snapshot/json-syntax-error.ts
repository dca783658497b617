// Runs anywhere (pure).
/**
 * JSON.parse's own words for broken JSON (V8's, without the "(line L column C)" newer V8 adds), for
 * readers that parse without it: a file read in chunks is refused with the message the same file read
 * whole would get. Positions count UTF-16 code units, as JSON.parse counts them in the decoded text.
 */

export type SyntaxProblem =
  | 'end'
  | 'unexpected-token'
  | 'unexpected-character'
  | 'unexpected-number'
  | 'non-whitespace-after'
  | 'expected-property-name-or-brace'
  | 'expected-double-quoted-property-name'
  | 'expected-colon'
  | 'expected-comma-or-brace'
  | 'expected-comma-or-bracket'
  | 'unterminated-string'
  | 'bad-control-character'
  | 'bad-escaped-character'
  | 'bad-unicode-escape'
  | 'no-number-after-minus'
  | 'unterminated-fraction'
  | 'exponent-missing-number';

const AT_POSITION: Partial<Record<SyntaxProblem, string>> = {
  'unexpected-number': 'Unexpected number',
  'non-whitespace-after': 'Unexpected non-whitespace character after JSON',
  'expected-property-name-or-brace': "Expected property name or '}'",
  'expected-double-quoted-property-name': 'Expected double-quoted property name',
  'expected-colon': "Expected ':' after property name",
  'expected-comma-or-brace': "Expected ',' or '}' after property value",
  'expected-comma-or-bracket': "Expected ',' or ']' after array element",
  'unterminated-string': 'Unterminated string',
  'bad-control-character': 'Bad control character in string literal',
  'bad-escaped-character': 'Bad escaped character',
  'bad-unicode-escape': 'Bad Unicode escape',
  'no-number-after-minus': 'No number after minus sign',
  'unterminated-fraction': 'Unterminated fractional number',
  'exponent-missing-number': 'Exponent part is missing a number',
};

/** Where the problem is and the text around it. */
export interface SyntaxContext {
  /** UTF-16 position of the offending character (the end of the text when there is none). */
  position: number;
  /** UTF-16 length of the whole text. */
  length: number;
  /** Up to 96 bytes' worth of text before and from the offending character. */
  before: string;
  after: string;
}

/** V8 shows this much text on each side of an unexpected character in a longer text. */
const CONTEXT = 10;
const SPECIAL_TEXTS = new Set(['NaN', 'Infinity', 'undefined', '[object Object]']);

export function syntaxMessage(problem: SyntaxProblem, context: SyntaxContext): string {
  const { position, length, before, after } = context;
  if (problem === 'end' || (position >= length && (problem === 'unexpected-token' || problem === 'unexpected-character'))) {
    return 'Unexpected end of JSON input';
  }
  const character = after.charAt(0);
  if (problem === 'unexpected-character' || problem === 'unexpected-token') {
    // An unexpected character that starts a string or a number is named by what it starts.
    if (character === '"') return `Unexpected string in JSON at position ${position}`;
    if (character === '-' || (character >= '0' && character <= '9')) return `Unexpected number in JSON at position ${position}`;
    const whole = before + after;
    if (length <= 15 && whole.length === length && SPECIAL_TEXTS.has(whole)) return `"${whole}" is not valid JSON`;
    if (length < 2 * CONTEXT + 1) return `Unexpected token '${character}', "${whole}" is not valid JSON`;
    // V8 shows [position - 10, position + 10), cut at either end of the text, with "..." where it cut.
    const head = position < CONTEXT ? before : before.slice(-CONTEXT);
    const tail = position < length - CONTEXT ? after.slice(0, CONTEXT) : after;
    const open = position < CONTEXT ? '"' : '..."';
    const close = position < length - CONTEXT ? '"...' : '"';
    return `Unexpected token '${character}', ${open}${head}${tail}${close} is not valid JSON`;
  }
  if (problem === 'non-whitespace-after') return `${AT_POSITION[problem]} at position ${position}`;
  return `${AT_POSITION[problem]} in JSON at position ${position}`;
}

/** A byte that is not UTF-8, at this offset of the input. */
export class InvalidUtf8Error extends Error {
  /**
   * `offset` and `byte`: the first byte that breaks the text. `lead`: the offset and byte of the
   * character it belongs to when that character started well (the same as `offset` when the byte can
   * start none). `cutOff`: the input ends inside that character.
   */
  constructor(
    readonly offset: number,
    readonly byte: number,
    readonly lead: { offset: number; byte: number } = { offset, byte },
    readonly cutOff = false,
  ) {
    super(
      cutOff
        ? `the input ends inside the character that byte ${lead.offset} (${hex(lead.byte)}) starts`
        : lead.offset === offset
          ? `byte ${offset} (${hex(byte)}) cannot start a character`
          : `byte ${lead.offset} (${hex(lead.byte)}) starts a character that byte ${offset} (${hex(byte)}) does not continue`,
    );
    this.name = 'InvalidUtf8Error';
  }
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}
