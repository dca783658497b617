// The leading-rune prefilter (leading-runes.ts) may only say "cannot match" where the library misses:
// checked against each version's step-by-step interpreter on generated patterns and names.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../shared/demo/random.js';
import { DIALECTS } from '../../../shared/glob/dialect.js';
import { compileGlobDetailed } from '../../../shared/glob/compile.js';
import { isLeadCharacter, leadingRuneSets, mayLeadWith } from '../../../shared/glob/leading-runes.js';

/** Pattern pieces: literals, classes and braces at the start narrow the sets; the rest end them or make the pattern not simple. */
const PIECES = [
  'a', 'b', 'v', '1', '.', '-', 's', '*', '**', '?', '[a-c]', '[^a]', '[!b]', '[0-9]', '{a,b}', '{v*,x}', '{ab,?c}',
  '{a?,bc}', '/', '**/', '/**', 'é', '[é-☺]', '\\*', '\\a', '}', ',', ']', '{', '[', '\\', '{a/b,a}', '[/]', '\\/', '{,a}',
];
/** Name pieces: mostly the pattern's own characters, so that names often start with what the sets allow. */
const NAME_PIECES = ['a', 'b', 'c', 'v', 's', '1', '0', '.', '-', '/', '\\', '*', '[', '{', ',', 'é', '😀', 'x'];

function generate(rng: SeededRandom, pieces: readonly string[], most: number): string {
  let text = '';
  const count = rng.int(most);
  for (let i = 0; i < count; i++) text += rng.pick(pieces);
  return text;
}

/** A name the pattern likely matches: its braces, classes and wildcards replaced by something they accept. */
function instantiate(rng: SeededRandom, pattern: string): string {
  return pattern
    .replace(/\{([^{}]*)\}/g, (_, body: string) => rng.pick(body.split(',')))
    .replace(/\[([!^]?)([^\]]*)\]/g, (_, negated: string, body: string) => (negated !== '' || body === '' ? 'z' : body[0]!))
    .replace(/\\(.)/g, '$1')
    .replace(/\*+/g, () => rng.pick(['', 'a', 'xy', 'a/b']))
    .replace(/\?/g, () => rng.pick(['a', 'é']));
}

describe('leading rune sets', () => {
  for (const dialect of DIALECTS) {
    it(`${dialect}: a name the sets rule out is a miss for the interpreter`, () => {
      const rng = new SeededRandom(dialect === 'v1.3.4' ? 0x1ead : 0x5e75);
      let ruledOut = 0;
      let narrowed = 0;
      let admittedMatches = 0;
      for (let i = 0; i < 3000; i++) {
        const pattern = generate(rng, PIECES, 6);
        const sets = leadingRuneSets(pattern, dialect);
        if (sets.length === 0) continue;
        narrowed++;
        const glob = compileGlobDetailed(pattern, dialect);
        for (let k = 0; k < 30; k++) {
          // Names the pattern matches, names that start like it, and others.
          const name = rng.chance(0.4) ? instantiate(rng, pattern) : (rng.chance(0.5) ? pattern.slice(0, rng.int(3)) : '') + generate(rng, NAME_PIECES, 6);
          if (name.length < 2 || !isLeadCharacter(name.charCodeAt(0)) || !isLeadCharacter(name.charCodeAt(1))) continue;
          if (mayLeadWith(sets, name.charCodeAt(0), name.charCodeAt(1))) {
            if (glob.interpret(name) === 'match') admittedMatches++;
            continue;
          }
          ruledOut++;
          const answer = glob.interpret(name);
          if (answer !== 'miss') expect.fail(`${dialect} Match(${JSON.stringify(pattern)}, ${JSON.stringify(name)}) is ${answer}, the sets rule it out`);
        }
      }
      // Not vacuous: many patterns narrow, many names are ruled out.
      expect(narrowed).toBeGreaterThan(800);
      expect(ruledOut).toBeGreaterThan(6000);
      expect(admittedMatches).toBeGreaterThan(3000);
    });
  }

  it('reads literals, classes and brace options at the start of the first component, and nothing else', () => {
    const dialect = 'v1.3.4';
    const admits = (pattern: string, name: string): boolean => mayLeadWith(leadingRuneSets(pattern, dialect), name.charCodeAt(0), name.charCodeAt(1));
    expect(admits('v*.*.*', 'sha-1')).toBe(false);
    expect(admits('v*.*.*', 'v1.0')).toBe(true);
    expect(admits('release-*', 'rc')).toBe(false);
    expect(admits('release-*', 're')).toBe(true);
    expect(admits('[0-9]*', 'v1')).toBe(false);
    expect(admits('[^ps]*.*', 'sha')).toBe(false);
    expect(admits('[^ps]*.*', 'v1')).toBe(true);
    expect(admits('{latest,main}', 'dev')).toBe(false);
    expect(admits('{latest,main}', 'ma')).toBe(true);
    expect(admits('{latest,main}', 'mx')).toBe(true); // a brace ends the sets
    expect(leadingRuneSets('*-rc', dialect)).toEqual([]);
    expect(leadingRuneSets('?a', dialect)).toEqual([]);
    expect(leadingRuneSets('**/app', dialect)).toEqual([]);
    expect(leadingRuneSets('{v*,?x}', dialect)).toEqual([]);
    expect(leadingRuneSets('', dialect)).toEqual([]); // selects every name
    expect(leadingRuneSets('v[', dialect)).toEqual([]); // broken: not simple, its errors matter
  });
});
