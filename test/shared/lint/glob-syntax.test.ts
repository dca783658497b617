// Lint's static reading of broken patterns must catch every pattern the real matcher can fail on.
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../../shared/glob/index.js';
import { DIALECTS } from '../../../shared/glob/dialect.js';
import { globSyntaxFindings } from '../../../shared/lint/glob-syntax.js';
import { generateGlobCases } from '../glob/generate-cases.js';

describe.each(DIALECTS)('static syntax check is sound for %s', (dialect) => {
  it('flags every generated pattern for which matching reports a syntax error', () => {
    const missed: string[] = [];
    let errors = 0;
    for (const c of generateGlobCases(60_000, 0xbad)) {
      if (compileGlob(c.p, dialect).match(c.n) !== 'error') continue;
      errors++;
      if (!globSyntaxFindings(c.p, dialect).some((f) => f.severity === 'error')) missed.push(`${c.p} vs ${c.n}`);
    }
    expect(errors).toBeGreaterThan(500);
    expect(missed.slice(0, 20)).toEqual([]);
  });

  it('does not call well-formed patterns broken', () => {
    for (const pattern of ['v*.*.*', '{rc,test,nightly}', '[^0-9]*', 'team/**', '\\*', '[\\-x]', 'release-**']) {
      expect(globSyntaxFindings(pattern, dialect).filter((f) => f.severity === 'error'), pattern).toEqual([]);
    }
  });
});
