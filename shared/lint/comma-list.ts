// Runs anywhere (pure).
/**
 * `comma-list`: `rc,test,latest` without braces. Harbor's web UI wraps such text in braces before saving,
 * but the API stores what it is sent, and Terraform, harbor-cli and scripts send the text verbatim. To
 * the glob a comma outside braces is an ordinary character, and no tag (`[\w][\w.-]{0,127}`) or repository
 * name (distribution spec) can contain one: the pattern never matches. For an exclusion that is the
 * opposite of what it says (it excludes nothing, so the names it lists are locked), hence an error there.
 */
import type { Selector } from '../rules/model.js';

/** Whether the pattern has an unescaped comma outside any brace group and character class. */
export function hasCommaOutsideBraces(pattern: string): boolean {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) return false; // a broken class: syntax-error says so
      i = close;
    } else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ',' && depth === 0) return true;
  }
  return false;
}

/** What the web UI would have saved: whitespace removed, the list in braces. */
function bracedSuggestion(pattern: string): string | null {
  return /[{}]/.test(pattern) ? null : `{${pattern.replace(/\s+/g, '')}}`;
}

export interface CommaListFinding {
  severity: 'error' | 'warning';
  message: string;
}

export function commaListFinding(selector: Selector, slot: 'repository' | 'tag'): CommaListFinding | null {
  if (!hasCommaOutsideBraces(selector.pattern)) return null;
  const field = slot === 'repository' ? 'Repository' : 'Tag';
  const names = selector.decoration.startsWith('repo') ? 'repository name' : 'tag';
  const excluding = selector.decoration.endsWith('xcludes');
  const first = JSON.stringify(selector.pattern.split(',')[0]!.trim());
  const effect = excluding
    ? `so it excludes nothing and the rule also locks the names it lists (${first} included)`
    : 'so it never matches';
  const suggestion = bracedSuggestion(selector.pattern);
  return {
    severity: excluding ? 'error' : 'warning',
    message:
      `${field} pattern ${JSON.stringify(selector.pattern)} has commas outside braces: Harbor reads it as one name with commas in it, ` +
      `and no ${names} can contain a comma, ${effect}. Only Harbor's web UI adds the braces; the API, Terraform and harbor-cli store the text as written.` +
      (suggestion ? ` Write ${JSON.stringify(suggestion)}.` : ' Put the alternatives in braces.'),
  };
}
