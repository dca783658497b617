// Runs anywhere (pure).
/**
 * A static reading of a pattern for the parts doublestar will refuse (ErrBadPattern) when matching
 * reaches them, and for constructs a dialect silently gets wrong. The library itself only finds these
 * lazily, per name; lint wants them before any name is tried.
 */
import type { Dialect } from '../glob/dialect.js';

export interface SyntaxFinding {
  /** `error`: matching can stop with ErrBadPattern; `unsupported`: the dialect misreads it silently. */
  severity: 'error' | 'unsupported';
  message: string;
}

function classProblem(body: string): string | null {
  let i = body.startsWith('^') ? 1 : 0;
  if (i >= body.length) return 'an empty character class';
  while (i < body.length) {
    let low = body[i]!;
    if (low === '-') return 'a character class with a "-" that is not part of a range (escape it as \\-)';
    i++;
    if (low === '\\') {
      if (i >= body.length) return 'a character class ending in a backslash';
      low = body[i++]!;
    }
    if (body[i] === '-') {
      i++;
      if (i >= body.length) return 'a character class ending in "-"';
      const high = body[i++]!;
      if (high === '-') return 'a character class range ending in "-"';
      if (high === '\\') {
        if (i >= body.length) return 'a character class ending in a backslash';
        i++;
      }
    }
  }
  return null;
}

export function globSyntaxFindings(pattern: string, dialect: Dialect): SyntaxFinding[] {
  const findings: SyntaxFinding[] = [];
  const add = (severity: SyntaxFinding['severity'], message: string) => {
    if (!findings.some((f) => f.message === message)) findings.push({ severity, message });
  };
  const braceStarts: number[] = [];
  // Reading goes left to right with "\\x" as one escaped character; but when the library looks for the
  // end of a brace group it treats any "}" or "," right after a backslash as escaped, even an escaped one.
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const afterBackslash = i > 0 && pattern[i - 1] === '\\';
    if (braceStarts.length > 0 && afterBackslash && (c === '}' || c === ',' || c === '{')) continue;
    if (c === '\\') {
      if (i + 1 >= pattern.length) add('error', 'it ends in a lone backslash');
      i++;
    } else if (c === '[') {
      // As the library finds it: the first "]" not directly after a backslash (the first position
      // after "[" never counts as escaped), so "[\\]" is unclosed although the backslash is escaped.
      // The pattern is cut at "/" (and inside braces at "," and "}") before classes are read, so a
      // class cannot reach past those.
      let close = -1;
      for (let j = i + 1; j < pattern.length; j++) {
        const d = pattern[j];
        const escaped = j > i + 1 && pattern[j - 1] === '\\';
        if (!escaped && (d === '/' || (braceStarts.length > 0 && (d === ',' || d === '}' || d === '{')))) break;
        if (d === ']' && !escaped) {
          close = j;
          break;
        }
      }
      if (close < 0) {
        add('error', 'a "[" is never closed (write \\[ for a literal bracket)');
        break;
      }
      const problem = classProblem(pattern.slice(i + 1, close));
      if (problem) add('error', `it has ${problem}`);
      i = close;
    } else if (c === '{') {
      braceStarts.push(i);
      if (braceStarts.length > 1 && dialect === 'v1.1.1') add('unsupported', 'nested braces do not work in doublestar v1.1.1');
      const next = pattern[i + 1];
      if ((next === ',' || next === '}') && dialect === 'v1.1.1') add('unsupported', 'empty brace alternatives do not work in doublestar v1.1.1');
    } else if (c === '}' && braceStarts.length > 0) {
      braceStarts.pop();
    } else if (c === ',' && braceStarts.length > 0) {
      const next = pattern[i + 1];
      if ((next === ',' || next === '}') && dialect === 'v1.1.1') add('unsupported', 'empty brace alternatives do not work in doublestar v1.1.1');
    } else if (c === '/' && braceStarts.length > 0) {
      add(
        'error',
        dialect === 'v1.1.1'
          ? 'a "/" inside braces is a syntax error in doublestar v1.1.1'
          : 'a "/" inside braces makes doublestar v1.3.4 fail with a syntax error for some names',
      );
    }
  }
  if (braceStarts.length > 0) add('error', 'a "{" is never closed');
  return findings;
}
