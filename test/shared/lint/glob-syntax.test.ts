// Lint's static reading of broken patterns must catch every pattern the real matcher can fail on, for
// every name a registry can hold; a failure only for names with an empty path component is told apart.
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../../shared/glob/index.js';
import { DIALECTS } from '../../../shared/glob/dialect.js';
import { globSyntaxFindings } from '../../../shared/lint/glob-syntax.js';
import { generateGlobCases } from '../glob/generate-cases.js';

/** `a//b`, `/a`, `a/`: no repository name or tag has such a component (distribution spec). */
const hasEmptyComponent = (name: string) => name.split('/').includes('');

describe.each(DIALECTS)('static syntax check is sound for %s', (dialect) => {
  it('flags every generated pattern for which matching reports a syntax error', () => {
    const missed: string[] = [];
    let errors = 0;
    let onlyOnEmptyComponents = 0;
    for (const c of generateGlobCases(60_000, 0xbad)) {
      if (compileGlob(c.p, dialect).match(c.n) !== 'error') continue;
      errors++;
      const findings = globSyntaxFindings(c.p, dialect);
      if (findings.some((f) => f.severity === 'error')) continue;
      // Not called an error: then the name must have an empty component, and the pattern be marked for it.
      if (hasEmptyComponent(c.n) && findings.some((f) => f.severity === 'empty-component')) onlyOnEmptyComponents++;
      else missed.push(`${c.p} vs ${c.n}`);
    }
    expect(errors).toBeGreaterThan(500);
    expect(missed.slice(0, 20)).toEqual([]);
    // v1.3.4's "/" inside braces at the start of a component fails only on empty components; v1.1.1 always.
    if (dialect === 'v1.3.4') expect(onlyOnEmptyComponents).toBeGreaterThan(10);
    else expect(onlyOnEmptyComponents).toBe(0);
  });

  it('does not call well-formed patterns broken', () => {
    for (const pattern of ['v*.*.*', '{rc,test,nightly}', '[^0-9]*', 'team/**', '\\*', '[\\-x]', 'release-**']) {
      expect(globSyntaxFindings(pattern, dialect).filter((f) => f.severity === 'error'), pattern).toEqual([]);
    }
  });
});

describe('an escaped backslash before "}" inside braces', () => {
  // In the patterns, v1.3.4 counts escapes: "\\\\" (two backslashes) is one escaped backslash, so the "}"
  // after it closes the group and cuts the class: broken.
  // v1.1.1 treats any "}" right after a backslash as escaped: the class closes at "]", well-formed.
  const cases = [
    ['{[\\*\\\\}]?c9d, stable}*', '}hc9due'],
    ['20az/_/{\\k[!\\\\}]rcc,**1t3fx}**', '20az/_/k!rcc'],
  ] as const;
  it.each(cases)('%s is read as each library reads it', (pattern, name) => {
    expect(compileGlob(pattern, 'v1.3.4').match(name)).toBe('error');
    expect(globSyntaxFindings(pattern, 'v1.3.4').map((f) => f.severity)).toContain('error');
    expect(compileGlob(pattern, 'v1.1.1').match(name)).toBe('match');
    expect(globSyntaxFindings(pattern, 'v1.1.1').filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('"/" inside braces', () => {
  const repositoryNames = ['team', 'team/app', 'x', 'x/y', 'app', 'a', 'a/b', 'c', 'library/nginx'];

  it('v1.3.4: at the start of a path component it fails only for empty components, which no name has', () => {
    for (const pattern of ['{team/app,team}', '{a/b,c}', 'library/{a/b,c}', '*{a/b,c}', '{**/app,x}', '{{a/b,c},d}']) {
      expect(globSyntaxFindings(pattern, 'v1.3.4').map((f) => f.severity), pattern).toEqual(['empty-component']);
      const glob = compileGlob(pattern, 'v1.3.4');
      expect(repositoryNames.filter((name) => glob.match(name) === 'error'), pattern).toEqual([]);
    }
  });

  it('v1.3.4: after other text in its component it fails for real names, and stays an error', () => {
    for (const [pattern, name] of [
      ['x{a/b,c}', 'x'],
      ['{a,*}{b/c,d}', 'a'],
      ['{x{a/b,c},d}', 'x/y'],
    ] as const) {
      expect(compileGlob(pattern, 'v1.3.4').match(name), pattern).toBe('error');
      expect(globSyntaxFindings(pattern, 'v1.3.4').map((f) => f.severity), pattern).toEqual(['error']);
    }
  });

  it('v1.1.1: always an error', () => {
    expect(compileGlob('{team/app,team}', 'v1.1.1').match('team')).toBe('error');
    expect(globSyntaxFindings('{team/app,team}', 'v1.1.1').map((f) => f.severity)).toEqual(['error']);
  });
});
