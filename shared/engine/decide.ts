// Runs anywhere (pure).
/**
 * Harbor's decision (spec §2): is this candidate immutable, which rule decided, or which error stopped
 * the evaluation (fail-open: the candidate counts as NOT immutable and later rules are never read).
 *
 * A candidate is a repository name WITHOUT its project and a list of tags: one tag for pushes, deletes
 * and listings; all of an artifact's tags (possibly none) for tag retention. The two paths can judge
 * different names: retention in the releases up to 2.15.2 drops the name's first path component
 * (harbor-profile.ts), so every function here takes the path.
 */
import type { Dialect } from '../glob/dialect.js';
import { parseWireRules } from '../rules/wire.js';
import type { CompiledRule, CompiledRuleSet } from './rule-set.js';
import { compileRuleSet } from './rule-set.js';
import type { HarborProfile } from './harbor-profile.js';
import { retentionName } from './harbor-profile.js';
import { SELECTED, SELECTOR_ERROR, select } from './selector.js';
import { untaggedAnswer, VERDICT_MUTABLE } from './judge.js';
import { DecisionCache } from './decision-cache.js';

/** `push` stands for pushes, tag and artifact deletes, copies and the listing's flag; `retention` for tag retention. */
export type DecisionPath = 'push' | 'retention';

/** The path Harbor takes for a candidate when none is named: one tag is a push, several or none retention. */
export function pathOf(tags: readonly string[]): DecisionPath {
  return tags.length === 1 ? 'push' : 'retention';
}

/** The repository name the path judges (the retention path may judge another, see harbor-profile.ts). */
export function judgedName(set: CompiledRuleSet, repository: string, path: DecisionPath): string {
  return path === 'retention' ? retentionName(set.profile.behaviour.retention, repository) : repository;
}

export interface DecisionError {
  /** The rule whose selector failed. */
  readonly rule: CompiledRule;
  readonly message: string;
  /** Enabled rules after it that were never consulted because of it. */
  readonly silenced: readonly CompiledRule[];
}

export interface Decision {
  readonly immutable: boolean;
  /** The rule that made the candidate immutable. */
  readonly rule: CompiledRule | null;
  readonly error: DecisionError | null;
}

/** Why one rule did or did not decide, for the "why" view. */
export type RuleOutcome =
  | 'disabled'
  | 'no-repository-selector'
  | 'repository-not-selected'
  | 'no-tag-selector'
  | 'tags-not-selected'
  | 'decided'
  | 'repository-error'
  | 'tag-error'
  | 'not-reached';

export interface RuleTrace {
  readonly rule: CompiledRule;
  readonly outcome: RuleOutcome;
  readonly message: string | null;
}

const MUTABLE: Decision = Object.freeze({ immutable: false, rule: null, error: null });

function failure(set: CompiledRuleSet, position: number, message: string): Decision {
  const silenced = set.rules.slice(position + 1).filter((rule) => !rule.disabled && rule.repository !== null);
  return { immutable: false, rule: null, error: { rule: set.rules[position]!, message, silenced } };
}

/** The decision, evaluated rule by rule in Harbor's order, on the name the path judges. */
export function decide(set: CompiledRuleSet, repositoryName: string, tags: readonly string[], path: DecisionPath = pathOf(tags)): Decision {
  const repository = judgedName(set, repositoryName, path);
  const rules = set.rules;
  for (let position = 0; position < rules.length; position++) {
    const rule = rules[position]!;
    if (rule.disabled || rule.repository === null) continue;
    const repositoryOutcome = select(rule.repository, repository, tags, true);
    if (repositoryOutcome === SELECTOR_ERROR) return failure(set, position, `${rule.label}: repository ${rule.repository.error}`);
    if (repositoryOutcome !== SELECTED) continue;
    if (rule.tag === null) continue;
    const tagOutcome = select(rule.tag, repository, tags, untaggedAnswer(set, rule.tag.selector.decoration));
    if (tagOutcome === SELECTOR_ERROR) return failure(set, position, `${rule.label}: tag ${rule.tag.error}`);
    if (tagOutcome === SELECTED) return { immutable: true, rule, error: null };
  }
  return MUTABLE;
}

/** Every rule's outcome for one candidate, in evaluation order, on the name the path judges. */
export function explain(set: CompiledRuleSet, repositoryName: string, tags: readonly string[], path: DecisionPath = pathOf(tags)): RuleTrace[] {
  const repository = judgedName(set, repositoryName, path);
  const traces: RuleTrace[] = [];
  let stopped = false;
  for (const rule of set.rules) {
    const trace = (outcome: RuleOutcome, message: string | null = null) => traces.push({ rule, outcome, message });
    if (rule.disabled) trace('disabled');
    else if (stopped) trace('not-reached');
    else if (rule.repository === null) trace('no-repository-selector');
    else {
      const repositoryOutcome = select(rule.repository, repository, tags, true);
      if (repositoryOutcome === SELECTOR_ERROR) {
        trace('repository-error', `repository ${rule.repository.error}`);
        stopped = true;
      } else if (repositoryOutcome !== SELECTED) trace('repository-not-selected');
      else if (rule.tag === null) trace('no-tag-selector');
      else {
        const tagOutcome = select(rule.tag, repository, tags, untaggedAnswer(set, rule.tag.selector.decoration));
        if (tagOutcome === SELECTOR_ERROR) {
          trace('tag-error', `tag ${rule.tag.error}`);
          stopped = true;
        } else if (tagOutcome === SELECTED) {
          trace('decided');
          stopped = true;
        } else trace('tags-not-selected');
      }
    }
  }
  return traces;
}

/**
 * A decision function for streams of candidates (the `eval` command, benchmarks): the fast path of
 * decision-cache.ts, with the full `decide` rerun only to word an error.
 */
export function createDecider(set: CompiledRuleSet): (repository: string, tags: readonly string[], path?: DecisionPath) => Decision {
  const cache = new DecisionCache(set);
  const decided: Decision[] = set.rules.map((rule) => Object.freeze({ immutable: true, rule, error: null }));
  return (repositoryName, tags, path = pathOf(tags)) => {
    const repository = judgedName(set, repositoryName, path);
    const verdict = cache.verdict(repository, tags);
    if (verdict >= 0) return decided[verdict]!;
    return verdict === VERDICT_MUTABLE ? MUTABLE : decide(set, repositoryName, tags, path);
  };
}

/** Plain-JSON decision for scripts: the `eval` command's line format. */
export interface DecisionRecord {
  immutable: boolean;
  rule: number | null;
  error: string | null;
}

export function toDecisionRecord(decision: Decision): DecisionRecord {
  return {
    immutable: decision.immutable,
    rule: decision.rule?.rule.id ?? null,
    error: decision.error?.message ?? null,
  };
}

/** One-shot decision over wire rule objects (compiles each call: for tests and one-off use). */
export function decideRules(
  wireRules: readonly unknown[],
  repository: string,
  tags: readonly string[],
  dialect: Dialect,
  profile?: HarborProfile,
  path?: DecisionPath,
): DecisionRecord {
  return toDecisionRecord(decide(compileRuleSet(parseWireRules(wireRules), dialect, profile), repository, tags, path));
}

