import { describe, expect, it } from 'vitest';
import { firstUtf8Problem } from '../../../shared/snapshot/utf8.js';
import { invalidUtf8Offset } from '../../support/snapshot-bytes.js';
import { SeededRandom } from '../../../shared/demo/random.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('firstUtf8Problem', () => {
  it('names the byte that starts a broken character and the one that does not continue it', () => {
    // 0xDA starts a two-byte character; "w" (0x77) cannot continue it, though it starts one of its own.
    const problem = firstUtf8Problem(bytes(0x35, 0xda, 0x77, 0x29));
    expect(problem?.offset).toBe(2);
    expect(problem?.message).toBe('byte 1 (0xda) starts a character that byte 2 (0x77) does not continue');
  });

  it('says when a byte can start no character', () => {
    expect(firstUtf8Problem(bytes(0x61, 0x80))?.message).toBe('byte 1 (0x80) cannot start a character');
    expect(firstUtf8Problem(bytes(0xc0, 0x80))?.message).toBe('byte 0 (0xc0) cannot start a character');
    expect(firstUtf8Problem(bytes(0x61, 0xff))?.message).toBe('byte 1 (0xff) cannot start a character');
  });

  it('says when the input ends inside a character', () => {
    const problem = firstUtf8Problem(bytes(0x61, 0xe2, 0x82));
    expect(problem?.offset).toBe(1);
    expect(problem?.message).toBe('the input ends inside the character that byte 1 (0xe2) starts');
  });

  it('refuses overlong forms, surrogates and code points past U+10FFFF at their second byte', () => {
    expect(firstUtf8Problem(bytes(0xe0, 0x80, 0x80))?.message).toBe('byte 0 (0xe0) starts a character that byte 1 (0x80) does not continue');
    expect(firstUtf8Problem(bytes(0xed, 0xa0, 0x80))?.offset).toBe(1);
    expect(firstUtf8Problem(bytes(0xf4, 0x90, 0x80, 0x80))?.offset).toBe(1);
    expect(firstUtf8Problem(Buffer.from('tag é 😀 ✓'))).toBeNull();
  });

  it('finds the same first bad byte as Node\'s strict decoder, on random bytes', () => {
    const random = new SeededRandom(7);
    const pieces = [0x61, 0x7f, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x90, 0x8f];
    for (let n = 0; n < 2000; n++) {
      const input = Uint8Array.from({ length: 1 + random.int(8) }, () => pieces[random.int(pieces.length)]!);
      expect(firstUtf8Problem(input)?.offset ?? null, `bytes ${Buffer.from(input).toString('hex')}`).toBe(invalidUtf8Offset(input));
    }
  });
});
