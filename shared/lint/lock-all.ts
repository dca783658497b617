// Runs anywhere (pure).
/**
 * `redundant-rule` and `exclusion-overridden`: a rule over `**` repositories and `**` tags makes every tag
 * immutable by its shape alone, and rules are OR'ed (any rule that selects a tag locks it; harbor#19490).
 * So a rule evaluated after it never decides a tag, and an exclusion anywhere in the list keeps no tag
 * mutable: "everything except X" has to be one rule with `excludes`, not a lock-all rule plus an
 * excluding one. Static, from the patterns (which rule locks everything: rule-acts.ts); snapshot counts
 * are in exclusion-checks.ts.
 */
import type { CompiledRule, CompiledRuleSet } from '../engine/rule-set.js';
import type { LintFinding } from './finding.js';
import { firstLockAll, inaction } from './rule-acts.js';

export function hasExclusion(rule: CompiledRule): boolean {
  return rule.repository?.selector.decoration === 'repoExcludes' || rule.tag?.selector.decoration === 'excludes';
}

export function lockAllFindings(set: CompiledRuleSet): LintFinding[] {
  const lockAll = firstLockAll(set);
  if (lockAll === null) return [];
  const out: LintFinding[] = [];
  const by = lockAll.rule.label;
  set.rules.forEach((rule, position) => {
    if (position === lockAll.position || inaction(rule, set.dialect) !== null) return;
    const add = (code: string, message: string) => out.push({ severity: 'warning', code, ruleIndex: rule.index, rule: rule.label, message });
    if (hasExclusion(rule)) {
      add(
        'exclusion-overridden',
        `Its exclusion keeps no tag mutable: rules are OR'ed, and ${by} already makes every tag of every repository immutable (harbor#19490). ` +
          `To lock everything except some tags, keep only one rule, with the exclusion.`,
      );
    } else if (position > lockAll.position) {
      add('redundant-rule', `It never decides anything: ${by}, evaluated before it, already makes every tag of every repository immutable.`);
    }
  });
  return out;
}
