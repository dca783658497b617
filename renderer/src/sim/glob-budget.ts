// Runs in the browser (pure).
/**
 * Which rules can make one glob match explode, judged by lint's glob-cost measure (`*` per path segment
 * against the name length). The UI asks before it matches a name on the main thread (the pattern tester,
 * the why of a tag, a glob typed into the tag search), and names these rules when a simulation is stopped
 * over its time budget.
 */
import { COST_WARNING, combinations, starsPerSegment } from '../../../shared/lint/glob-cost.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';

/** The name length assumed when no name is at hand, as lint assumes without a snapshot. */
const TYPICAL_NAME = 64;

/** Whether one match of `pattern` against a name this long can take seconds or more. */
export function globMayExplode(pattern: string | undefined, nameLength: number): boolean {
  if (pattern === undefined) return false;
  const stars = starsPerSegment(pattern);
  return stars >= 3 && combinations(nameLength, stars) >= COST_WARNING;
}

/**
 * Positions (in `rules`) of the enabled rules whose first repository or tag pattern can explode on names
 * of these lengths (the longest repository path part and the longest tag).
 */
export function costlyRulePositions(rules: readonly ImmutableRule[], longest: { repositoryPart: number; tag: number } = { repositoryPart: TYPICAL_NAME, tag: TYPICAL_NAME }): number[] {
  const positions: number[] = [];
  rules.forEach((rule, position) => {
    if (rule.disabled) return;
    if (globMayExplode(rule.repositorySelectors[0]?.pattern, longest.repositoryPart) || globMayExplode(rule.tagSelectors[0]?.pattern, longest.tag)) positions.push(position);
  });
  return positions;
}

/** The same question for one repository and its tags, as the pattern tester and the why panel match them. */
export function costlyRulesFor(rules: readonly ImmutableRule[], repository: string, tags: readonly string[]): number[] {
  const repositoryPart = Math.max(0, ...repository.split('/').map((part) => part.length), repository.length);
  const tag = tags.reduce((most, name) => Math.max(most, name.length), 0);
  return costlyRulePositions(rules, { repositoryPart, tag });
}
