// Runs anywhere (pure).
/**
 * Taglock's rule model: Harbor's immutable-tag rule object, parsed tolerantly and kept faithful enough
 * to write back exactly what the server stores. Field names stay in Harbor's snake_case on the wire
 * (see wire.ts); in memory they are camelCase.
 */

export const REPOSITORY_DECORATIONS = ['repoMatches', 'repoExcludes'] as const;
export const TAG_DECORATIONS = ['matches', 'excludes'] as const;
/** Decorations the server also accepts; in Harbor's immutability path they never select anything. */
export const NAMESPACE_DECORATIONS = ['nsMatches', 'nsExcludes'] as const;
export const SELECTOR_KIND = 'doublestar';
export const IMMUTABLE_ACTION = 'immutable';
export const IMMUTABLE_TEMPLATE = 'immutable_template';
/** Harbor's web UI refuses to add a 16th rule; the server itself has no limit. */
export const HARBOR_UI_RULE_LIMIT = 15;

export type RepositoryDecoration = (typeof REPOSITORY_DECORATIONS)[number];
export type TagDecoration = (typeof TAG_DECORATIONS)[number];

export interface Selector {
  /** Only `doublestar` is known; anything else is stored by the server and fails at match time. */
  readonly kind: string;
  readonly decoration: string;
  readonly pattern: string;
  /** Harbor's `extras` string, kept only so a round trip loses nothing. */
  readonly extras?: string;
}

export interface ImmutableRule {
  /** Server id; null for a rule that exists only in a draft. */
  readonly id: number | null;
  readonly disabled: boolean;
  readonly priority: number;
  readonly action: string;
  readonly template: string;
  /** `scope_selectors.repository`; matching reads only the first. */
  readonly repositorySelectors: readonly Selector[];
  /** `tag_selectors`; matching reads only the first. */
  readonly tagSelectors: readonly Selector[];
  /** Other `scope_selectors` keys: stored by the server, ignored by matching, kept for round trips. */
  readonly otherScopes?: Readonly<Record<string, readonly Selector[]>>;
  /** `project_id` as the server reported it, if it did. */
  readonly projectId?: number;
}

export function repositorySelectorOf(rule: ImmutableRule): Selector | undefined {
  return rule.repositorySelectors[0];
}

export function tagSelectorOf(rule: ImmutableRule): Selector | undefined {
  return rule.tagSelectors[0];
}

/** A rule built from the two fields an admin edits, with Harbor's fixed action and template. */
export function makeRule(fields: {
  id?: number | null;
  disabled?: boolean;
  repository: { decoration: string; pattern: string };
  tag: { decoration: string; pattern: string };
}): ImmutableRule {
  return {
    id: fields.id ?? null,
    disabled: fields.disabled ?? false,
    priority: 0,
    action: IMMUTABLE_ACTION,
    template: IMMUTABLE_TEMPLATE,
    repositorySelectors: [{ kind: SELECTOR_KIND, ...fields.repository }],
    tagSelectors: [{ kind: SELECTOR_KIND, ...fields.tag }],
  };
}

/** Human label for a rule in messages: `rule 7` or `draft rule 3` (1-based position). */
export function ruleLabel(rule: ImmutableRule, index: number): string {
  return rule.id === null ? `draft rule ${index + 1}` : `rule ${rule.id}`;
}

/** `repositories repoMatches "**", tags matches "v*"`: the two selectors Harbor reads, for messages. */
export function selectorsText(rule: ImmutableRule): string {
  const repository = rule.repositorySelectors[0];
  const tag = rule.tagSelectors[0];
  return `repositories ${repository?.decoration ?? '?'} ${JSON.stringify(repository?.pattern ?? '')}, tags ${tag?.decoration ?? '?'} ${JSON.stringify(tag?.pattern ?? '')}`;
}
