// Runs anywhere (pure).
/**
 * One selector of a rule, compiled: Harbor's doublestar selector (`selected(sel, untaggedAnswer)` in the
 * spec, §2). What it tests depends on its decoration only, not on whether it sits in the repository or
 * the tag slot: a `matches` selector in the repository slot tests the tags (Harbor does that too).
 */
import type { CompiledGlob, Dialect } from '../glob/dialect.js';
import { cachedGlob } from '../glob/cache.js';
import type { Selector } from '../rules/model.js';
import { SELECTOR_KIND } from '../rules/model.js';

/** 1 selected, 0 not selected, -1 error (see `CompiledSelector.error`). */
export type SelectorOutcome = 1 | 0 | -1;

export const SELECTED = 1;
export const NOT_SELECTED = 0;
export const SELECTOR_ERROR = -1;

export type SelectorTarget = 'repository' | 'tags' | 'nothing' | 'invalid';

export interface CompiledSelector {
  readonly selector: Selector;
  /** What the selector reads: the repository name, the tags, nothing (never selects), or it is invalid. */
  readonly target: SelectorTarget;
  /** Set when the selector can never be evaluated (unknown kind or decoration); a glob error is lazier. */
  readonly invalidReason: string | null;
  /**
   * For a selector of the tags: a start every tag its pattern matches has ('' when none is known). A tag
   * without it gets a miss's answer (not selected by `matches`, selected by `excludes`), never an error.
   */
  readonly matchedStart: string;
  selectRepository(repository: string): SelectorOutcome;
  selectTags(tags: readonly string[], untaggedAnswer: boolean): SelectorOutcome;
  /** The message of the last error outcome: the pattern's syntax error. */
  readonly error: string;
}

const GLOB_SYNTAX_ERROR = 'syntax error in pattern';

/**
 * Harbor's wrapper: an empty pattern matches everything and never reaches the glob library. Globs come
 * from the bounded cache: rule sets are compiled again on every keystroke, on both sides of the worker.
 */
function wrapGlob(pattern: string, dialect: Dialect): CompiledGlob | null {
  return pattern === '' ? null : cachedGlob(pattern, dialect);
}

export function compileSelector(selector: Selector, dialect: Dialect): CompiledSelector {
  const glob = wrapGlob(selector.pattern, dialect);
  const test = (name: string): SelectorOutcome => {
    if (glob === null) return SELECTED;
    const outcome = glob.match(name);
    return outcome === 'match' ? SELECTED : outcome === 'miss' ? NOT_SELECTED : SELECTOR_ERROR;
  };
  const invalid = (reason: string): CompiledSelector => ({
    selector,
    target: 'invalid',
    invalidReason: reason,
    matchedStart: '',
    error: reason,
    selectRepository: () => SELECTOR_ERROR,
    selectTags: () => SELECTOR_ERROR,
  });

  if (selector.kind !== SELECTOR_KIND) {
    return invalid(selector.kind === '' ? 'selector kind is empty' : `selector ${selector.kind} is not registered`);
  }
  const error = `pattern ${JSON.stringify(selector.pattern)}: ${GLOB_SYNTAX_ERROR}`;
  switch (selector.decoration) {
    case 'repoMatches':
    case 'repoExcludes': {
      const wanted: SelectorOutcome = selector.decoration === 'repoMatches' ? SELECTED : NOT_SELECTED;
      return {
        selector,
        target: 'repository',
        invalidReason: null,
        matchedStart: '',
        error,
        selectRepository(repository) {
          if (repository === '') return NOT_SELECTED;
          const outcome = test(repository);
          return outcome === SELECTOR_ERROR ? SELECTOR_ERROR : outcome === wanted ? SELECTED : NOT_SELECTED;
        },
        selectTags: () => NOT_SELECTED,
      };
    }
    case 'matches':
    case 'excludes': {
      // "matches": some tag matches; "excludes": some tag does not match. Tags are tried in order and
      // the first decisive tag wins, so a broken pattern errors only if no earlier tag decided.
      const wanted: SelectorOutcome = selector.decoration === 'matches' ? SELECTED : NOT_SELECTED;
      return {
        selector,
        target: 'tags',
        invalidReason: null,
        matchedStart: glob?.requiredStart ?? '',
        error,
        selectRepository: () => NOT_SELECTED,
        selectTags(tags, untaggedAnswer) {
          if (tags.length === 0) return untaggedAnswer ? SELECTED : NOT_SELECTED;
          for (let i = 0; i < tags.length; i++) {
            const outcome = test(tags[i]!);
            if (outcome === SELECTOR_ERROR) return SELECTOR_ERROR;
            if (outcome === wanted) return SELECTED;
          }
          return NOT_SELECTED;
        },
      };
    }
    case 'nsMatches':
    case 'nsExcludes':
      // The immutability candidate never carries a namespace, so these never select.
      return {
        selector,
        target: 'nothing',
        invalidReason: null,
        matchedStart: '',
        error,
        selectRepository: () => NOT_SELECTED,
        selectTags: () => NOT_SELECTED,
      };
    default:
      return invalid(
        selector.decoration === '' ? 'selector decoration is empty' : `unknown decoration ${JSON.stringify(selector.decoration)}`,
      );
  }
}

/** Evaluate a compiled selector against a candidate, whatever it reads. */
export function select(
  compiled: CompiledSelector,
  repository: string,
  tags: readonly string[],
  untaggedAnswer: boolean,
): SelectorOutcome {
  switch (compiled.target) {
    case 'repository':
      return compiled.selectRepository(repository);
    case 'tags':
      return compiled.selectTags(tags, untaggedAnswer);
    case 'nothing':
      return NOT_SELECTED;
    case 'invalid':
      return SELECTOR_ERROR;
  }
}
