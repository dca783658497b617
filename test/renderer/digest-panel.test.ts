import { describe, expect, it } from 'vitest';
import { lockWords } from '../../renderer/src/components/DigestPanel.js';

describe("the digest panel's sentence on its lock", () => {
  it('says once when the draft and the server rules agree', () => {
    expect(lockWords(true, false, true)).toBe('Locked with the draft rules, as with the server rules.');
    expect(lockWords(false, false, false)).toBe('Not locked with the draft rules, as with the server rules.');
    expect(lockWords(false, true, false)).toBe('Not locked (kept by tag retention) with the draft rules, as with the server rules.');
  });

  it('names the change when they differ', () => {
    expect(lockWords(true, false, false)).toBe('Locked with the draft rules, not with the server rules: newly locked by the draft.');
    expect(lockWords(false, false, true)).toBe('Not locked with the draft rules, locked with the server rules: the draft frees it.');
  });
});
