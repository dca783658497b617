// A compiled glob is parsed once and reused: its answers must not depend on what it (or any other glob)
// matched before, and its fast path (string, Set, prefix or RegExp) must agree with the step-by-step
// interpreter of its library version on every name.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../shared/demo/random.js';
import type { Dialect, GlobOutcome } from '../../../shared/glob/dialect.js';
import { DIALECTS } from '../../../shared/glob/dialect.js';
import { compileGlobDetailed } from '../../../shared/glob/compile.js';
import { compileGlob, matchGlob } from '../../../shared/glob/index.js';

/** Pieces of patterns the fast path accepts (with ones it must refuse mixed in by the generator). */
const SIMPLE_PIECES = [
  'a', 'b', 'c', 'v', '1', '.', '-', '*', '*', '**', '?', '[a-c]', '[^a]', '[!b]', '{a,b}', '{v*,x}',
  '{a?,bc}', '/', '/', '**/', '/**', 'é', '☺', '😀', '[é-☺]', '[^/]', '\\*', '\\a', '}', ',', ']',
];
/** Pieces that are broken, nested, escaped or otherwise quirky: interpreter territory. */
const WILD_PIECES = [
  '{', '[', '\\', '{,a}', '{a,}', '{a/b,a}', '{a,{b,c}}', '[\\]]', '[a\\-]', '{\\,}', '\\/', '\\\\', '[/]',
  '{**}', '{*,}', '***', '\uFFFD', '\uD800', '[]', '[-a]', '{**/x,y}',
];
const NAME_PIECES = ['a', 'b', 'c', 'v', '1', '.', '-', '/', '/', '\\', '*', '[', '{', ',', 'é', '☺', '😀', '\uD800', '【'];

function generatePattern(rng: SeededRandom, wild: boolean): string {
  let p = '';
  const pieces = rng.int(7);
  for (let i = 0; i < pieces; i++) p += rng.pick(wild && rng.chance(0.3) ? WILD_PIECES : SIMPLE_PIECES);
  return p;
}

/** A name likely to match: the pattern with its wildcards instantiated; otherwise random pieces. */
function generateName(rng: SeededRandom, pattern: string): string {
  if (rng.chance(0.5)) {
    return pattern
      .replace(/\*+/g, () => rng.pick(['', 'a', 'ab', 'a/b', 'é', '😀x', '【x']))
      .replace(/\?/g, () => rng.pick(['a', 'é', '😀', '/']))
      .replace(/[{}[\]\\,^!]/g, () => rng.pick(['', 'a', 'b', '/', ',']));
  }
  let n = '';
  const pieces = rng.int(7);
  for (let i = 0; i < pieces; i++) n += rng.pick(NAME_PIECES);
  return n;
}

