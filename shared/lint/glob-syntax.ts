// Runs anywhere (pure).
/**
 * A static reading of a pattern for the parts doublestar will refuse (ErrBadPattern) when matching
 * reaches them, and for constructs a dialect silently gets wrong. The library itself only finds these
 * lazily, per name; lint wants them before any name is tried.
 */
import type { Dialect } from '../glob/dialect.js';

export interface SyntaxFinding {
  /**
   * `error`: matching can stop with ErrBadPattern for some name a registry can hold; `empty-component`:
   * only for names with an empty path component (`a//b`, `/a`, `a/`), which repository names and tags
   * never have (distribution spec: path components are non-empty); `unsupported`: the dialect misreads
   * it silently.
   */
  severity: 'error' | 'empty-component' | 'unsupported';
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

/** Whether an odd run of backslashes directly precedes position j (a real escape, as v1.3.4 reads braces). */
function escapedByParity(pattern: string, j: number): boolean {
  let run = 0;
  while (j - run - 1 >= 0 && pattern[j - run - 1] === '\\') run++;
  return run % 2 === 1;
}

export function globSyntaxFindings(pattern: string, dialect: Dialect): SyntaxFinding[] {
  const findings: SyntaxFinding[] = [];
  const add = (severity: SyntaxFinding['severity'], message: string) => {
    if (!findings.some((f) => f.message === message)) findings.push({ severity, message });
  };
  const braceStarts: number[] = [];
  // The v1.3.4 "/ inside braces" question. doublestar v1.3.4 fails on such a group only when a name
  // component is used up right where the group starts (isZeroLengthPattern then cuts the group at its "/"
  // and finds it unclosed). At the start of a path component that means an empty name component; right
  // after a "*" it never happens (a star hands on only positions before the end of the component); an
  // option starts where its group does. Anywhere else a real name can end there (`x{a/b,c}` vs `x`).
  // `safeHere`: at this position a name component can be used up only if it is empty; per open group, the
  // same at its start.
  const groupSafe: boolean[] = [];
  let safeHere = true;
  // Reading goes left to right with "\\x" as one escaped character; but when v1.1.1 looks for the end of
  // a brace group it treats any "}" or "," right after a backslash as escaped, even an escaped one
  // (v1.3.4 counts escapes properly there).
  const delimiterEscaped = (j: number) => (dialect === 'v1.1.1' ? j > 0 && pattern[j - 1] === '\\' : escapedByParity(pattern, j));
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (braceStarts.length > 0 && delimiterEscaped(i) && (c === '}' || c === ',' || c === '{')) {
      safeHere = false;
      continue;
    }
    const safeBefore: boolean = safeHere;
    safeHere = false;
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
        if (!escaped && d === '/') break;
        if (braceStarts.length > 0 && !delimiterEscaped(j) && (d === ',' || d === '}' || d === '{')) break;
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
      groupSafe.push(safeBefore);
      safeHere = safeBefore;
      if (braceStarts.length > 1 && dialect === 'v1.1.1') add('unsupported', 'nested braces do not work in doublestar v1.1.1');
      const next = pattern[i + 1];
      if ((next === ',' || next === '}') && dialect === 'v1.1.1') add('unsupported', 'empty brace alternatives do not work in doublestar v1.1.1');
    } else if (c === '}' && braceStarts.length > 0) {
      braceStarts.pop();
      groupSafe.pop();
    } else if (c === ',' && braceStarts.length > 0) {
      safeHere = groupSafe.at(-1)!;
      const next = pattern[i + 1];
      if ((next === ',' || next === '}') && dialect === 'v1.1.1') add('unsupported', 'empty brace alternatives do not work in doublestar v1.1.1');
    } else if (c === '/') {
      safeHere = true;
      if (braceStarts.length === 0) continue;
      if (dialect === 'v1.1.1') add('error', 'a "/" inside braces is a syntax error in doublestar v1.1.1');
      else if (groupSafe.every(Boolean)) {
        add('empty-component', 'a "/" inside braces makes doublestar v1.3.4 fail with a syntax error for names with an empty path component');
      } else {
        add('error', 'a "/" inside braces that follow other text in their path component makes doublestar v1.3.4 fail with a syntax error for names that end right before the braces');
      }
    } else if (c === '*') {
      safeHere = true;
    }
  }
  if (braceStarts.length > 0) add('error', 'a "{" is never closed');
  return findings;
}
