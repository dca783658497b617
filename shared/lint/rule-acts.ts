// Runs anywhere (pure).
/**
 * Whether a rule can ever make a tag immutable, decided in this one place for every lint check. A rule
 * never acts when Harbor skips it (disabled, a selector missing), when every evaluation of it fails (an
 * empty or unknown kind or decoration, a pattern broken at its first character), when a selector can
 * never select (namespace decorations, a repository exclusion of everything), or when an earlier rule
 * already locks every tag of every repository (then it decides no tag; only an `excludes` rule still
 * decides untagged artifacts on the retention path, which a `matches **` rule leaves alone since 2.5).
 *
 * Findings about what such a rule would do ("locks latest", "selects everything", "keeps untagged
 * artifacts") are wrong about it: the fact that it never acts is the finding, and the check that found
 * that fact reports it (unknown-kind, namespace-decoration, redundant-rule, ...). `onIdleRules` removes
 * the others.
 */
import type { CompiledRule, CompiledRuleSet } from '../engine/rule-set.js';
import type { CompiledSelector } from '../engine/selector.js';
import { brokenAtStart } from '../glob/broken-start.js';
import type { Dialect } from '../glob/dialect.js';
import type { LintFinding } from './finding.js';

export type Inaction = 'disabled' | 'skipped' | 'fails' | 'selects-nothing' | 'after-lock-all';

function fails(selector: CompiledSelector, dialect: Dialect): boolean {
  return selector.target === 'invalid' || brokenAtStart(selector.selector.pattern, dialect);
}

/** Why the rule, by itself, never makes a tag immutable, or null when it can. */
export function inaction(rule: CompiledRule, dialect: Dialect): Exclude<Inaction, 'after-lock-all'> | null {
  if (rule.disabled) return 'disabled';
  if (rule.repository === null || rule.tag === null) return 'skipped';
  if (fails(rule.repository, dialect) || fails(rule.tag, dialect)) return 'fails';
  if (rule.repository.target === 'nothing' || rule.tag.target === 'nothing') return 'selects-nothing';
  // "Excluding **" (or an empty pattern, which matches everything) excludes every repository.
  const repository = rule.repository.selector;
  if (repository.decoration === 'repoExcludes' && (repository.pattern === '' || repository.pattern === '**')) return 'selects-nothing';
  return null;
}

/** Repository patterns that select every repository name; tag patterns that match every tag (tags have no "/"). */
const EVERY_REPOSITORY = new Set(['', '**']);
const EVERY_TAG = new Set(['', '**', '*']);

/** Whether the rule makes every tag of every repository immutable whatever the names (it never fails). */
export function locksEveryTag(rule: CompiledRule, dialect: Dialect): boolean {
  if (inaction(rule, dialect) !== null) return false;
  const repository = rule.repository!.selector;
  const tag = rule.tag!.selector;
  return repository.decoration === 'repoMatches' && EVERY_REPOSITORY.has(repository.pattern) && tag.decoration === 'matches' && EVERY_TAG.has(tag.pattern);
}

/** The first rule, in evaluation order, that locks every tag, with its position; null when none does. */
export function firstLockAll(set: CompiledRuleSet): { rule: CompiledRule; position: number } | null {
  const position = set.rules.findIndex((rule) => locksEveryTag(rule, set.dialect));
  return position < 0 ? null : { rule: set.rules[position]!, position };
}

/** Every rule of the set that never acts, by index, with why. */
export function idleRules(set: CompiledRuleSet): Map<number, Inaction> {
  const idle = new Map<number, Inaction>();
  const lockAll = firstLockAll(set)?.position ?? Infinity;
  set.rules.forEach((rule, position) => {
    const why = inaction(rule, set.dialect) ?? (position > lockAll ? 'after-lock-all' : null);
    if (why !== null) idle.set(rule.index, why);
  });
  return idle;
}

/** Codes of findings that describe what a rule does when it acts. */
export const ASSUMES_THE_RULE_ACTS: ReadonlySet<string> = new Set([
  'empty-pattern',
  'project-prefix',
  'registry-host-prefix',
  'brace-quirk',
  'ci-moving-tags',
  'locks-moving-tags',
  'untagged-retained',
  'untagged-retained-in-snapshot',
  'glob-cost',
  'retention-name-quirk',
  'matches-nothing',
  'shadowed',
  'excludes-nothing',
  'exclusion-overridden-in-snapshot',
  'duplicate-meaning',
]);

/** What an `excludes` rule after a lock-all rule still does: keep untagged artifacts from retention. */
const UNTAGGED_RETENTION: ReadonlySet<string> = new Set(['untagged-retained', 'untagged-retained-in-snapshot']);

/** Codes of findings saying Harbor fails when it evaluates the rule: a disabled rule is never evaluated. */
const FAILS_WHEN_EVALUATED: ReadonlySet<string> = new Set(['syntax-error', 'unknown-kind', 'missing-kind', 'unknown-decoration']);

/**
 * The findings without those that assume an idle rule acts; on a disabled rule, failures are warnings
 * (Harbor does not evaluate it, so nothing fails until it is enabled).
 */
export function onIdleRules(findings: readonly LintFinding[], set: CompiledRuleSet): LintFinding[] {
  const idle = idleRules(set);
  const out: LintFinding[] = [];
  for (const finding of findings) {
    const why = finding.ruleIndex === null ? undefined : idle.get(finding.ruleIndex);
    if (why === undefined) out.push(finding);
    else if (why === 'after-lock-all' && UNTAGGED_RETENTION.has(finding.code)) out.push(finding);
    else if (ASSUMES_THE_RULE_ACTS.has(finding.code)) continue;
    else if (why === 'disabled' && FAILS_WHEN_EVALUATED.has(finding.code) && finding.severity === 'error') {
      out.push({ ...finding, severity: 'warning', message: `${finding.message} The rule is disabled: Harbor evaluates it only once it is enabled.` });
    } else out.push(finding);
  }
  return out;
}
