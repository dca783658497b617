// brokenAtStart must only say "fails for every name" of patterns that really fail for every registry name.
import { describe, expect, it } from 'vitest';
import { brokenAtStart } from '../../../shared/glob/broken-start.js';
import { DIALECTS } from '../../../shared/glob/dialect.js';
import { compileGlob } from '../../../shared/glob/index.js';
import { generateGlobCases } from './generate-cases.js';

const hasEmptyComponent = (name: string) => name.split('/').includes('');

describe.each(DIALECTS)('brokenAtStart in %s', (dialect) => {
  it('is true only for patterns that fail on every name without an empty component', () => {
    let checked = 0;
    const wrong: string[] = [];
    for (const c of generateGlobCases(40_000, 0x5eed)) {
      if (hasEmptyComponent(c.n) || !brokenAtStart(c.p, dialect)) continue;
      checked++;
      if (compileGlob(c.p, dialect).match(c.n) !== 'error') wrong.push(`${c.p} vs ${c.n}`);
    }
    expect(checked).toBeGreaterThan(200);
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('tells a broken first token from a broken later one', () => {
    expect(brokenAtStart('[', dialect)).toBe(true);
    expect(brokenAtStart('[a-]x', dialect)).toBe(true);
    expect(brokenAtStart('\\', dialect)).toBe(true);
    expect(brokenAtStart('a[', dialect)).toBe(false); // fails only for names starting with "a"
    expect(brokenAtStart('**/[', dialect)).toBe(false);
    expect(brokenAtStart('', dialect)).toBe(false);
  });
});

it('"/" inside a leading brace group is broken at the start in v1.1.1 only', () => {
  expect(brokenAtStart('{cbmp/firstRepo,cbmp/secondRepo}', 'v1.1.1')).toBe(true);
  expect(brokenAtStart('{cbmp/firstRepo,cbmp/secondRepo}', 'v1.3.4')).toBe(false);
});
