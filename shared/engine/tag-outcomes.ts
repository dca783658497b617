// Runs anywhere (pure).
/**
 * What a rule's tag selector answered for each tag name of a snapshot, kept between simulations: a
 * selector that reads the tag reads nothing else, so its answer for a name holds for every tag of that
 * name, for as long as its pattern does. A keystroke in the rule editor changes one pattern; every other
 * rule's answers are then looked up instead of matched again, and only the edited pattern is matched
 * (once per distinct name it reaches, not once per tag: `latest` is matched once, not in every repository).
 *
 * Answers are kept per snapshot index, one byte per distinct tag name (`SnapshotIndex.tagNameIds`) for
 * each selector (kind, decoration, pattern and glob library), the least recently used dropped first.
 */
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';
import { keptPerIndex, perIndex } from '../snapshot/per-index.js';
import type { CompiledRuleSet } from './rule-set.js';
import type { CompiledSelector } from './selector.js';
import { NOT_SELECTED, SELECTED } from './selector.js';
import type { Dialect } from '../glob/dialect.js';

/** In a selector's answers: not asked yet; else the SelectorOutcome plus 2 (1 error, 2 not selected, 3 selected). */
export const NOT_ASKED = 0;
export const OUTCOME_OFFSET = 2;

/** Selectors whose answers are kept per snapshot: a rule list or two, and the patterns typed last. */
const KEPT_SELECTORS = 48;

const keptAnswers = keptPerIndex<Int8Array>(KEPT_SELECTORS);

/** The kept answers of a selector that reads the tag, by tag name id (filled as they are asked), else null. */
export function keptTagAnswers(index: SnapshotIndex, dialect: Dialect, selector: CompiledSelector): Int8Array | null {
  if (selector.target !== 'tags') return null;
  const { kind, decoration, pattern } = selector.selector;
  return keptAnswers(index, `${dialect}|${kind}|${decoration}|${pattern}`, () => {
    const answers = new Int8Array(index.distinctTagNames.length);
    answerNamesWithoutStart(index, selector, answers);
    return answers;
  });
}

/** The distinct tag names' ids by their first UTF-16 unit (computed once per index). */
const namesByFirstUnit = perIndex((index: SnapshotIndex): Map<number, Int32Array> => {
  const lists = new Map<number, number[]>();
  index.distinctTagNames.forEach((name, nameId) => {
    const first = name.length === 0 ? -1 : name.charCodeAt(0);
    let list = lists.get(first);
    if (list === undefined) lists.set(first, (list = []));
    list.push(nameId);
  });
  return new Map([...lists].map(([first, list]) => [first, Int32Array.from(list)]));
});

/**
 * Fills in the answer for every name that lacks the start all names the pattern matches have (most of
 * them, for a pattern such as `v1.2.*`): only the names sharing its first character are compared, the
 * rest are answered at once, and none is matched, on each keystroke.
 */
function answerNamesWithoutStart(index: SnapshotIndex, selector: CompiledSelector, answers: Int8Array): void {
  const start = selector.matchedStart;
  if (start === '') return;
  answers.fill((selector.selector.decoration === 'excludes' ? SELECTED : NOT_SELECTED) + OUTCOME_OFFSET);
  const names = index.distinctTagNames;
  for (const nameId of namesByFirstUnit(index).get(start.charCodeAt(0)) ?? []) if (names[nameId]!.startsWith(start)) answers[nameId] = NOT_ASKED;
}

/** Per rule position of `ruleSet`: the kept answers of its tag selector, or null where it reads no tag. */
export function tagAnswersFor(index: SnapshotIndex, ruleSet: CompiledRuleSet): (Int8Array | null)[] {
  return ruleSet.rules.map((rule) => (rule.tag === null ? null : keptTagAnswers(index, ruleSet.dialect, rule.tag)));
}