function shuffled<T>(rng: SeededRandom, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('compiled globs', () => {
  it('give the same answers when reused many times, in any order, interleaved with other globs', () => {
    const rng = new SeededRandom(20240611);
    const patterns = Array.from({ length: 120 }, (_, i) => generatePattern(rng, i % 2 === 0));
    const names = Array.from({ length: 40 }, () => generateName(rng, rng.pick(patterns)));
    for (const dialect of DIALECTS) {
      // Reference: a fresh compile for every single question.
      const want = new Map<string, GlobOutcome>();
      for (const p of patterns) for (const n of names) want.set(`${p}\u0000${n}`, compileGlob(p, dialect).match(n));
      const compiled = new Map(patterns.map((p) => [p, compileGlobDetailed(p, dialect)] as const));
      const pairs = patterns.flatMap((p) => names.map((n) => [p, n] as const));
      for (let round = 0; round < 3; round++) {
        for (const [p, n] of shuffled(rng, pairs)) {
          const glob = compiled.get(p)!;
          const key = `${p}\u0000${n}`;
          expect(glob.match(n), `${dialect} ${JSON.stringify(p)} ${JSON.stringify(n)}`).toBe(want.get(key));
          expect(glob.interpret(n), `${dialect} ${JSON.stringify(p)} ${JSON.stringify(n)} (interpreter)`).toBe(want.get(key));
          expect(matchGlob(p, n, dialect)).toBe(want.get(key));
        }
      }
    }
  });

  for (const dialect of DIALECTS) {
    it(`${dialect}: the fast path agrees with the interpreter on generated patterns`, () => {
      const rng = new SeededRandom(dialect === 'v1.3.4' ? 7 : 11);
      let fast = 0;
      let checked = 0;
      for (let i = 0; i < 4000; i++) {
        const pattern = generatePattern(rng, i % 4 === 0);
        const glob = compileGlobDetailed(pattern, dialect);
        if (glob.hasFastPath) fast++;
        for (let k = 0; k < 12; k++) {
          const name = generateName(rng, pattern);
          const viaFast = glob.match(name);
          const stepwise = glob.interpret(name);
          if (viaFast !== stepwise) {
            expect.fail(`${dialect} Match(${JSON.stringify(pattern)}, ${JSON.stringify(name)}): fast ${viaFast}, interpreter ${stepwise}`);
          }
          checked++;
        }
      }
      expect(checked).toBe(48_000);
      // Not vacuous: most of these patterns take the fast path.
      expect(fast).toBeGreaterThan(2000);
    });
  }

  it('uses a fast form for the common Harbor patterns', () => {
    for (const dialect of DIALECTS) {
      for (const pattern of ['v*', '{rc,test,nightly}', '**', 'team/**', 'latest', 'release-*', '**/app', 'v[0-9]*']) {
        expect(compileGlobDetailed(pattern, dialect).hasFastPath, `${dialect} ${pattern}`).toBe(true);
      }
    }
  });
});

describe('runes, not UTF-16 units', () => {
  const both = (pattern: string, name: string, want: GlobOutcome): void => {
    for (const dialect of DIALECTS) {
      const glob = compileGlobDetailed(pattern, dialect);
      expect(glob.match(name), `${dialect} Match(${JSON.stringify(pattern)}, ${JSON.stringify(name)})`).toBe(want);
      expect(glob.interpret(name), `${dialect} (interpreter)`).toBe(want);
    }
  };

  it('? is one rune, BMP or astral', () => {
    both('?', '☺', 'match');
    both('?', '😀', 'match');
    both('??', '😀', 'miss');
    both('a?b', 'a𝒳b', 'match');
  });

  it('class ranges compare code points', () => {
    both('[😀-😂]', '😁', 'match');
    both('[a-z]', '😁', 'miss');
    both('[^a-z]', '😁', 'match');
    both('[α-ω]', 'λ', 'match');
  });

  it('a lone surrogate reads as U+FFFD, as Go receives it from JSON', () => {
    both('?', '\uD800', 'match');
    both('\uFFFD', '\uDC00', 'match');
    both('[\uFFFD]', '\uD800', 'match');
    both('[^\uFFFD]', '\uD800', 'miss');
    both('[\uD000-\uD7FF]', '\uD800', 'miss');
    both('[\uE000-\uFFFF]', '\uD800', 'match');
    both('[\uD000-\uD900]', '\uD800', 'match'); // the pattern's own lone surrogate is U+FFFD too
    both('a\\\uD800', 'a', 'miss'); // the escape is never reached
    both('\\\uD800', 'a', 'error'); // escaping U+FFFD is ErrBadPattern
  });
});

describe('version differences kept on purpose', () => {
  const outcome = (dialect: Dialect, pattern: string, name: string): GlobOutcome => compileGlob(pattern, dialect).match(name);

  it('v1.1.1 steps a star by the bytes of the rune under it', () => {
    expect(outcome('v1.1.1', '*.txt', '【test】.txt')).toBe('miss');
    expect(outcome('v1.3.4', '*.txt', '【test】.txt')).toBe('match');
    expect(outcome('v1.1.1', '*.txt', 'test.txt')).toBe('match');
  });

  it('errors are reported only when matching reaches them', () => {
    for (const dialect of DIALECTS) {
      expect(outcome(dialect, 'a[', 'a')).toBe('miss');
      expect(outcome(dialect, 'a[', 'ab')).toBe('error');
      expect(outcome(dialect, 'b{', 'a')).toBe('miss');
    }
    expect(outcome('v1.1.1', '*\\', 'a')).toBe('miss'); // v1.1.1 ignores errors behind a star
    expect(outcome('v1.3.4', '*\\', 'a')).toBe('error');
  });

  it('trailing slashes and empty components', () => {
    expect(outcome('v1.1.1', 'nginx', 'nginx/')).toBe('match');
    expect(outcome('v1.3.4', 'nginx', 'nginx/')).toBe('miss');
    // v1.3.4 here differs from doublestar v2.0.4, which answers "miss" for both.
    expect(outcome('v1.3.4', '**/**', '')).toBe('match');
    expect(outcome('v1.3.4', '/**/', '/')).toBe('match');
  });
});

describe('the start every match has', () => {
  it('is a miss on the fast path and in the interpreter for every name without it, in both versions', () => {
    const rng = new SeededRandom(20261207);
    let withStart = 0;
    let namesWithout = 0;
    for (let i = 0; i < 3000; i++) {
      const pattern = generatePattern(rng, i % 3 === 0);
      for (const dialect of DIALECTS) {
        const glob = compileGlobDetailed(pattern, dialect);
        if (glob.requiredStart === '') continue;
        withStart++;
        expect(pattern.replace(/\\(.)/gu, '$1').startsWith(glob.requiredStart), pattern).toBe(true);
        for (let j = 0; j < 12; j++) {
          const name = generateName(rng, pattern);
          if (name.startsWith(glob.requiredStart)) continue;
          namesWithout++;
          expect([glob.match(name), glob.interpret(name)], `${dialect} ${JSON.stringify(pattern)} ${JSON.stringify(name)}`).toEqual(['miss', 'miss']);
        }
      }
    }
    expect(withStart).toBeGreaterThan(500);
    expect(namesWithout).toBeGreaterThan(2000);
  });

  it('is known only where no name can make the pattern fail', () => {
    for (const dialect of DIALECTS) {
      expect(compileGlob('v1.2.*', dialect).requiredStart).toBe('v1.2.');
      expect(compileGlob('rel\\*x*', dialect).requiredStart).toBe('rel*x');
      expect(compileGlob('a[', dialect).requiredStart).toBe(''); // 'ab' errors: the start says nothing
      expect(compileGlob('**/v1', dialect).requiredStart).toBe('');
      expect(compileGlob('team/app/**', dialect).requiredStart).toBe('team');
      expect(compileGlob('é*', dialect).requiredStart).toBe('');
    }
  });
});
