// Runs in the browser (pure helpers, no DOM).
/** Words for rules, selectors and "why" traces. */
import type { RuleOutcome } from '../../../shared/engine/decide.js';
import type { ImmutableRule, Selector } from '../../../shared/rules/model.js';

const DECORATION_WORDS: Record<string, string> = {
  repoMatches: 'matching',
  repoExcludes: 'excluding',
  matches: 'matching',
  excludes: 'excluding',
  nsMatches: 'namespace matching (never selects)',
  nsExcludes: 'namespace excluding (never selects)',
};

export function decorationWord(decoration: string): string {
  return DECORATION_WORDS[decoration] ?? (decoration === '' ? '(no decoration)' : `"${decoration}"`);
}

export function selectorText(selector: Selector | undefined): string {
  if (!selector) return 'none';
  const kind = selector.kind === 'doublestar' ? '' : ` [kind ${selector.kind === '' ? 'empty' : selector.kind}]`;
  return `${decorationWord(selector.decoration)} ${selector.pattern === '' ? '(empty: everything)' : selector.pattern}${kind}`;
}

/** "repositories matching **, tags excluding {rc,test}" */
export function ruleText(rule: ImmutableRule): string {
  return `repositories ${selectorText(rule.repositorySelectors[0])}, tags ${selectorText(rule.tagSelectors[0])}`;
}

export const OUTCOME_WORDS: Record<RuleOutcome, string> = {
  disabled: 'Disabled: skipped',
  'no-repository-selector': 'No repository selector: skipped',
  'repository-not-selected': 'Repository not selected',
  'no-tag-selector': 'No tag selector: skipped',
  'tags-not-selected': 'Repository selected, tag not selected',
  decided: 'Selected: this rule makes it immutable',
  'repository-error': 'Error in the repository pattern: evaluation stops here, the tag counts as mutable',
  'tag-error': 'Error in the tag pattern: evaluation stops here, the tag counts as mutable',
  'not-reached': 'Not consulted (an earlier rule decided or failed)',
};

export function outcomeTone(outcome: RuleOutcome): 'good' | 'bad' | 'muted' | 'plain' {
  if (outcome === 'decided') return 'good';
  if (outcome === 'repository-error' || outcome === 'tag-error') return 'bad';
  if (outcome === 'disabled' || outcome === 'not-reached' || outcome === 'no-repository-selector' || outcome === 'no-tag-selector') return 'muted';
  return 'plain';
}

/**
 * A pattern-tester input: `repository:tag`, `repository:tag1,tag2` (an artifact with several tags, as
 * tag retention judges it) or `repository:` (an untagged artifact). A leading `project/` is dropped
 * with a warning, since Harbor's rules see names without the project.
 */
export interface TesterInput {
  repository: string;
  tags: string[];
  warning: string | null;
}

export function parseTesterInput(text: string, projectName: string | null): TesterInput | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const colon = trimmed.indexOf(':');
  let repository = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const tagText = colon < 0 ? null : trimmed.slice(colon + 1);
  const tags = tagText === null ? [] : tagText.split(',').map((t) => t.trim()).filter((t) => t !== '');
  let warning: string | null = null;
  if (colon < 0) warning = 'No ":" — judged as an untagged artifact of this repository. Type repository:tag to judge a tag.';
  if (projectName && repository.startsWith(`${projectName}/`)) {
    repository = repository.slice(projectName.length + 1);
    warning = `Harbor's rules see repository names without the project: judged as ${repository}.`;
  }
  if (repository === '') return null;
  return { repository, tags, warning };
}

/**
 * A sentence from the Node side or the engine in the words of this UI: `repositories repoMatches "**"`
 * reads `repositories matching **`, and `->` an arrow.
 */
export function plainRuleWords(text: string): string {
  return text
    .replace(/\b(repositories|tags) (repoMatches|repoExcludes|matches|excludes|nsMatches|nsExcludes) ("(?:[^"\\]|\\.)*")/g, (_all, what: string, decoration: string, quoted: string) => {
      let pattern = quoted;
      try {
        pattern = JSON.parse(quoted) as string;
      } catch {
        // Not JSON after all: keep it as written.
      }
      return `${what} ${decorationWord(decoration)} ${pattern === '' ? '(empty: everything)' : pattern}`;
    })
    .replace(/ -> /g, ' → ');
}

/** A plan step's description after its kind's badge: without the verb the badge already says. */
export function stepText(kind: string, description: string): string {
  const words = plainRuleWords(description);
  return words.toLowerCase().startsWith(`${kind.toLowerCase()} `) ? words.slice(kind.length + 1) : words;
}
