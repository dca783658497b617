// Runs anywhere (pure).
/**
 * Brace alternatives of a doublestar pattern, expanded the way a reader means them (`{a,b}x` -> `ax`,
 * `bx`), for lint checks that compare what an admin wrote with what the server does. Bounded: a pattern
 * with more than `limit` expansions returns null.
 */

interface Group {
  start: number;
  end: number;
  alternatives: string[];
}

/** The first top-level brace group, honouring backslash escapes; null when there is none or it is unclosed. */
function firstGroup(pattern: string): Group | null {
  let depth = 0;
  let start = -1;
  let altStart = -1;
  const alternatives: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) return null;
      i = close;
    } else if (c === '{') {
      if (depth === 0) {
        start = i;
        altStart = i + 1;
      }
      depth++;
    } else if (c === ',' && depth === 1) {
      alternatives.push(pattern.slice(altStart, i));
      altStart = i + 1;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        alternatives.push(pattern.slice(altStart, i));
        return { start, end: i, alternatives };
      }
    }
  }
  return null;
}

export function expandBraces(pattern: string, limit = 64): string[] | null {
  const group = firstGroup(pattern);
  if (group === null) return [pattern];
  const prefix = pattern.slice(0, group.start);
  const suffix = pattern.slice(group.end + 1);
  const out: string[] = [];
  for (const alternative of group.alternatives) {
    const expanded = expandBraces(prefix + alternative + suffix, limit);
    if (expanded === null) return null;
    out.push(...expanded);
    if (out.length > limit) return null;
  }
  return out;
}

export function hasBraces(pattern: string): boolean {
  return firstGroup(pattern) !== null;
}

/** True when any brace group's alternatives contain a `/`. */
export function hasSlashInBraces(pattern: string): boolean {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === '/' && depth > 0) return true;
  }
  return false;
}

/**
 * A name the pattern is plainly meant to match: wildcards filled with a letter, `**` components and
 * classes with their first member. Used to show a concrete example of a quirk.
 */
export function sampleName(alternative: string): string | null {
  let out = alternative.replace(/(^|\/)\*\*\//g, '$1').replace(/\/\*\*$/, '/x').replace(/^\*\*$/, 'x');
  if (/[{}]/.test(out)) return null;
  out = out.replace(/\[\^?(\\?.)[^\]]*\]/g, (_m, first: string) => (first.startsWith('\\') ? first.slice(1) : first));
  out = out.replace(/\*\*|\*|\?/g, 'x').replace(/\\(.)/g, '$1');
  return out === '' ? null : out;
}
