// Runs anywhere (pure).
/**
 * A retention selector compiled: Harbor's doublestar selector as tag retention uses it
 * (src/lib/selector/selectors/doublestar/selector.go), the one kind its selector index registers. Unlike
 * the immutability path, retention hands it full candidates: the project name (`nsMatches`), the
 * repository name without the project (`repoMatches`) and all tags of an artifact (`matches`), and what
 * an untagged artifact gets comes from the selector's `extras` (docs/harbor-retention.md §4).
 */
import type { CompiledGlob, Dialect } from '../glob/dialect.js';
import { compileGlob } from '../glob/index.js';
import { requirePatternWithinLimits } from '../glob/limits.js';
import type { RetentionSelector } from './policy.js';

/** 1 selected, 0 not selected, -1 the glob failed (the caller's job or launch fails). */
export type RetentionSelectorOutcome = 1 | 0 | -1;

export const DOUBLESTAR_KIND = 'doublestar';
export const RETENTION_DECORATIONS = ['matches', 'excludes', 'repoMatches', 'repoExcludes', 'nsMatches', 'nsExcludes'] as const;

export interface CompiledRetentionSelector {
  readonly selector: RetentionSelector;
  /** index.Get's refusal (empty, unregistered kind or decoration): using the selector fails, or null. */
  readonly invalid: string | null;
  /** What an untagged artifact answers to `matches` (and the opposite to `excludes`). */
  readonly untagged: boolean;
  /** Whether the candidate is selected; `tags[from, to)` are the artifact's tags. */
  select(namespace: string, repository: string, tags: readonly string[], from: number, to: number): RetentionSelectorOutcome;
  /** The message of an error outcome. */
  readonly error: string;
}

/**
 * `json.Unmarshal([]byte(extras), &struct{ Untagged bool `json:"untagged"` }{})`: the parsed value, or
 * null when Go would return an error (the selector then keeps its default). Go matches the field name
 * case-insensitively, leaves it false for `null` or a missing key, and fails on any other type.
 */
export function untaggedFromExtras(extras: string): boolean | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(extras);
  } catch {
    return null;
  }
  if (parsed === null) return false;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  let untagged = false;
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (key.toLowerCase() !== 'untagged') continue;
    if (value === null) continue;
    if (typeof value !== 'boolean') return null;
    untagged = value;
  }
  return untagged;
}

/** The selector factory's default, then what `extras` says when Go can read it. */
export function untaggedSetting(selector: RetentionSelector): boolean {
  const byDefault = selector.decoration !== 'excludes';
  const extras = selector.extras ?? '';
  if (extras === '') return byDefault;
  return untaggedFromExtras(extras) ?? byDefault;
}

/** index.Get's checks, in its order and words. */
function refusal(selector: RetentionSelector): string | null {
  const kind = selector.kind ?? '';
  const decoration = selector.decoration ?? '';
  if (kind === '' || decoration === '') return 'empty selector kind or decoration';
  if (kind !== DOUBLESTAR_KIND) return `selector ${kind} is not registered`;
  if (!(RETENTION_DECORATIONS as readonly string[]).includes(decoration)) return `decoration ${decoration} of selector ${kind} is not supported`;
  return null;
}

const GLOB_SYNTAX_ERROR = 'syntax error in pattern';

export function compileRetentionSelector(selector: RetentionSelector, dialect: Dialect, where: string): CompiledRetentionSelector {
  const invalid = refusal(selector);
  const pattern = selector.pattern ?? '';
  const untagged = untaggedSetting(selector);
  const error = `pattern ${JSON.stringify(pattern)}: ${GLOB_SYNTAX_ERROR}`;
  if (invalid !== null) return { selector, invalid, untagged, error: invalid, select: () => -1 };
  requirePatternWithinLimits(pattern, `${where} pattern`);
  // Harbor's match(): an empty pattern matches everything without reaching the glob library; `**` alone
  // matches every name in both doublestar versions, so it need not reach it either.
  const glob: CompiledGlob | null = pattern === '' || pattern === '**' ? null : compileGlob(pattern, dialect);
  const test = (name: string): RetentionSelectorOutcome => {
    if (glob === null) return 1;
    const outcome = glob.match(name);
    return outcome === 'match' ? 1 : outcome === 'miss' ? 0 : -1;
  };
  const decoration = selector.decoration!;
  const base = { selector, invalid: null, untagged, error };
  switch (decoration) {
    case 'matches':
      return {
        ...base,
        select(_namespace, _repository, tags, from, to) {
          if (to <= from) return untagged ? 1 : 0;
          if (glob === null) return 1;
          for (let t = from; t < to; t++) {
            const outcome = test(tags[t]!);
            if (outcome !== 0) return outcome;
          }
          return 0;
        },
      };
    case 'excludes':
      return {
        ...base,
        select(_namespace, _repository, tags, from, to) {
          if (to <= from) return untagged ? 0 : 1;
          if (glob === null) return 0;
          for (let t = from; t < to; t++) {
            const outcome = test(tags[t]!);
            if (outcome === -1) return -1;
            if (outcome === 0) return 1;
          }
          return 0;
        },
      };
    default: {
      // repoMatches/repoExcludes read the repository name, nsMatches/nsExcludes the project name; an
      // empty name is never selected.
      const readsNamespace = decoration === 'nsMatches' || decoration === 'nsExcludes';
      const excludes = decoration === 'repoExcludes' || decoration === 'nsExcludes';
      return {
        ...base,
        select(namespace, repository) {
          const value = readsNamespace ? namespace : repository;
          if (value === '') return 0;
          const outcome = test(value);
          if (outcome === -1) return -1;
          return (outcome === 1) !== excludes ? 1 : 0;
        },
      };
    }
  }
}
