// Runs anywhere (pure).
/**
 * A rule list compiled for evaluation: sorted the way Harbor reads it (by id ascending; draft rules,
 * which get larger ids when created, after them in list order), each selector's glob parsed once.
 */
import type { Dialect } from '../glob/dialect.js';
import { requirePatternWithinLimits } from '../glob/limits.js';
import type { ImmutableRule } from '../rules/model.js';
import { ruleLabel } from '../rules/model.js';
import type { HarborProfile } from './harbor-profile.js';
import { DEFAULT_PROFILE } from './harbor-profile.js';
import type { CompiledSelector } from './selector.js';
import { compileSelector } from './selector.js';

export interface CompiledRule {
  readonly rule: ImmutableRule;
  /** Position in the list the caller gave (stable key for drafts without an id). */
  readonly index: number;
  readonly label: string;
  readonly disabled: boolean;
  /** `scope_selectors.repository[0]`, or null: the rule is skipped. */
  readonly repository: CompiledSelector | null;
  /** `tag_selectors[0]`, or null: the rule is skipped once its repository test passes. */
  readonly tag: CompiledSelector | null;
}

export interface CompiledRuleSet {
  /** The glob library (the profile's, unless overridden). */
  readonly dialect: Dialect;
  /** The Harbor release whose behaviour outside the glob is reproduced (the retention path's name and untagged handling). */
  readonly profile: HarborProfile;
  /** In evaluation order. */
  readonly rules: readonly CompiledRule[];
}

export function evaluationOrder(rules: readonly ImmutableRule[]): number[] {
  return rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => {
      const ia = a.rule.id ?? Number.POSITIVE_INFINITY;
      const ib = b.rule.id ?? Number.POSITIVE_INFINITY;
      return ia === ib ? a.index - b.index : ia - ib;
    })
    .map((entry) => entry.index);
}

/** `dialect` overrides only the glob library; everything else follows `profile` (default: the newest release). */
export function compileRuleSet(rules: readonly ImmutableRule[], dialect: Dialect, profile: HarborProfile = DEFAULT_PROFILE): CompiledRuleSet {
  const compiled = evaluationOrder(rules).map((index): CompiledRule => {
    const rule = rules[index]!;
    const repositorySelector = rule.repositorySelectors[0];
    const tagSelector = rule.tagSelectors[0];
    const label = ruleLabel(rule, index);
    if (repositorySelector) requirePatternWithinLimits(repositorySelector.pattern, `${label}, repository pattern`);
    if (tagSelector) requirePatternWithinLimits(tagSelector.pattern, `${label}, tag pattern`);
    return {
      rule,
      index,
      label,
      disabled: rule.disabled,
      repository: repositorySelector ? compileSelector(repositorySelector, dialect) : null,
      tag: tagSelector ? compileSelector(tagSelector, dialect) : null,
    };
  });
  return { dialect, profile, rules: compiled };
}
